/**
 * Human-readable output of `burrow ctl group …` (the `--json` forms print the node API's shapes
 * as they are). Group names, announced member names and message text are peer-chosen: each
 * goes through terminalSafe. A member who is not our friend is shown with the name they
 * announced, their fingerprint and "not a friend"; a friend under our nickname if we set one.
 */
import type { GroupEntryView, GroupInviteView, GroupPersonView, GroupView } from '../feature/api.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import { describeTimerChange, lifecycleMarks, reactionMarks } from '../../chat/ctl/format.js';

/** Hex characters of a group id shown in lists: enough to name it in a command. */
export const SHORT_GROUP_ID_CHARS = 12;

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/**
 * A person as one line names them: `ada (fy6t dzhy)`, `bob (pg6m mjiy, not a friend)`, `me`,
 * and `bob (x3kq 7pla, name like another member's)` when two would read the same.
 */
export function formatPerson(person: GroupPersonView): string {
  if (person.isSelf) return 'me';
  const name = terminalSafe(person.nickname ?? person.name) || '(no name)';
  const notes = [
    terminalSafe(person.fingerprint),
    ...(person.isFriend ? [] : ['not a friend']),
    ...(person.lookalike === true ? ["name like another member's"] : []),
  ];
  return `${name} (${notes.join(', ')})`;
}

/** One line per group: id prefix, name, member count, your role, unread count. */
export function formatGroups(groups: readonly GroupView[]): string {
  if (groups.length === 0) return '(no groups yet: create one with `burrow ctl group create <name>`)';
  return groups
    .map((group) => {
      const role = !group.isMember ? 'left' : group.isAdmin ? 'admin' : 'member';
      const unread = group.unread > 0 ? `  (${group.unread} unread)` : '';
      return `${group.id.slice(0, SHORT_GROUP_ID_CHARS)}  ${terminalSafe(group.name)}  ${group.members.length} members, ${role}${unread}`;
    })
    .join('\n');
}

/** A group with every member (★ admin), fingerprints and addresses, and who is invited. */
export function formatGroup(group: GroupView): string {
  const lines = [
    `group     ${terminalSafe(group.name)}`,
    `id        ${group.id}`,
    `you       ${!group.isMember ? 'left the group' : group.isAdmin ? 'admin' : 'member'}`,
  ];
  lines.push(`members   ${group.members.length}`);
  for (const member of group.members) {
    const warning = member.equivocated === true ? '  (signed two versions of a message)' : '';
    lines.push(`  ${member.isAdmin ? '★' : ' '} ${formatPerson(member)}  ${member.onion}${warning}`);
  }
  if (group.invited.length > 0) lines.push(`invited   ${group.invited.join(', ')}`);
  return lines.join('\n');
}

/** One line per invitation: its id, the group's name and size, who sent it. */
export function formatInvites(invites: readonly GroupInviteView[]): string {
  if (invites.length === 0) return '(no group invitations)';
  return invites
    .map((invite) => {
      const inviter =
        invite.inviterName === undefined ? invite.inviter : `${terminalSafe(invite.inviterName)} (${invite.inviter})`;
      return `${invite.id}  "${terminalSafe(invite.groupName)}"  ${invite.memberCount} members, from ${inviter}`;
    })
    .join('\n');
}

/** What a system line says after its actor. */
function systemText(entry: Extract<GroupEntryView, { type: 'system' }>): string {
  const target = entry.target === undefined ? 'someone' : formatPerson(entry.target);
  const name = `"${terminalSafe(entry.name ?? '')}"`;
  switch (entry.event) {
    case 'created':
      return `created the group ${name}`;
    case 'added':
      return `added ${target}`;
    case 'removed':
      return `removed ${target}`;
    case 'left':
      return 'left the group';
    case 'admin':
      return `made ${target} an admin`;
    case 'renamed':
      return `renamed the group to ${name}`;
  }
}

/** One history line: `[time] <sender> text`, or `[time] * actor did something` for a system line. */
export function formatEntry(entry: GroupEntryView): string {
  if (entry.type === 'message') {
    const head = `[${when(entry.createdAt)}]`;
    if (entry.timer !== undefined) return `${head} * ${formatPerson(entry.sender)} ${describeTimerChange(entry.timer)}`;
    const text =
      entry.deleted === true
        ? '(message deleted)'
        : terminalSafe(entry.text, { multiline: true }).replace(/\n/g, '\n    ');
    const edited = entry.edited === true ? ' (edited)' : '';
    return `${head} <${formatPerson(entry.sender)}> ${lifecycleMarks(entry)}${text}${edited}${reactionMarks(entry)}`;
  }
  return `[${when(entry.createdAt)}] * ${formatPerson(entry.actor)} ${systemText(entry)}`;
}

/** A group's history, one {@link formatEntry} line per entry. */
export function formatGroupHistory(entries: readonly GroupEntryView[]): string {
  if (entries.length === 0) return '(no messages)';
  return entries.map(formatEntry).join('\n');
}
