/**
 * `/group …` on the input line, parsed (pure). The group is the one open in the pane unless a
 * subcommand says otherwise; names are resolved when the command runs (run-group-command.ts).
 */

/** What a subcommand's argument names, for Tab completion. */
export type GroupArgumentKind = 'friend' | 'member' | 'invite' | 'text' | 'none';

/** One `/group` subcommand. */
export interface GroupSubcommandSpec {
  readonly sub: GroupSubcommand;
  readonly usage: string;
  readonly summary: string;
  readonly argument: GroupArgumentKind;
  /** Whether the argument must be given (else it defaults, e.g. to the only invitation). */
  readonly required: boolean;
}

/** The words that may follow `/group`. */
export type GroupSubcommand = 'create' | 'invite' | 'invites' | 'accept' | 'decline' | 'members' | 'remove' | 'admin' | 'rename' | 'leave';

/** A parsed `/group` command: the subcommand and its argument ('' when none was given). */
export interface GroupCommand {
  readonly sub: GroupSubcommand;
  readonly argument: string;
}

/** Every subcommand, in the order /help lists them. */
export const GROUP_SUBCOMMANDS: readonly GroupSubcommandSpec[] = [
  { sub: 'create', usage: '/group create <name>', summary: 'create a group and open it; you are its admin', argument: 'text', required: true },
  { sub: 'invite', usage: '/group invite <friend>', summary: 'invite a friend to the open group (admins)', argument: 'friend', required: true },
  { sub: 'invites', usage: '/group invites', summary: 'list invitations waiting for your answer', argument: 'none', required: false },
  { sub: 'accept', usage: '/group accept [group]', summary: 'accept an invitation (default: the only one)', argument: 'invite', required: false },
  { sub: 'decline', usage: '/group decline [group]', summary: 'decline an invitation', argument: 'invite', required: false },
  { sub: 'members', usage: '/group members', summary: 'show who is in the open group (Esc closes)', argument: 'none', required: false },
  { sub: 'remove', usage: '/group remove <member>', summary: 'remove a member; the key changes so they read nothing more (admins)', argument: 'member', required: true },
  { sub: 'admin', usage: '/group admin <member>', summary: 'make a member an admin (admins)', argument: 'member', required: true },
  { sub: 'rename', usage: '/group rename <name>', summary: 'rename the open group (admins)', argument: 'text', required: true },
  { sub: 'leave', usage: '/group leave', summary: 'leave the open group', argument: 'none', required: false },
];

/** The spec of a subcommand (case-insensitive). */
export function findGroupSubcommand(word: string): GroupSubcommandSpec | undefined {
  const lower = word.toLowerCase();
  return GROUP_SUBCOMMANDS.find((spec) => spec.sub === lower);
}

/** The subcommands in one line, for usage messages. */
export const GROUP_USAGE = `/group ${GROUP_SUBCOMMANDS.map((spec) => spec.sub).join('|')} …`;

/**
 * Parses what follows `/group`.
 * @example parseGroupCommand('invite bob') // { command: { sub: 'invite', argument: 'bob' } }
 */
export function parseGroupCommand(rest: string): { readonly command: GroupCommand } | { readonly error: string } {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(rest.trim());
  const word = match?.[1] ?? '';
  const argument = (match?.[2] ?? '').trim();
  if (word === '') return { error: `Say what to do: ${GROUP_USAGE} (/help lists them)` };
  const spec = findGroupSubcommand(word);
  if (spec === undefined) return { error: `Unknown group command "${word.length > 24 ? `${word.slice(0, 24)}…` : word}". Usage: ${GROUP_USAGE}` };
  if (spec.argument === 'none' && argument !== '') return { error: `${spec.usage} takes no arguments` };
  if (spec.required && argument === '') return { error: `Usage: ${spec.usage}` };
  return { command: { sub: spec.sub, argument } };
}
