/**
 * Runs a parsed slash command against the node and says what the screen should do next.
 * Every failure becomes a notice the user can act on; nothing here throws.
 */
import { homedir } from 'node:os';
import type { ContactView, NodeApi } from '../node/api.js';
import { terminalSafe } from '../text/terminal-safe.js';
import type { Command, TargetCommandName } from './commands.js';
import { contactName, resolveTarget, type ContactEntry } from './conversation/contact-list.js';
import { MAX_NICKNAME_CHARS } from './limits.js';
import { readSetting, SETTING_NAMES, writeSetting, type TuiPreferences } from './preferences.js';
import { runFileCommand } from './run-file-command.js';
import { runGroupCommand, type GroupCommandContext } from './run-group-command.js';
import { describeError } from './safe-node.js';
import type { TerminalEffects } from './terminal-sequences.js';

/** A line for the notice row under the conversation. */
export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

/** What a command may use. */
export interface CommandContext {
  readonly api: NodeApi;
  readonly entries: readonly ContactEntry[];
  /** The sidebar entry on screen, if any. */
  readonly open: ContactEntry | undefined;
  readonly preferences: TuiPreferences;
  readonly effects: TerminalEffects;
  /** Our own onion address, once status() has answered. */
  readonly ownOnion: string | undefined;
  /** The open group and the invitations, for /group. */
  readonly groups?: Pick<GroupCommandContext, 'invites' | 'openGroup'>;
}

/** What the screen should do after a command. */
export interface CommandOutcome {
  readonly notice?: Notice;
  /** Open this conversation. */
  readonly select?: string;
  readonly show?: 'help' | 'address' | 'members' | 'transfers';
  readonly quit?: true;
  /** A setting changed: re-read preferences. */
  readonly settingsChanged?: true;
}

const info = (text: string): CommandOutcome => ({ notice: { text, tone: 'info' } });
const failure = (text: string): CommandOutcome => ({ notice: { text, tone: 'error' } });

/** Runs `command`; resolves with what to show (never rejects). */
export async function runCommand(command: Command, context: CommandContext): Promise<CommandOutcome> {
  try {
    return await run(command, context);
  } catch (error) {
    return failure(describeError(error));
  }
}

async function run(command: Command, context: CommandContext): Promise<CommandOutcome> {
  const { api } = context;
  switch (command.name) {
    case 'add': {
      const contact = await api.addContact(command.onion, command.message);
      return { ...info(`Contact request sent to ${contactName(contact)}. They are under "Waiting" until they accept.`), select: contact.onion };
    }
    case 'accept':
    case 'reject':
    case 'block':
    case 'remove':
      return runOnContact(command.name, command.target, context);
    case 'nick': {
      const nickname = terminalSafe(command.nickname).trim();
      if (nickname === '' || [...nickname].length > MAX_NICKNAME_CHARS) return failure(`A nickname is 1 to ${MAX_NICKNAME_CHARS} characters.`);
      const onion = command.target ?? context.open?.contact.onion;
      if (onion === undefined) return failure('Open a conversation first, or give the onion address: /nick <onion> <nickname>.');
      const contact = await api.setNickname(onion, nickname);
      return { ...info(`${contact.onion.slice(0, 8)}… is now called ${contactName(contact)} (only you see this name).`), select: contact.onion };
    }
    case 'set': {
      if (command.setting === undefined) {
        return info(SETTING_NAMES.map((name) => `${name}: ${readSetting(context.preferences, name) ? 'on' : 'off'}`).join(', ') + '. Change with /set <name> on|off.');
      }
      if (command.value === undefined) return info(`${command.setting} is ${readSetting(context.preferences, command.setting) ? 'on' : 'off'}.`);
      writeSetting(context.preferences, command.setting, command.value);
      return { ...info(`${command.setting} is now ${command.value ? 'on' : 'off'}.`), settingsChanged: true };
    }
    case 'copy':
      if (context.ownOnion === undefined) return failure('Your address is not known yet: try again in a moment.');
      context.effects.copyToClipboard(`${context.ownOnion}.onion`);
      return info('Address sent to the clipboard (needs a terminal with OSC 52). Alt+A shows it as plain text to select.');
    case 'help':
      return { show: 'help' };
    case 'address':
      return { show: 'address' };
    case 'quit':
      return { quit: true };
    case 'group':
      return runGroupCommand(command.group, { api, entries: context.entries, invites: context.groups?.invites ?? [], openGroup: context.groups?.openGroup });
    case 'send':
    case 'files':
      return runFileCommand(command, { api, open: context.open, openGroup: context.groups?.openGroup, cwd: process.cwd(), home: homedir() });
  }
}

async function runOnContact(name: TargetCommandName, target: string | undefined, context: CommandContext): Promise<CommandOutcome> {
  const found = findContact(name, target, context);
  if ('error' in found) return failure(found.error);
  const { contact } = found;
  const label = contactName(contact);
  switch (name) {
    case 'accept': {
      if (contact.state !== 'incoming-request') return failure(`${label} has not sent you a contact request.`);
      const accepted = await context.api.acceptContact(contact.onion);
      return { ...info(`You and ${contactName(accepted)} are now friends.`), select: accepted.onion };
    }
    case 'reject':
      if (contact.state !== 'incoming-request') return failure(`${label} has not sent you a contact request.`);
      await context.api.rejectContact(contact.onion);
      return info(`Request from ${label} rejected.`);
    case 'block':
      if (contact.state === 'blocked') return info(`${label} is already blocked.`);
      await context.api.blockContact(contact.onion);
      return info(`${label} is blocked: their connections are refused. /remove forgets them.`);
    case 'remove':
      await context.api.removeContact(contact.onion);
      return info(`${label} removed.`);
  }
}

function findContact(name: TargetCommandName, target: string | undefined, context: CommandContext): { contact: ContactView } | { error: string } {
  if (target !== undefined) return resolveTarget(target, context.entries);
  const open = context.open?.contact;
  if (name === 'accept' || name === 'reject') {
    if (open?.state === 'incoming-request') return { contact: open };
    const requests = context.entries.filter((entry) => entry.contact.state === 'incoming-request');
    if (requests.length === 1 && requests[0] !== undefined) return { contact: requests[0].contact };
    return { error: requests.length === 0 ? 'There is no contact request waiting.' : `Which request? /${name} <name> (Tab completes).` };
  }
  if (open === undefined) return { error: `Which contact? /${name} <name> (Tab completes).` };
  return { contact: open };
}
