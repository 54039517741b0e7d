/**
 * Tab completion on the input line (irssi/weechat habit: Tab cycles through the matches,
 * Shift+Tab goes back). Pure: {@link findCompletions} says what the word at the cursor could
 * become, {@link applyCompletion} puts one choice in.
 *
 * - The first word of a line starting with "/" completes to command names.
 * - The argument of a command that takes a contact (/accept, /block, …) completes to friends'
 *   names, and may contain spaces (nicknames can).
 * - After /group, the subcommand and then its argument complete (group-completion.ts).
 * - After /send, a file path completes (path-completion.ts).
 * - Anywhere else, the word before the cursor completes to friends' names.
 */
import { COMMANDS, findCommand } from './commands.js';
import { completeGroupCommand, type GroupCompletionNames } from './group-completion.js';
import { completePath, type PathContext } from './input/path-completion.js';

/** What the text at the cursor could be completed to. */
export interface Completions {
  /** Where the text being completed starts and ends (UTF-16 indices in the line). */
  readonly start: number;
  readonly end: number;
  /** Replacements for line[start, end), best first; never empty. */
  readonly matches: readonly string[];
}

/** What the word at `cursor` could complete to, or undefined when nothing matches. */
export function findCompletions(line: string, cursor: number, names: readonly string[], group?: GroupCompletionNames, paths?: PathContext): Completions | undefined {
  const before = line.slice(0, cursor);
  const commandWord = /^\/(\S*)$/.exec(before);
  if (commandWord !== null) {
    const prefix = (commandWord[1] ?? '').toLowerCase();
    const matches = COMMANDS.filter((spec) => spec.name.startsWith(prefix)).map((spec) => `/${spec.name} `);
    return matches.length === 0 ? undefined : { start: 0, end: cursor, matches };
  }
  const commandArgument = /^\/(\S+)\s+/.exec(before);
  const spec = commandArgument === null ? undefined : findCommand(commandArgument[1] ?? '');
  if (commandArgument !== null && spec?.name === 'group') return completeGroupCommand(before, commandArgument[0].length, cursor, group ?? { friends: names, members: [], invites: [] });
  if (commandArgument !== null && spec?.name === 'send') return paths === undefined ? undefined : completePath(line, commandArgument[0].length, cursor, paths);
  if (commandArgument !== null && spec?.takesContact === true) {
    const start = commandArgument[0].length;
    return matchNames(names, before.slice(start), start, cursor, '');
  }
  const wordStart = before.search(/\S*$/);
  if (wordStart === cursor) return undefined;
  // A name completed at the very start of a message gets irssi's ": " (addressing someone).
  const suffix = wordStart === 0 && !before.startsWith('/') ? ': ' : ' ';
  return matchNames(names, before.slice(wordStart), wordStart, cursor, suffix);
}

function matchNames(names: readonly string[], prefix: string, start: number, end: number, suffix: string): Completions | undefined {
  const lower = prefix.toLowerCase();
  const unique = [...new Set(names)].filter((name) => name.toLowerCase().startsWith(lower));
  unique.sort((a, b) => a.localeCompare(b));
  return unique.length === 0 ? undefined : { start, end, matches: unique.map((name) => name + suffix) };
}

/** The line and cursor after replacing the completed word with `matches[index]` (index wraps around). */
export function applyCompletion(line: string, completions: Completions, index: number): { text: string; cursor: number } {
  const count = completions.matches.length;
  const choice = completions.matches[((index % count) + count) % count] ?? '';
  const text = line.slice(0, completions.start) + choice + line.slice(completions.end);
  return { text, cursor: completions.start + choice.length };
}
