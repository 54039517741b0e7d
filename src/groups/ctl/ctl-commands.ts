/**
 * `burrow ctl group <subcommand> …`: group chat from scripts. A group is named by its
 * id, a prefix of it (as `group list` shows), or its name when only one group has it; an
 * invitation by its id or a prefix; a member by their onion address or its first characters
 * (a fingerprint as shown works too).
 */
import type { DaemonClient } from '../../daemon/client.js';
import type { GroupEntryView, GroupInviteView, GroupMessageView, GroupView } from '../feature/api.js';
import type { CtlCommand, CtlOutput } from '../../cli/ctl-command.js';
import { formatEntry, formatGroup, formatGroupHistory, formatGroups, formatInvites } from './format.js';
import { UsageError } from '../../cli/usage-error.js';
import { GROUP_LIFECYCLE_SUBCOMMANDS } from './lifecycle-subcommands.js';
import type { Flags, Subcommand } from './subcommand.js';

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500)
    throw new UsageError('--limit must be a whole number from 1 to 500.');
  return limit;
}

/** A subcommand whose answer is a group. */
function groupChange(
  usage: string,
  summary: string,
  method: string,
  params: (args: readonly string[]) => Record<string, string>,
  done: (group: GroupView, args: readonly string[]) => string,
): Subcommand {
  return {
    usage,
    summary,
    args: usage.split(' ').filter((word) => word.startsWith('<')).length,
    rest: usage.endsWith('<name>'),
    run: async (client, args, _flags, output) => {
      const group = (await client.call(method, params(args))) as GroupView;
      return output.print(group, () => done(group, args));
    },
  };
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  list: {
    usage: 'list',
    summary: 'your groups (id prefix, name, members, unread)',
    args: 0,
    run: async (client, _args, _flags, output) => {
      const groups = (await client.call('group.list')) as GroupView[];
      return output.print(groups, () => formatGroups(groups));
    },
  },
  create: groupChange(
    'create <name>',
    'create a group; you are its admin',
    'group.create',
    ([name = '']) => ({ name }),
    (group) => `created ${group.id}\n${formatGroup(group)}`,
  ),
  invite: groupChange(
    'invite <group> <onion>',
    'invite a friend (admins only; sent when they are online)',
    'group.invite',
    ([group = '', onion = '']) => ({ group, onion }),
    (group, [, onion = '']) => `invited ${onion} to ${formatGroups([group])}`,
  ),
  invitations: {
    usage: 'invitations',
    summary: 'invitations waiting for your answer',
    args: 0,
    run: async (client, _args, _flags, output) => {
      const invites = (await client.call('group.invitations')) as GroupInviteView[];
      return output.print(invites, () => formatInvites(invites));
    },
  },
  accept: {
    usage: 'accept <invite>',
    summary: 'accept an invitation (the group arrives when the inviter is online)',
    args: 1,
    run: async (client, [invite = ''], _flags, output) => {
      const accepted = (await client.call('group.accept', { invite })) as GroupInviteView;
      return output.print(accepted, () => `accepted: ${formatInvites([accepted])}`);
    },
  },
  decline: {
    usage: 'decline <invite>',
    summary: 'decline an invitation',
    args: 1,
    run: async (client, [invite = ''], _flags, output) =>
      output.print(await client.call('group.decline', { invite }), () => 'declined'),
  },
  leave: groupChange(
    'leave <group>',
    'leave a group',
    'group.leave',
    ([group = '']) => ({ group }),
    (group) => `left ${formatGroups([group])}`,
  ),
  remove: groupChange(
    'remove <group> <member>',
    'remove a member (admins only); the key rotates away from them',
    'group.remove',
    ([group = '', member = '']) => ({ group, member }),
    (group) => formatGroup(group),
  ),
  admin: groupChange(
    'admin <group> <member>',
    'make a member an admin (admins only)',
    'group.admin',
    ([group = '', member = '']) => ({ group, member }),
    (group) => formatGroup(group),
  ),
  rename: groupChange(
    'rename <group> <name>',
    'rename a group (admins only)',
    'group.rename',
    ([group = '', name = '']) => ({ group, name }),
    (group) => formatGroups([group]),
  ),
  members: {
    usage: 'members <group>',
    summary: 'the members, admins marked ★, non-friends marked',
    args: 1,
    run: async (client, [group = ''], _flags, output) => {
      const found = (await client.call('group.get', { group })) as GroupView;
      return output.print(found, () => formatGroup(found));
    },
  },
  send: {
    usage: 'send <group> <text> [--reply-to <message-id>]',
    summary: 'post to a group (a reply to one message with --reply-to)',
    args: 2,
    rest: true,
    flags: ['reply-to'],
    run: async (client, [group = '', text = ''], flags, output) => {
      const replyTo = flags['reply-to'];
      const params = { group, text, ...(replyTo === undefined ? {} : { replyTo }) };
      const message = (await client.call('group.send', params)) as GroupMessageView;
      return output.print(message, () => formatEntry(message));
    },
  },
  history: {
    usage: 'history <group> [--limit N] [--before ID]',
    summary: 'messages and membership changes, in display order',
    args: 1,
    flags: ['limit', 'before'],
    run: async (client, [group = ''], flags, output) => {
      const params = {
        group,
        ...(flags['limit'] === undefined ? {} : { limit: parseLimit(flags['limit']) }),
        ...(flags['before'] === undefined ? {} : { before: flags['before'] }),
      };
      const entries = (await client.call('group.history', params)) as GroupEntryView[];
      return output.print(entries, () => formatGroupHistory(entries));
    },
  },
  read: {
    usage: 'read <group>',
    summary: "mark a group's messages read",
    args: 1,
    run: async (client, [group = ''], _flags, output) =>
      output.print(await client.call('group.read', { group }), () => 'read: done'),
  },
  ...GROUP_LIFECYCLE_SUBCOMMANDS,
};

function usage(): string {
  const width = Math.max(...Object.values(SUBCOMMANDS).map((sub) => sub.usage.length));
  return `Usage: burrow ctl group <subcommand> …\n${Object.values(SUBCOMMANDS)
    .map((sub) => `  group ${sub.usage.padEnd(width)}  ${sub.summary}`)
    .join('\n')}`;
}

async function runGroup(
  client: DaemonClient,
  args: readonly string[],
  flags: Flags,
  output: CtlOutput,
): Promise<number> {
  const [name = 'list', ...rest] = args;
  if (name === 'help') {
    console.log(usage());
    return 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (sub === undefined) throw new UsageError(`unknown group subcommand "${name}".\n${usage()}`);
  const wrongFlag = Object.keys(flags).find((flag) => flags[flag] !== undefined && !(sub.flags ?? []).includes(flag));
  if (wrongFlag !== undefined)
    throw new UsageError(`--${wrongFlag} does not go with \`group ${name}\`. Usage: burrow ctl group ${sub.usage}`);
  if (rest.length < sub.args - (sub.optional ?? 0) || (sub.rest !== true && rest.length > sub.args))
    throw new UsageError(`wrong number of arguments. Usage: burrow ctl group ${sub.usage}`);
  const joined =
    sub.rest === true && rest.length > sub.args
      ? [...rest.slice(0, sub.args - 1), rest.slice(sub.args - 1).join(' ')]
      : rest;
  return sub.run(client, joined, flags, output);
}

/** The `group` command, spread into ctl.ts's COMMANDS. */
export const GROUP_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  group: {
    usage: 'group <subcommand> …',
    summary: `group chat: ${Object.keys(SUBCOMMANDS).join(', ')} (see \`burrow ctl group help\`)`,
    minArgs: 0,
    maxArgs: Number.MAX_SAFE_INTEGER,
    flags: [...new Set(Object.values(SUBCOMMANDS).flatMap((sub) => sub.flags ?? []))],
    subcommands: SUBCOMMANDS,
    run: (client, args, flags, output) => runGroup(client, args, flags, output),
  },
};
