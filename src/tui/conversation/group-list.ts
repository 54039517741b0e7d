/**
 * The sidebar's groups, pure: their order and numbers (after the contacts', so Alt+number
 * reaches them too), the key that selects a group in the main screen, and how a name the user
 * typed finds a group, an invitation or a member.
 *
 * Order: groups we are in, by name; then groups we left or were removed from (their history
 * stays readable), by name.
 */
import type { GroupInviteView, GroupMemberView, GroupPersonView, GroupView } from '../../groups/feature/api.js';
import { findByName, type Found } from './find-by-name.js';

/** What the main screen's selection holds for a group (contacts are selected by onion address, which never starts so). */
export const GROUP_KEY_PREFIX = 'group:';

/** One group row of the sidebar. */
export interface GroupEntry {
  readonly group: GroupView;
  /** The group's name, or a stand-in for an empty one. */
  readonly name: string;
  /** 1-based position in the sidebar, after the contacts. */
  readonly number: number;
  /** The selection key: {@link groupKey}. */
  readonly key: string;
}

/** The selection key of a group. */
export function groupKey(groupId: string): string {
  return GROUP_KEY_PREFIX + groupId;
}

/** The group entries, numbered from `firstNumber`. */
export function groupEntries(groups: readonly GroupView[], firstNumber: number): GroupEntry[] {
  const sorted = [...groups].sort(
    (a, b) => Number(b.isMember) - Number(a.isMember) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  return sorted.map((group, index) => ({
    group,
    name: group.name.trim() === '' ? `group ${group.id.slice(0, 8)}` : group.name,
    number: firstNumber + index,
    key: groupKey(group.id),
  }));
}

/**
 * How a person is named in a group: our nickname for a friend, else the name they announced;
 * the name alone never identifies someone who is not a friend, so {@link personTag} goes with it.
 */
export function personName(person: GroupPersonView): string {
  const name = person.nickname ?? person.name;
  return name.trim() === '' ? person.fingerprint : name;
}

/**
 * The mark after a name: '·' and the start of their address, for someone who is not a friend
 * and for anyone whose name reads like another person's in the group (empty otherwise, and for us).
 */
export function personTag(person: GroupPersonView): string {
  if (person.isSelf || (person.isFriend && person.lookalike !== true)) return '';
  return `·${person.fingerprint.replace(/\s+/g, '').slice(0, 4)}`;
}

/** A member by name (as shown, with or without the tag), fingerprint or onion address. */
export function findMember(typed: string, members: readonly GroupMemberView[]): Found<GroupMemberView> {
  return findByName(typed, members, {
    labels: (member) => [
      personName(member),
      personName(member) + personTag(member),
      member.fingerprint,
      member.fingerprint.replace(' ', ''),
      member.onion,
    ],
    what: 'member',
    describe: (member) => personName(member) + personTag(member),
    normalize: collapseSpaces,
    hint: 'type more of it.',
  });
}

/** An invitation by the group's name, its id, or the inviter's name. */
export function findInvite(typed: string, invites: readonly GroupInviteView[]): Found<GroupInviteView> {
  return findByName(typed, invites, {
    labels: (invite) => [invite.groupName, invite.id, invite.inviterName ?? invite.inviter],
    what: 'invitation',
    describe: (invite) => `"${invite.groupName}"`,
    normalize: collapseSpaces,
    hint: 'type more of it.',
  });
}

function collapseSpaces(typed: string): string {
  return typed.replace(/\s+/g, ' ');
}
