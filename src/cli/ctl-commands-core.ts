/** `burrow ctl` commands for contacts and 1:1 chat. */
import type { ContactView, MessageView, NodeStatus } from '../node/api.js';
import type { CtlCommand } from './ctl-command.js';
import { formatContacts, formatHistory, formatMessage, formatRequests, formatStatus } from './format.js';
import { UsageError } from './usage-error.js';

function onionCommand(name: 'reject' | 'remove' | 'read', summary: string): CtlCommand {
  return {
    usage: `${name} <onion>`,
    summary,
    minArgs: 1,
    maxArgs: 1,
    run: async (client, [onion = ''], _flags, output) => output.print(await client.call(name, { onion }), () => `${name}: done`),
  };
}

function contactCommand(name: 'accept' | 'block', summary: string): CtlCommand {
  return {
    usage: `${name} <onion>`,
    summary,
    minArgs: 1,
    maxArgs: 1,
    run: async (client, [onion = ''], _flags, output) => {
      const contact = (await client.call(name, { onion })) as ContactView;
      return output.print(contact, () => `${contact.onion}: ${contact.state}`);
    },
  };
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500.');
  return limit;
}

export const CORE_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  status: {
    usage: 'status',
    summary: 'your address, Tor state, friends online',
    minArgs: 0,
    maxArgs: 0,
    run: async (client, _args, _flags, output) => {
      const status = (await client.call('status')) as NodeStatus;
      return output.print(status, () => formatStatus(status));
    },
  },
  contacts: {
    usage: 'contacts',
    summary: 'friends, pending requests and blocked contacts',
    minArgs: 0,
    maxArgs: 0,
    run: async (client, _args, _flags, output) => {
      const contacts = (await client.call('contacts')) as ContactView[];
      return output.print(contacts, () => formatContacts(contacts));
    },
  },
  requests: {
    usage: 'requests',
    summary: 'incoming contact requests',
    minArgs: 0,
    maxArgs: 0,
    run: async (client, _args, _flags, output) => {
      const requests = (await client.call('requests')) as ContactView[];
      return output.print(requests, () => formatRequests(requests));
    },
  },
  add: {
    usage: 'add <onion> <message>',
    summary: 'send a contact request with a short message',
    minArgs: 2,
    maxArgs: 2,
    joinRest: true,
    run: async (client, [onion = '', message = ''], _flags, output) =>
      output.print(await client.call('add', { onion, message }), () => `contact request queued for ${onion}`),
  },
  accept: contactCommand('accept', 'accept a contact request'),
  reject: onionCommand('reject', 'reject a contact request'),
  block: contactCommand('block', 'block an address (its connections are dropped)'),
  remove: onionCommand('remove', 'remove a contact and your conversation with them'),
  nick: {
    usage: 'nick <onion> <name>',
    summary: 'set a local nickname',
    minArgs: 2,
    maxArgs: 2,
    joinRest: true,
    run: async (client, [onion = '', nickname = ''], _flags, output) => {
      const contact = (await client.call('nick', { onion, nickname })) as ContactView;
      return output.print(contact, () => `${contact.onion} is now "${contact.nickname ?? ''}"`);
    },
  },
  send: {
    usage: 'send <onion> <text>',
    summary: 'send a message to a friend',
    minArgs: 2,
    maxArgs: 2,
    joinRest: true,
    run: async (client, [onion = '', text = ''], _flags, output) => {
      const message = (await client.call('send', { onion, text })) as MessageView;
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
};
