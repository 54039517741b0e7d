/**
 * `/group <subcommand> [argument]`: group chat from the input line. Creating a group and
 * answering invitations work anywhere; the rest act on the open group. Tab completes the
 * subcommand, then its argument: a friend's name for `invite`, a member's for `remove` and
 * `admin`, an invitation's group name for `accept` and `decline`. Names resolve when the
 * command runs (group-list.ts).
 */
import type { GroupInviteView } from '../../groups/feature/api.js';
import { resolveTarget } from '../conversation/contact-list.js';
import { findInvite, findMember, groupKey, personName, personTag } from '../conversation/group-list.js';
import type { Completions } from '../input/completions.js';
import {
  failure,
  info,
  truncateWord,
  type CommandContext,
  type CommandOutcome,
  type CompletionNames,
  type SlashCommand,
} from './command.js';

/** What a subcommand's argument names, for Tab completion. */
export type GroupArgumentKind = 'friend' | 'member' | 'invite' | 'text' | 'none';

/** The words that may follow `/group`. */
export type GroupSubcommand =
  'create' | 'invite' | 'invites' | 'accept' | 'decline' | 'members' | 'remove' | 'admin' | 'rename' | 'leave';

/** One `/group` subcommand. */
export interface GroupSubcommandSpec {
  readonly sub: GroupSubcommand;
  readonly usage: string;
  readonly summary: string;
  readonly argument: GroupArgumentKind;
  /** Whether the argument must be given (else it defaults, e.g. to the only invitation). */
  readonly required: boolean;
}

/** A parsed `/group` command: the subcommand and its argument ('' when none was given). */
export interface GroupCommand {
  readonly sub: GroupSubcommand;
  readonly argument: string;
}

/** Every subcommand, in the order /help lists them. */
export const GROUP_SUBCOMMANDS: readonly GroupSubcommandSpec[] = [
  {
    sub: 'create',
    usage: '/group create <name>',
    summary: 'create a group and open it; you are its admin',
    argument: 'text',
    required: true,
  },
  {
    sub: 'invite',
    usage: '/group invite <friend>',
    summary: 'invite a friend to the open group (admins)',
    argument: 'friend',
    required: true,
  },
  {
    sub: 'invites',
    usage: '/group invites',
    summary: 'list invitations waiting for your answer',
    argument: 'none',
    required: false,
  },
  {
    sub: 'accept',
    usage: '/group accept [group]',
    summary: 'accept an invitation (default: the only one)',
    argument: 'invite',
    required: false,
  },
  {
    sub: 'decline',
    usage: '/group decline [group]',
    summary: 'decline an invitation',
    argument: 'invite',
    required: false,
  },
  {
    sub: 'members',
    usage: '/group members',
    summary: 'show who is in the open group (Esc closes)',
    argument: 'none',
    required: false,
  },
  {
    sub: 'remove',
    usage: '/group remove <member>',
    summary: 'remove a member; the key changes so they read nothing more (admins)',
    argument: 'member',
    required: true,
  },
  {
    sub: 'admin',
    usage: '/group admin <member>',
    summary: 'make a member an admin (admins)',
    argument: 'member',
    required: true,
  },
  {
    sub: 'rename',
    usage: '/group rename <name>',
    summary: 'rename the open group (admins)',
    argument: 'text',
    required: true,
  },
  { sub: 'leave', usage: '/group leave', summary: 'leave the open group', argument: 'none', required: false },
];

/** The spec of a subcommand (case-insensitive). */
export function findGroupSubcommand(word: string): GroupSubcommandSpec | undefined {
  const lower = word.toLowerCase();
  return GROUP_SUBCOMMANDS.find((spec) => spec.sub === lower);
}

/** The subcommands in one line, for usage messages. */
export const GROUP_USAGE = `/group ${GROUP_SUBCOMMANDS.map((spec) => spec.sub).join('|')} …`;

/**
 * Parses what follows `/group`.
 * @example parseGroupCommand('invite bob') // { command: { sub: 'invite', argument: 'bob' } }
 */
export function parseGroupCommand(rest: string): { readonly command: GroupCommand } | { readonly error: string } {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(rest.trim());
  const word = match?.[1] ?? '';
  const argument = (match?.[2] ?? '').trim();
  if (word === '') return { error: `Say what to do: ${GROUP_USAGE} (/help lists them)` };
  const spec = findGroupSubcommand(word);
  if (spec === undefined) return { error: `Unknown group command "${truncateWord(word)}". Usage: ${GROUP_USAGE}` };
  if (spec.argument === 'none' && argument !== '') return { error: `${spec.usage} takes no arguments` };
  if (spec.required && argument === '') return { error: `Usage: ${spec.usage}` };
  return { command: { sub: spec.sub, argument } };
}

/** Completes the subcommand, then its argument from the names its kind takes. */
function completeGroup(line: string, start: number, cursor: number, names: CompletionNames): Completions | undefined {
  const rest = line.slice(start, cursor);
  const subWord = /^(\S*)$/.exec(rest);
  if (subWord !== null) {
    const prefix = (subWord[1] ?? '').toLowerCase();
    const matches = GROUP_SUBCOMMANDS.filter((spec) => spec.sub.startsWith(prefix)).map((spec) => `${spec.sub} `);
    return matches.length === 0 ? undefined : { start, end: cursor, matches };
  }
  const argument = /^(\S+)\s+/.exec(rest);
  const spec = argument === null ? undefined : findGroupSubcommand(argument[1] ?? '');
  if (argument === null || spec === undefined) return undefined;
  const pool =
    spec.argument === 'friend'
      ? names.friends
      : spec.argument === 'member'
        ? names.members
        : spec.argument === 'invite'
          ? names.invites
          : [];
  const from = start + argument[0].length;
  const typed = line.slice(from, cursor).toLowerCase();
  const matches = [...new Set(pool)]
    .filter((name) => name.toLowerCase().startsWith(typed))
    .sort((a, b) => a.localeCompare(b));
  return matches.length === 0 ? undefined : { start: from, end: cursor, matches };
}

const NO_GROUP_OPEN = 'Open a group first (Alt+number or Ctrl+N/Ctrl+P), or create one: /group create <name>.';

function inviteLine(invite: GroupInviteView): string {
  return `"${invite.groupName}" (${invite.memberCount} members) from ${invite.inviterName ?? invite.inviter.slice(0, 8)}`;
}

function chooseInvite(
  command: GroupCommand,
  invites: readonly GroupInviteView[],
): { invite: GroupInviteView } | { error: string } {
  if (command.argument !== '') {
    const found = findInvite(command.argument, invites);
    return 'error' in found ? found : { invite: found.found };
  }
  if (invites.length === 1) return { invite: invites[0]! };
  return {
    error:
      invites.length === 0
        ? 'There is no group invitation waiting.'
        : `Which invitation? /group ${command.sub} <group> (Tab completes).`,
  };
}

/** The subcommands that need no open group. */
async function runAnywhere(
  command: GroupCommand,
  { api, invites }: CommandContext,
): Promise<CommandOutcome | undefined> {
  switch (command.sub) {
    case 'create': {
      const group = await api.groups.create(command.argument);
      return {
        ...info(`Group "${group.name}" created: you are its admin. Invite friends with /group invite <friend>.`),
        select: groupKey(group.id),
      };
    }
    case 'invites':
      return info(
        invites.length === 0
          ? 'No group invitations.'
          : `Invitations: ${invites.map(inviteLine).join('; ')}. /group accept <group> or /group decline <group>.`,
      );
    case 'accept':
    case 'decline': {
      const chosen = chooseInvite(command, invites);
      if ('error' in chosen) return failure(chosen.error);
      if (command.sub === 'decline') {
        await api.groups.decline(chosen.invite.id);
        return info(`Invitation to "${chosen.invite.groupName}" declined.`);
      }
      await api.groups.accept(chosen.invite.id);
      return info(
        `Accepted: "${chosen.invite.groupName}" appears under Groups once the inviter, online, has added you.`,
      );
    }
    default:
      return undefined;
  }
}

/** The subcommands that act on the open group. */
async function runOnOpenGroup(
  command: GroupCommand,
  { api, contacts, openGroup }: CommandContext,
): Promise<CommandOutcome> {
  if (openGroup === undefined) return failure(NO_GROUP_OPEN);
  const group = openGroup.group;
  switch (command.sub) {
    case 'invite': {
      const found = resolveTarget(
        command.argument,
        contacts.filter((entry) => entry.contact.state === 'friend'),
      );
      if ('error' in found) return failure(`${found.error} Only friends can be invited.`);
      await api.groups.invite(group.id, found.contact.onion);
      return info(`Invited to "${openGroup.name}": they get the invitation when they are online.`);
    }
    case 'members':
      return { show: 'members' };
    case 'remove':
    case 'admin': {
      const found = findMember(command.argument, group.members);
      if ('error' in found) return failure(found.error);
      const name = personName(found.found) + personTag(found.found);
      if (command.sub === 'remove') {
        await api.groups.remove(group.id, found.found.onion);
        return info(`${name} removed: the group key changed, so they cannot read what follows.`);
      }
      await api.groups.addAdmin(group.id, found.found.onion);
      return info(`${name} is now an admin.`);
    }
    case 'rename': {
      const renamed = await api.groups.rename(group.id, command.argument);
      return info(`The group is now called "${renamed.name}".`);
    }
    case 'leave':
      await api.groups.leave(group.id);
      return info(`You left "${openGroup.name}". Its history stays here.`);
    default:
      return failure(NO_GROUP_OPEN);
  }
}

/** `/group`, with its subcommands as a help section of their own. */
export const GROUP_COMMAND: SlashCommand<{ readonly name: 'group'; readonly group: GroupCommand }> = {
  name: 'group',
  aliases: [],
  help: {
    usage: '/group <create|invite|accept|members|remove|leave|…>',
    summary: 'group chat: create, invite, answer invitations, manage members (see Group commands)',
    section: {
      title: 'Group commands',
      rows: GROUP_SUBCOMMANDS.map((spec) => ({ left: spec.usage, right: spec.summary })),
    },
  },
  parse(rest) {
    const parsed = parseGroupCommand(rest);
    return 'error' in parsed ? parsed : { command: { name: 'group', group: parsed.command } };
  },
  complete: ({ line, start, cursor }, names) => completeGroup(line, start, cursor, names),
  async run({ group: command }, context) {
    return (await runAnywhere(command, context)) ?? runOnOpenGroup(command, context);
  },
};
