/**
 * `burrow ctl group edit|delete|react|timer`: taking group messages back (docs/PROTOCOL.md
 * "Message lifecycle in groups"); `group send --reply-to` is in ctl-commands.ts. A message is
 * named by its id or a prefix of it, as `group history --json` gives it.
 */
import { printTimerAnswer, reactionParams, runDelete } from '../../cli/lifecycle-verbs.js';
import type { GroupMessageView } from '../feature/api.js';
import { formatEntry } from './format.js';
import type { Subcommand } from './subcommand.js';

/** The lifecycle subcommands, spread into the group table. */
export const GROUP_LIFECYCLE_SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  edit: {
    usage: 'edit <group> <message-id> <text>',
    summary: 'replace the text of one of your messages, for every member',
    args: 3,
    rest: true,
    run: async (client, [group = '', id = '', text = ''], _flags, output) => {
      const message = (await client.call('group.edit', { group, id, text })) as GroupMessageView;
      return output.print(message, () => formatEntry(message));
    },
  },
  delete: {
    usage: 'delete <group> <message-id> [--for-everyone]',
    summary: 'delete a message here, or for everyone (yours; anyone’s for admins)',
    args: 2,
    flags: ['for-everyone'],
    run: (client, [group = '', id = ''], flags, output) =>
      runDelete(client, 'group.delete', { group, id }, flags['for-everyone'] !== undefined, output),
  },
  react: {
    usage: 'react <group> <message-id> <emoji|--remove>',
    summary: 'react to a message with one emoji, or remove your reaction',
    args: 3,
    optional: 1,
    flags: ['remove'],
    run: async (client, [group = '', id = '', emoji], flags, output) => {
      const params = { group, id, ...reactionParams(emoji, flags['remove'] !== undefined) };
      const message = (await client.call('group.react', params)) as GroupMessageView;
      return output.print(message, () => formatEntry(message));
    },
  },
  timer: {
    usage: 'timer <group> [<duration>|off]',
    summary: 'show or set (admins) when messages disappear (e.g. 30s, 5m, 1h, 1d, 1w, off)',
    args: 2,
    optional: 1,
    run: async (client, [group = '', duration], _flags, output) => {
      const answer = await client.call('group.timer', { group, ...(duration === undefined ? {} : { duration }) });
      return printTimerAnswer(answer, duration === undefined, output, formatEntry);
    },
  },
};
