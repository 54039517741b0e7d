/**
 * A group's member list view (/group members), pure, in the pane's line format: admins first
 * (★), each with their fingerprint, friends and non-friends told apart.
 */
import type { GroupView } from '../../groups/feature/api.js';
import type { DisplayLine, Segment } from '../text/display-line.js';
import { truncateEnd, wrapText } from '../text/text-width.js';
import { wrapSegments } from './history-layout.js';
import { personLabel } from './history-item.js';

/** The member list of `group` at `columns`. */
export function groupMemberLines(group: GroupView, columns: number): DisplayLine[] {
  const lines: DisplayLine[] = [
    {
      key: 'members-title',
      segments: [
        {
          text: truncateEnd(
            `${group.members.length} member${group.members.length === 1 ? '' : 's'} of ${group.name}`,
            columns,
          ),
          tone: 'me',
        },
      ],
    },
  ];
  for (const member of group.members) {
    const status = member.isSelf ? 'you' : member.isFriend ? 'friend' : 'not a friend: the name is theirs to choose';
    const segments: Segment[] = [
      { text: member.isAdmin ? '★ ' : '  ', tone: 'flag' },
      ...personLabel(member),
      { text: `  ${member.fingerprint}  `, tone: 'time' },
      { text: status, tone: member.isFriend || member.isSelf ? 'time' : 'flag' },
      ...(member.equivocated === true
        ? [{ text: '  ⚠ signed two versions of a message: others may see a different line', tone: 'flag' as const }]
        : []),
    ];
    wrapSegments(segments, Math.max(1, columns - 4)).forEach((row, index) =>
      lines.push({
        key: `member-${member.onion}-${index}`,
        segments: index === 0 ? row : [{ text: '    ', tone: 'text' }, ...row],
      }),
    );
  }
  if (group.invited.length > 0)
    lines.push({
      key: 'invited',
      segments: [{ text: truncateEnd(`Invited, no answer yet: ${group.invited.length}`, columns), tone: 'time' }],
    });
  if (!group.isMember)
    lines.push({
      key: 'left',
      segments: [{ text: 'You are no longer a member: the history stays, nothing new arrives.', tone: 'time' }],
    });
  wrapText(
    'Esc closes · ★ admin · ·abcd: start of their address (not your friend, or a name like another)',
    Math.max(1, columns),
  ).forEach((text, index) => lines.push({ key: `members-keys-${index}`, segments: [{ text, tone: 'time' }] }));
  return lines;
}
