/** `burrow ctl` commands that take 1:1 messages back: edit, delete, react, timer (docs/PROTOCOL.md "Message lifecycle"). */
import type { MessageView } from '../feature/api.js';
import type { CtlCommand } from '../../cli/ctl-command.js';
import { printTimerAnswer, reactionParams, runDelete } from '../../cli/lifecycle-verbs.js';
import { formatMessage } from './format.js';

/** The lifecycle commands, spread into the chat table (ctl-commands.ts). */
export const LIFECYCLE_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  edit: {
    usage: 'edit <onion> <message-id> <text>',
    summary: 'replace the text of one of your messages, for both of you',
    minArgs: 3,
    maxArgs: 3,
    joinRest: true,
    run: async (client, [onion = '', id = '', text = ''], _flags, output) => {
      const message = (await client.call('edit', { onion, id, text })) as MessageView;
      return output.print(message, () => formatMessage(message));
    },
  },
  delete: {
    usage: 'delete <onion> <message-id> [--for-everyone]',
    summary: 'delete a message here, or one of yours for both of you',
    minArgs: 2,
    maxArgs: 2,
    flags: ['for-everyone'],
    run: (client, [onion = '', id = ''], flags, output) =>
      runDelete(client, 'delete', { onion, id }, flags['for-everyone'] !== undefined, output),
  },
  react: {
    usage: 'react <onion> <message-id> <emoji|--remove>',
    summary: 'react to a message with one emoji, or remove your reaction',
    minArgs: 2,
    maxArgs: 3,
    flags: ['remove'],
    run: async (client, [onion = '', id = '', emoji], flags, output) => {
      const params = { onion, id, ...reactionParams(emoji, flags['remove'] !== undefined) };
      const message = (await client.call('react', params)) as MessageView;
      return output.print(message, () => formatMessage(message));
    },
  },
  timer: {
    usage: 'timer <onion> [<duration>|off]',
    summary: 'show or set when messages disappear (e.g. 30s, 5m, 1h, 1d, 1w, off)',
    minArgs: 1,
    maxArgs: 2,
    run: async (client, [onion = '', duration], _flags, output) => {
      const answer = await client.call('timer', { onion, ...(duration === undefined ? {} : { duration }) });
      return printTimerAnswer(answer, duration === undefined, output, formatMessage);
    },
  },
};
