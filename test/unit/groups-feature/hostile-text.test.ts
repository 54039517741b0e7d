/**
 * Peer-chosen group text (group names, announced names, messages) never reaches a terminal with
 * its escape sequences: not through `burrow ctl group` output, not through the TUI's boundary.
 */
import { describe, expect, it } from 'vitest';
import { formatEntry, formatGroup, formatInvites } from '../../../src/groups/ctl/format.js';
import type { GroupMessageView, GroupSystemView, GroupView } from '../../../src/groups/feature/api.js';
import { safeGroupEvent } from '../../../src/tui/safe-groups.js';

const EVIL = 'x\u001b[2J\u001b]0;pwned\u0007\u009b31m';
const person = { onion: 'a'.repeat(56), name: EVIL, fingerprint: 'aaaa aaaa', isFriend: false, isSelf: false };
const group: GroupView = {
  id: 'ab'.repeat(32),
  name: EVIL,
  isMember: true,
  isAdmin: false,
  members: [{ ...person, isAdmin: true }],
  invited: [],
  unread: 0,
};
const message: GroupMessageView = {
  type: 'message',
  id: 'cd'.repeat(32),
  groupId: group.id,
  sender: person,
  text: `${EVIL}\nsecond line`,
  createdAt: 0,
};
const system: GroupSystemView = {
  type: 'system',
  id: 'ef'.repeat(32),
  groupId: group.id,
  event: 'renamed',
  actor: person,
  name: EVIL,
  createdAt: 0,
};

/** Whether `text` holds a control character other than a newline: ESC, BEL, C1 (what moves the cursor, retitles the window, recolours). */
function hasControl(text: string): boolean {
  return [...text].some((character) => {
    const code = character.codePointAt(0)!;
    return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
  });
}

/** Every string inside a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(strings);
}

describe('hostile group text', () => {
  it('is stripped from ctl output, non-friends marked', () => {
    for (const text of [
      formatGroup(group),
      formatEntry(message),
      formatEntry(system),
      formatInvites([
        {
          id: '1'.repeat(32),
          groupId: group.id,
          groupName: EVIL,
          memberCount: 2,
          inviter: person.onion,
          inviterName: EVIL,
          receivedAt: 0,
        },
      ]),
    ]) {
      expect(hasControl(text)).toBe(false);
    }
    expect(formatEntry(message)).toContain('not a friend');
    expect(formatEntry(message)).toContain('\n    second line');
  });

  it('is stripped from every group event the TUI receives', () => {
    const events = [
      safeGroupEvent({ type: 'group', group }),
      safeGroupEvent({ type: 'group-entry', entry: message }),
      safeGroupEvent({ type: 'group-entry', entry: system }),
      safeGroupEvent({
        type: 'group-invite',
        invite: {
          id: '1'.repeat(32),
          groupId: group.id,
          groupName: EVIL,
          memberCount: 2,
          inviter: EVIL,
          inviterName: EVIL,
          receivedAt: 0,
        },
      }),
      safeGroupEvent({ type: 'group-refused', groupId: EVIL, onion: EVIL, error: EVIL }),
    ];
    for (const event of events) for (const text of strings(event)) expect(hasControl(text)).toBe(false);
    const entry = events[1]?.type === 'group-entry' ? events[1].entry : undefined;
    expect(entry?.type === 'message' && entry.text.endsWith('\nsecond line')).toBe(true);
  });
});
