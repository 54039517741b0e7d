/**
 * Every slash command, and what the input line does with them: {@link parseLine} reads a
 * submitted line into a {@link ParsedLine}, {@link runCommand} runs a parsed command. As in
 * irssi, a line starting with "//" sends a message starting with "/".
 */
import { describeError } from '../safe-node.js';
import { APP_COMMANDS } from './app.js';
import { CHAT_HABIT_COMMANDS } from './chat-habits.js';
import {
  failure,
  truncateWord,
  type CommandContext,
  type CommandOutcome,
  type CommandValue,
  type SlashCommand,
} from './command.js';
import { CONTACT_COMMANDS } from './contacts.js';
import { FEED_COMMANDS } from './feed.js';
import { FILE_COMMANDS } from './files.js';
import { GROUP_COMMAND } from './groups.js';
import { LIFECYCLE_COMMANDS } from './lifecycle.js';
import { TOUR_COMMAND } from './tour.js';
import { VISIBILITY_COMMAND } from './visibility.js';

/** Every command, in the order /help lists them. */
export const COMMANDS: readonly SlashCommand[] = [
  ...CONTACT_COMMANDS,
  VISIBILITY_COMMAND,
  ...LIFECYCLE_COMMANDS,
  GROUP_COMMAND,
  ...FILE_COMMANDS,
  ...FEED_COMMANDS,
  ...CHAT_HABIT_COMMANDS,
  ...APP_COMMANDS,
  TOUR_COMMAND,
];

export type ParsedLine =
  | { readonly kind: 'empty' }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'command'; readonly command: CommandValue }
  | { readonly kind: 'invalid'; readonly message: string };

/** The command a name or alias (any case) types, if there is one. */
export function findCommand(name: string): SlashCommand | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((command) => command.name === lower || command.aliases.includes(lower));
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
  const command = findCommand(word);
  if (command === undefined) {
    return {
      kind: 'invalid',
      message: `Unknown command "/${truncateWord(word)}". Type /help to see the commands (start a message with // to send a slash).`,
    };
  }
  const parsed = command.parse((match?.[2] ?? '').trim());
  return 'error' in parsed ? { kind: 'invalid', message: parsed.error } : { kind: 'command', command: parsed.command };
}

/** Runs a parsed command; resolves with what to show (never rejects). */
export async function runCommand(command: CommandValue, context: CommandContext): Promise<CommandOutcome> {
  try {
    const found = findCommand(command.name);
    return found === undefined ? failure(`Unknown command "/${command.name}".`) : await found.run(command, context);
  } catch (error) {
    return failure(describeError(error));
  }
}
