/**
 * Tab completion after `/group` (completion.ts hands it over): the subcommand, then its
 * argument — a friend's name for `invite`, a member's for `remove` and `admin`, an invitation's
 * group name for `accept` and `decline`. Pure.
 */
import type { Completions } from './completion.js';
import { findGroupSubcommand, GROUP_SUBCOMMANDS } from './group-commands.js';

/** The names each kind of argument completes to. */
export interface GroupCompletionNames {
  readonly friends: readonly string[];
  /** Members of the open group (not us). */
  readonly members: readonly string[];
  /** Group names of the invitations waiting. */
  readonly invites: readonly string[];
}

/** Completions for `before` (the line up to the cursor), whose `/group ` prefix is `start` characters long. */
export function completeGroupCommand(before: string, start: number, cursor: number, names: GroupCompletionNames): Completions | undefined {
  const rest = before.slice(start);
  const subWord = /^(\S*)$/.exec(rest);
  if (subWord !== null) {
    const prefix = (subWord[1] ?? '').toLowerCase();
    const matches = GROUP_SUBCOMMANDS.filter((spec) => spec.sub.startsWith(prefix)).map((spec) => `${spec.sub} `);
    return matches.length === 0 ? undefined : { start, end: cursor, matches };
  }
  const argument = /^(\S+)\s+/.exec(rest);
  const spec = argument === null ? undefined : findGroupSubcommand(argument[1] ?? '');
  if (argument === null || spec === undefined) return undefined;
  const pool = spec.argument === 'friend' ? names.friends : spec.argument === 'member' ? names.members : spec.argument === 'invite' ? names.invites : [];
  const from = start + argument[0].length;
  const typed = before.slice(from).toLowerCase();
  const matches = [...new Set(pool)].filter((name) => name.toLowerCase().startsWith(typed)).sort((a, b) => a.localeCompare(b));
  return matches.length === 0 ? undefined : { start: from, end: cursor, matches };
}
