/**
 * What Tab completes on the input line (the mechanics are in input/completions.ts):
 *
 * - the first word of a line starting with "/" completes to command names;
 * - a command's argument completes as that command says (its `complete`: contacts' names,
 *   /group's subcommands and names, /send's file paths);
 * - anywhere else, the word before the cursor completes to the names of the people in the
 *   open conversation, with irssi's ": " when it starts a message (addressing someone).
 */
import { matchNames, type Completions } from '../input/completions.js';
import type { PathContext } from '../input/path-completion.js';
import type { CompletionNames } from './command.js';
import { COMMANDS, findCommand } from './registry.js';

/** The names the group commands complete to. */
export type GroupCompletionNames = Pick<CompletionNames, 'friends' | 'members' | 'invites'>;

/**
 * What the word at `cursor` could complete to, or undefined when nothing matches. `names` are
 * the people of the open conversation; `group` the names /group's arguments take (default:
 * `names` are the friends); `paths` where /send looks up files.
 */
export function findCompletions(
  line: string,
  cursor: number,
  names: readonly string[],
  group?: GroupCompletionNames,
  paths?: PathContext,
): Completions | undefined {
  const before = line.slice(0, cursor);
  const commandWord = /^\/(\S*)$/.exec(before);
  if (commandWord !== null) {
    const prefix = (commandWord[1] ?? '').toLowerCase();
    const matches = COMMANDS.filter((command) => command.name.startsWith(prefix)).map((command) => `/${command.name} `);
    return matches.length === 0 ? undefined : { start: 0, end: cursor, matches };
  }
  const commandArgument = /^\/(\S+)\s+/.exec(before);
  const command = commandArgument === null ? undefined : findCommand(commandArgument[1] ?? '');
  if (commandArgument !== null && command?.complete !== undefined) {
    const all: CompletionNames = {
      names,
      friends: group?.friends ?? names,
      members: group?.members ?? [],
      invites: group?.invites ?? [],
      paths,
    };
    return command.complete({ line, start: commandArgument[0].length, cursor }, all);
  }
  const wordStart = before.search(/\S*$/);
  if (wordStart === cursor) return undefined;
  const suffix = wordStart === 0 && !before.startsWith('/') ? ': ' : ' ';
  return matchNames(names, before.slice(wordStart), wordStart, cursor, suffix);
}
