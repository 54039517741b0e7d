/** `burrow ctl` commands of 1:1 chat: send, history, read. */
import type { MessageView } from '../feature/api.js';
import { onionCommand, type CtlCommand } from '../../cli/ctl-command.js';
import { UsageError } from '../../cli/usage-error.js';
import { formatHistory, formatMessage } from './format.js';
import { LIFECYCLE_CTL_COMMANDS } from './lifecycle-ctl-commands.js';
import { parseDeliveryWait, watchDelivery } from './delivery-wait.js';

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500)
    throw new UsageError('--limit must be a whole number from 1 to 500.');
  return limit;
}

/** The chat commands, spread into the ctl table (cli/ctl.ts). */
export const CHAT_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  send: {
    usage: 'send <onion> <text> [--reply-to ID] [--wait DURATION]',
    summary: 'send a message to a friend (a reply quotes one; --wait: until delivered, else exit 7)',
    minArgs: 2,
    maxArgs: 2,
    joinRest: true,
    flags: ['reply-to', 'wait'],
    run: async (client, [onion = '', text = ''], flags, output) => {
      const replyTo = flags['reply-to'];
      const waitSeconds = flags['wait'] === undefined ? undefined : parseDeliveryWait(flags['wait']);
      const untilDelivered = waitSeconds === undefined ? undefined : await watchDelivery(client, waitSeconds);
      const sent = (await client.call('send', {
        onion,
        text,
        ...(replyTo === undefined ? {} : { replyTo }),
      })) as MessageView;
      const message = untilDelivered === undefined ? sent : await untilDelivered(sent);
      return output.print(message, () => formatMessage(message));
    },
  },
  history: {
    usage: 'history <onion> [--limit N] [--before ID]',
    summary: 'the conversation, oldest first (default the last 50)',
    minArgs: 1,
    maxArgs: 1,
    flags: ['limit', 'before'],
    run: async (client, [onion = ''], flags, output) => {
      const params = {
        onion,
        ...(flags['limit'] === undefined ? {} : { limit: parseLimit(flags['limit']) }),
        ...(flags['before'] === undefined ? {} : { before: flags['before'] }),
      };
      const messages = (await client.call('history', params)) as MessageView[];
      return output.print(messages, () => formatHistory(messages));
    },
  },
  read: onionCommand('read', 'mark a conversation read'),
  ...LIFECYCLE_CTL_COMMANDS,
};
