/**
 * Slash commands: what the user typed on the input line, parsed into a {@link ParsedLine}.
 * Pure: resolving names to contacts and running the command happen elsewhere
 * (run-command.ts). As in irssi, a line starting with "//" sends a message starting with "/".
 */
import { parseOnionAddress } from '../crypto/onion-address.js';
import { FILE_COMMANDS, parseFileCommand, type FileCommand } from './file-commands.js';
import { parseGroupCommand, type GroupCommand } from './group-commands.js';
import { SETTING_NAMES, type SettingName } from './preferences.js';

/** A command that takes an optional contact (default: the open conversation). */
export type TargetCommandName = 'accept' | 'reject' | 'block' | 'remove';

export type Command =
  | { readonly name: 'add'; readonly onion: string; readonly message: string }
  | { readonly name: TargetCommandName; readonly target?: string }
  | { readonly name: 'nick'; readonly target?: string; readonly nickname: string }
  | { readonly name: 'set'; readonly setting?: SettingName; readonly value?: boolean }
  | { readonly name: 'group'; readonly group: GroupCommand }
  | FileCommand
  | { readonly name: 'help' | 'quit' | 'address' | 'copy' };

export type ParsedLine =
  | { readonly kind: 'empty' }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: 'invalid'; readonly message: string };

/** How a command is typed and what it does (for /help, usage errors and completion). */
export interface CommandSpec {
  readonly name: Command['name'];
  /** How to type it, for /help and usage errors. */
  readonly usage: string;
  readonly summary: string;
  /** Whether its argument is a contact (so Tab completes friends' names there). */
  readonly takesContact: boolean;
}

/** Every command, in the order /help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: 'add', usage: '/add <onion> <message>', summary: 'send a contact request with a short message', takesContact: false },
  { name: 'accept', usage: '/accept [name]', summary: 'accept a contact request (default: the one open)', takesContact: true },
  { name: 'reject', usage: '/reject [name]', summary: 'reject a contact request', takesContact: true },
  { name: 'block', usage: '/block [name]', summary: 'block a contact: their connections are refused', takesContact: true },
  { name: 'remove', usage: '/remove [name]', summary: 'forget a contact (a blocked one is unblocked)', takesContact: true },
  { name: 'nick', usage: '/nick [onion] <nickname>', summary: 'set your local nickname for the open contact (or for <onion>)', takesContact: false },
  { name: 'group', usage: '/group <create|invite|accept|members|remove|leave|…>', summary: 'group chat: create, invite, answer invitations, manage members (see Group commands)', takesContact: false },
  ...FILE_COMMANDS,
  { name: 'set', usage: '/set [bell|title] [on|off]', summary: 'show or change notification settings', takesContact: false },
  { name: 'address', usage: '/address', summary: 'show your onion address with a QR code', takesContact: false },
  { name: 'copy', usage: '/copy', summary: 'copy your onion address to the clipboard (OSC 52)', takesContact: false },
  { name: 'help', usage: '/help', summary: 'list every command and key', takesContact: false },
  { name: 'quit', usage: '/quit', summary: 'stop tor, save everything and exit', takesContact: false },
];

const ALIASES: Readonly<Record<string, Command['name']>> = { exit: 'quit', q: 'quit', h: 'help', me: 'address' };

const ON_WORDS = new Set(['on', 'yes', 'true', '1']);
const OFF_WORDS = new Set(['off', 'no', 'false', '0']);

/** The spec of a command name or alias (case-insensitive), if there is one. */
export function findCommand(name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  return COMMANDS.find((spec) => spec.name === canonical);
}

/**
 * Parses one submitted input line.
 *
 * @example parseLine('/add abc hi') // { kind: 'invalid', message: 'Not a Tor v3 onion address: …' }
 * @example parseLine('//shrug') // { kind: 'message', text: '/shrug' }
 */
export function parseLine(line: string): ParsedLine {
  if (line.trim() === '') return { kind: 'empty' };
  if (!line.startsWith('/')) return { kind: 'message', text: line };
  if (line.startsWith('//')) return { kind: 'message', text: line.slice(1) };

  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line);
  const word = match?.[1] ?? '';
  const rest = (match?.[2] ?? '').trim();
  const spec = findCommand(word);
  if (spec === undefined) {
    return { kind: 'invalid', message: `Unknown command "/${truncateWord(word)}". Type /help to see the commands (start a message with // to send a slash).` };
  }
  switch (spec.name) {
    case 'add':
      return parseAdd(rest, spec);
    case 'accept':
    case 'reject':
    case 'block':
    case 'remove':
      return command(rest === '' ? { name: spec.name } : { name: spec.name, target: rest });
    case 'nick':
      return parseNick(rest, spec);
    case 'set':
      return parseSet(rest, spec);
    case 'group': {
      const parsed = parseGroupCommand(rest);
      return 'error' in parsed ? { kind: 'invalid', message: parsed.error } : command({ name: 'group', group: parsed.command });
    }
    case 'send':
    case 'files':
      return parseFileCommand(spec.name, rest);
    case 'help':
    case 'quit':
    case 'address':
    case 'copy':
      return rest === '' ? command({ name: spec.name }) : usage(spec, `/${spec.name} takes no arguments`);
  }
}

function parseAdd(rest: string, spec: CommandSpec): ParsedLine {
  const [onionWord = ''] = rest.split(/\s+/);
  if (onionWord === '') return usage(spec, 'Give the onion address of the person to add');
  try {
    const onion = parseOnionAddress(onionWord);
    const message = rest.slice(onionWord.length).trim();
    return command({ name: 'add', onion, message });
  } catch (error) {
    return { kind: 'invalid', message: error instanceof Error ? error.message : String(error) };
  }
}

function parseNick(rest: string, spec: CommandSpec): ParsedLine {
  if (rest === '') return usage(spec, 'Give the nickname');
  const [first = '', ...others] = rest.split(/\s+/);
  if (others.length > 0 && looksLikeOnion(first)) {
    try {
      const target = parseOnionAddress(first);
      return command({ name: 'nick', target, nickname: rest.slice(first.length).trim() });
    } catch (error) {
      return { kind: 'invalid', message: error instanceof Error ? error.message : String(error) };
    }
  }
  return command({ name: 'nick', nickname: rest });
}

function parseSet(rest: string, spec: CommandSpec): ParsedLine {
  if (rest === '') return command({ name: 'set' });
  const [name = '', value, extra] = rest.toLowerCase().split(/\s+/);
  const setting = SETTING_NAMES.find((candidate) => candidate === name);
  if (setting === undefined) return usage(spec, `Unknown setting "${truncateWord(name)}" (settings: ${SETTING_NAMES.join(', ')})`);
  if (value === undefined) return command({ name: 'set', setting });
  if (extra !== undefined || (!ON_WORDS.has(value) && !OFF_WORDS.has(value))) return usage(spec, `Say "on" or "off" for ${setting}`);
  return command({ name: 'set', setting, value: ON_WORDS.has(value) });
}

/** A word that is meant as an onion address (long, or ends in .onion), so /nick treats it as the target. */
function looksLikeOnion(word: string): boolean {
  return word.toLowerCase().endsWith('.onion') || word.length >= 50;
}

function command(value: Command): ParsedLine {
  return { kind: 'command', command: value };
}

function usage(spec: CommandSpec, reason: string): ParsedLine {
  return { kind: 'invalid', message: `${reason}. Usage: ${spec.usage}` };
}

function truncateWord(word: string): string {
  return word.length > 24 ? `${word.slice(0, 24)}…` : word;
}
