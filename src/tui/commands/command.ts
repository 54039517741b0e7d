/**
 * What a slash command is: one object that says how it is typed (name, aliases), how its
 * arguments are read (parse), what Tab offers after it (complete), what it does (run) and how
 * /help lists it (help). Each service's commands live in a file of their own (contacts.ts,
 * groups.ts, files.ts, app.ts) and registry.ts lists them all, so the parser, Tab completion
 * and the help screen read the same objects and cannot drift apart.
 *
 * Parsing is pure; running talks to the node and never throws: every failure becomes a
 * notice the user can act on.
 */
import type { GroupInviteView } from '../../groups/feature/api.js';
import type { NodeApi } from '../../node/api.js';
import type { ContactEntry } from '../conversation/contact-list.js';
import type { FeedControl } from '../feed/feed-state.js';
import type { GroupEntry } from '../conversation/group-list.js';
import type { Completions } from '../input/completions.js';
import type { PathContext } from '../input/path-completion.js';
import type { TuiPreferences } from '../preferences.js';
import type { SearchResults } from '../search/search-results.js';
import type { TerminalEffects } from '../terminal-sequences.js';

/** A parsed command: which one, and its arguments. */
export interface CommandValue {
  readonly name: string;
}

/** What parsing a command's arguments gives: the command, or what is wrong with them. */
export type Parsed<C> = { readonly command: C } | { readonly error: string };

/** A line for the notice row under the conversation. */
export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
}

/** What the screen should do after a command. */
export interface CommandOutcome {
  readonly notice?: Notice;
  /** Open this conversation (its sidebar selection key). */
  readonly select?: string;
  readonly show?: 'help' | 'address' | 'members' | 'transfers';
  readonly quit?: true;
  /** A setting changed: re-read preferences. */
  readonly settingsChanged?: true;
  /** Send this text to the open conversation, as if typed (/me). */
  readonly send?: string;
  /** Show these search results (/search). */
  readonly search?: SearchResults;
}

/** What a command may use when it runs. */
export interface CommandContext {
  readonly api: NodeApi;
  /** Every contact, as the sidebar lists them. */
  readonly contacts: readonly ContactEntry[];
  /** Group invitations waiting for an answer. */
  readonly invites: readonly GroupInviteView[];
  /** The contact open in the pane, if a contact is open. */
  readonly openContact: ContactEntry | undefined;
  /** The group open in the pane, if a group is open. */
  readonly openGroup: GroupEntry | undefined;
  /** Every group, as the sidebar lists them. */
  readonly groups: readonly GroupEntry[];
  /** What our own messages are signed with on screen. */
  readonly myName: string;
  readonly preferences: TuiPreferences;
  readonly effects: TerminalEffects;
  /** Our own onion address, once status() has answered. */
  readonly ownOnion: string | undefined;
  /** Where typed file paths are looked up. */
  readonly paths: PathContext;
  /** The feed view (commands/feed.ts). */
  readonly feed?: FeedControl;
}

/** The argument Tab is completing: the whole line, where the argument starts, the cursor. */
export interface ArgumentAtCursor {
  readonly line: string;
  readonly start: number;
  readonly cursor: number;
}

/** The names an argument may complete to. */
export interface CompletionNames {
  /** The people of the open conversation: every contact, or the open group's members. */
  readonly names: readonly string[];
  readonly friends: readonly string[];
  /** Members of the open group (not us). */
  readonly members: readonly string[];
  /** Group names of the invitations waiting. */
  readonly invites: readonly string[];
  /** Where file paths are looked up; without it paths do not complete. */
  readonly paths: PathContext | undefined;
}

/** One row of the help screen. */
export interface HelpRow {
  readonly left: string;
  readonly right: string;
}

/** How /help lists a command. */
export interface CommandHelp {
  /** How to type it (also quoted by usage errors). */
  readonly usage: string;
  readonly summary: string;
  /** A section of its own on the help screen (the /group subcommands, the transfers view's keys, the settings). */
  readonly section?: { readonly title: string; readonly rows: readonly HelpRow[] };
}

/**
 * One slash command. The methods are declared as methods on purpose: TypeScript checks method
 * parameters bivariantly, so every `SlashCommand<C>` is a `SlashCommand` and the registry can
 * hold them side by side; {@link CommandValue.name} ties a parsed value to its command.
 */
export interface SlashCommand<C extends CommandValue = CommandValue> {
  readonly name: C['name'];
  /** Other words that type it (lower case). */
  readonly aliases: readonly string[];
  readonly help: CommandHelp;
  /** Reads what follows the command word (trimmed). */
  parse(rest: string): Parsed<C>;
  /** Completes the argument at the cursor; without it, Tab completes names as in a message. */
  complete?(argument: ArgumentAtCursor, names: CompletionNames): Completions | undefined;
  /** Runs the command; resolves with what the screen should do. */
  run(command: C, context: CommandContext): Promise<CommandOutcome>;
}

/** An info notice as an outcome. */
export const info = (text: string): CommandOutcome => ({ notice: { text, tone: 'info' } });

/** An error notice as an outcome. */
export const failure = (text: string): CommandOutcome => ({ notice: { text, tone: 'error' } });

/** A usage error: the reason, then how the command is typed. */
export function usageError(help: CommandHelp, reason: string): { readonly error: string } {
  return { error: `${reason}. Usage: ${help.usage}` };
}

/** The parse of a command that takes no arguments. */
export function noArguments<C extends CommandValue>(command: C, help: CommandHelp, rest: string): Parsed<C> {
  return rest === '' ? { command } : usageError(help, `/${command.name} takes no arguments`);
}

/** A word cut for quoting in an error message. */
export function truncateWord(word: string): string {
  return word.length > 24 ? `${word.slice(0, 24)}…` : word;
}
