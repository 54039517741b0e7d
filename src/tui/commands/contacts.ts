/**
 * The contact commands: /add sends a contact request, /accept /reject /block /remove act on a
 * contact (named, or the open one), /nick sets our local name for one. Names resolve against
 * the sidebar's entries (contact-list.ts); Tab completes them.
 */
import { parseOnionAddress } from '../../crypto/onion-address.js';
import type { ContactView } from '../../node/api.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import { contactName, resolveTarget } from '../conversation/contact-list.js';
import { matchNames } from '../input/completions.js';
import { MAX_NICKNAME_CHARS } from '../limits.js';
import {
  failure,
  info,
  usageError,
  type CommandContext,
  type CommandHelp,
  type CommandOutcome,
  type SlashCommand,
} from './command.js';

/** A command that takes an optional contact (default: the open conversation, or the only request). */
export type TargetCommandName = 'accept' | 'reject' | 'block' | 'remove';

type AddCommand = { readonly name: 'add'; readonly onion: string; readonly message: string };
type TargetCommand = { readonly name: TargetCommandName; readonly target?: string };
type NickCommand = { readonly name: 'nick'; readonly target?: string; readonly nickname: string };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const ADD_HELP: CommandHelp = {
  usage: '/add <onion> <message>',
  summary: 'send a contact request with a short message (to their address: theirs must be open, yours may be closed)',
};

const add: SlashCommand<AddCommand> = {
  name: 'add',
  aliases: [],
  help: ADD_HELP,
  parse(rest) {
    const [onionWord = ''] = rest.split(/\s+/);
    if (onionWord === '') return usageError(ADD_HELP, 'Give the onion address of the person to add');
    try {
      return {
        command: { name: 'add', onion: parseOnionAddress(onionWord), message: rest.slice(onionWord.length).trim() },
      };
    } catch (error) {
      return { error: errorText(error) };
    }
  },
  async run(command, { api }) {
    const contact = await api.addContact(command.onion, command.message);
    return {
      ...info(
        `Contact request sent to ${contactName(contact)}. They are under "Waiting" until they accept. It goes to their address, so theirs must be open; for someone to add you, open yours (/visibility open 10m).`,
      ),
      select: contact.onion,
    };
  },
};

/** The contact a target command acts on: the one named, else the open one (or, to answer a request, the only request). */
function findContact(
  name: TargetCommandName,
  target: string | undefined,
  context: CommandContext,
): { contact: ContactView } | { error: string } {
  if (target !== undefined) return resolveTarget(target, context.contacts);
  const open = context.openContact?.contact;
  if (name === 'accept' || name === 'reject') {
    if (open?.state === 'incoming-request') return { contact: open };
    const requests = context.contacts.filter((entry) => entry.contact.state === 'incoming-request');
    if (requests.length === 1 && requests[0] !== undefined) return { contact: requests[0].contact };
    return {
      error:
        requests.length === 0
          ? 'There is no contact request waiting.'
          : `Which request? /${name} <name> (Tab completes).`,
    };
  }
  if (open === undefined) return { error: `Which contact? /${name} <name> (Tab completes).` };
  return { contact: open };
}

async function act(name: TargetCommandName, contact: ContactView, { api }: CommandContext): Promise<CommandOutcome> {
  const label = contactName(contact);
  switch (name) {
    case 'accept': {
      if (contact.state !== 'incoming-request') return failure(`${label} has not sent you a contact request.`);
      const accepted = await api.acceptContact(contact.onion);
      return { ...info(`You and ${contactName(accepted)} are now friends.`), select: accepted.onion };
    }
    case 'reject':
      if (contact.state !== 'incoming-request') return failure(`${label} has not sent you a contact request.`);
      await api.rejectContact(contact.onion);
      return info(`Request from ${label} rejected.`);
    case 'block':
      if (contact.state === 'blocked') return info(`${label} is already blocked.`);
      await api.blockContact(contact.onion);
      return info(`${label} is blocked: their connections are refused. /remove forgets them.`);
    case 'remove':
      await api.removeContact(contact.onion);
      return info(`${label} removed.`);
  }
}

/** /accept, /reject, /block, /remove: one shape, four actions. */
function targetCommand(name: TargetCommandName, usage: string, summary: string): SlashCommand<TargetCommand> {
  return {
    name,
    aliases: [],
    help: { usage, summary },
    parse: (rest) => ({ command: rest === '' ? { name } : { name, target: rest } }),
    // The argument is a contact's name, which may hold spaces (nicknames can).
    complete: ({ line, start, cursor }, { names }) => matchNames(names, line.slice(start, cursor), start, cursor, ''),
    async run(command, context) {
      const found = findContact(name, command.target, context);
      return 'error' in found ? failure(found.error) : act(name, found.contact, context);
    },
  };
}

/** A word that is meant as an onion address (long, or ends in .onion), so /nick treats it as the target. */
function looksLikeOnion(word: string): boolean {
  return word.toLowerCase().endsWith('.onion') || word.length >= 50;
}

const NICK_HELP: CommandHelp = {
  usage: '/nick [onion] <nickname>',
  summary: 'set your local nickname for the open contact (or for <onion>)',
};

const nick: SlashCommand<NickCommand> = {
  name: 'nick',
  aliases: [],
  help: NICK_HELP,
  parse(rest) {
    if (rest === '') return usageError(NICK_HELP, 'Give the nickname');
    const [first = '', ...others] = rest.split(/\s+/);
    if (others.length === 0 || !looksLikeOnion(first)) return { command: { name: 'nick', nickname: rest } };
    try {
      return { command: { name: 'nick', target: parseOnionAddress(first), nickname: rest.slice(first.length).trim() } };
    } catch (error) {
      return { error: errorText(error) };
    }
  },
  async run(command, { api, openContact }) {
    const nickname = terminalSafe(command.nickname).trim();
    if (nickname === '' || [...nickname].length > MAX_NICKNAME_CHARS)
      return failure(`A nickname is 1 to ${MAX_NICKNAME_CHARS} characters.`);
    const onion = command.target ?? openContact?.contact.onion;
    if (onion === undefined)
      return failure('Open a conversation first, or give the onion address: /nick <onion> <nickname>.');
    const contact = await api.setNickname(onion, nickname);
    return {
      ...info(`${contact.onion.slice(0, 8)}… is now called ${contactName(contact)} (only you see this name).`),
      select: contact.onion,
    };
  },
};

/** The contact commands, in the order /help lists them. */
export const CONTACT_COMMANDS: readonly SlashCommand[] = [
  add,
  targetCommand('accept', '/accept [name]', 'accept a contact request (default: the one open)'),
  targetCommand('reject', '/reject [name]', 'reject a contact request'),
  targetCommand('block', '/block [name]', 'block a contact: their connections are refused'),
  targetCommand('remove', '/remove [name]', 'forget a contact (a blocked one is unblocked)'),
  nick,
];
