/** `burrow ctl` commands of contacts: the list, requests and their answers, nicknames. */
import type { ContactView } from '../feature/api.js';
import { onionCommand, type CtlCommand } from '../../cli/ctl-command.js';
import { formatContacts, formatRequests } from './format.js';

/** A command that changes one contact and prints its new state. */
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

/** The contact commands, spread into the ctl table (cli/ctl.ts). */
export const CONTACT_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
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
};
