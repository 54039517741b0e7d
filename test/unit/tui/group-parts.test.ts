/**
 * The pure parts of the TUI's groups: /group parsing, completion, name lookups, the history
 * layout (system lines, non-friend tags, wrapping) and the history page merge.
 */
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../src/tui/commands/registry.js';
import { findCompletions } from '../../../src/tui/commands/completion.js';
import { parseGroupCommand } from '../../../src/tui/commands/groups.js';
import { layoutGroupHistory } from '../../../src/tui/conversation/history-layout.js';
import { groupMemberLines } from '../../../src/tui/conversation/member-lines.js';
import { findMember, groupEntries } from '../../../src/tui/conversation/group-list.js';
import { displayWidth } from '../../../src/tui/text/text-width.js';
import { placePage } from '../../../src/tui/conversation/history-merge.js';
import { group, groupMessage, member, onion, person } from '../../shared/fake-node/index.js';

const text = (line: { segments: readonly { text: string }[] }): string =>
  line.segments.map((segment) => segment.text).join('');

describe('/group parsing', () => {
  it('reads subcommands and arguments, and says what is wrong', () => {
    expect(parseLine('/group invite bob smith')).toEqual({
      kind: 'command',
      command: { name: 'group', group: { sub: 'invite', argument: 'bob smith' } },
    });
    expect(parseLine('/GROUP Members')).toEqual({
      kind: 'command',
      command: { name: 'group', group: { sub: 'members', argument: '' } },
    });
    expect(parseGroupCommand('')).toMatchObject({ error: expect.stringContaining('Say what to do') as unknown });
    expect(parseGroupCommand('leave now')).toEqual({ error: '/group leave takes no arguments' });
    expect(parseGroupCommand('rename')).toEqual({ error: 'Usage: /group rename <name>' });
    expect(parseGroupCommand('accept')).toEqual({ command: { sub: 'accept', argument: '' } });
  });
});

describe('/group completion', () => {
  const names = { friends: ['alice', 'albert'], members: ['dave', 'dora'], invites: ['chess'] };
  it('completes subcommands, then friends, members or invitations by what the subcommand takes', () => {
    expect(findCompletions('/group re', 9, [], names)?.matches).toEqual(['remove ', 'rename ']);
    expect(findCompletions('/group invite al', 16, [], names)).toEqual({
      start: 14,
      end: 16,
      matches: ['albert', 'alice'],
    });
    expect(findCompletions('/group remove d', 15, [], names)?.matches).toEqual(['dave', 'dora']);
    expect(findCompletions('/group accept c', 15, [], names)?.matches).toEqual(['chess']);
    expect(findCompletions('/group rename x', 15, [], names)).toBe(undefined);
  });
});

describe('group names', () => {
  const members = [
    member(onion(1), { name: 'dave', isFriend: false }),
    member(onion(2), { name: 'Dave', nickname: 'davey' }),
    member(onion(3), { name: 'eve', isFriend: false }),
  ];
  it('finds members by name, tag, fingerprint or address, and says when a name is ambiguous', () => {
    expect(findMember('eve', members)).toEqual({ found: members[2] });
    expect(findMember(`dave·${onion(1).slice(0, 4)}`, members)).toEqual({ found: members[0] });
    expect(findMember(onion(2).slice(0, 8), members)).toEqual({ found: members[1] });
    expect(findMember('dav', members)).toMatchObject({ error: expect.stringContaining('could be') as unknown });
    expect(findMember('zed', members)).toEqual({ error: 'No member called "zed".' });
  });

  it('numbers groups after the contacts, groups we left last', () => {
    const entries = groupEntries(
      [group(1, { name: 'zeta' }), group(2, { name: 'alpha', isMember: false }), group(3, { name: 'beta' })],
      4,
    );
    expect(entries.map((entry) => [entry.number, entry.name])).toEqual([
      [4, 'beta'],
      [5, 'zeta'],
      [6, 'alpha'],
    ]);
  });
});

describe('group layout', () => {
  const stranger = person(onion(4), { name: 'mallory', isFriend: false });
  const friend = person(onion(1), { name: 'announced', nickname: 'alice' });
  const id = group(1).id;
  const at = new Date(2025, 5, 3, 10, 0).getTime();

  it('tags non-friends, names friends by nickname, and writes system lines', () => {
    const lines = layoutGroupHistory(
      [
        {
          type: 'system',
          id: 'a'.repeat(64),
          groupId: id,
          event: 'removed',
          actor: friend,
          target: stranger,
          createdAt: at,
        },
        groupMessage(id, stranger, 'hi', at),
        groupMessage(id, friend, 'hello', at),
        groupMessage(id, person('me', { isSelf: true }), 'yo', at),
      ],
      { width: 60 },
    ).map(text);
    const tag = `·${onion(4).slice(0, 4)}`;
    expect(lines[0]).toMatch(/─ Tue 3 Jun 2025 ─/);
    expect(lines[1]).toBe(`10:00 * mallory${tag} was removed by alice`);
    expect(lines[2]).toBe(`10:00 mallory${tag} hi`);
    expect(lines[3]).toMatch(/^10:00 alice +hello$/);
    expect(lines[4]).toMatch(/^10:00 me +yo$/);
  });

  it('wraps long messages and system lines within the width', () => {
    const long = groupMessage(id, friend, 'word '.repeat(40), at);
    const renamed = {
      type: 'system' as const,
      id: 'b'.repeat(64),
      groupId: id,
      event: 'renamed' as const,
      actor: stranger,
      name: 'a very long group name indeed',
      createdAt: at,
    };
    for (const line of layoutGroupHistory([long, renamed], { width: 32 }))
      expect(displayWidth(text(line))).toBeLessThanOrEqual(32);
    const members = groupMemberLines(
      group(1, { members: [member(onion(4), { name: 'mallory', isFriend: false, isAdmin: true })] }),
      32,
    ).map(text);
    expect(members[0]).toBe('1 member of group 1');
    expect(members[1]).toMatch(/^★ mallory·\w{4} {2}\w{4} \w{4} *$/);
    expect(members[2]).toBe('    not a friend: the name is');
    for (const line of members) expect(displayWidth(line)).toBeLessThanOrEqual(32);
  });

  it('puts a fresh newest page after older entries held', () => {
    const [a, b, c] = [
      groupMessage(id, friend, 'a', at),
      groupMessage(id, friend, 'b', at),
      groupMessage(id, friend, 'c', at),
    ];
    expect(placePage([a, c], [b, c]).map((entry) => entry.id)).toEqual([a.id, b.id, c.id]);
  });
});
