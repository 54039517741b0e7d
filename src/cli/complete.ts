/**
 * `burrow __complete <words…>`: the candidates for the last word of a command line, one per line
 * as `value<TAB>description`, for the shell scripts of `burrow completion`. Commands, subcommands
 * and flags come from the same tables as the help; contacts' onion addresses and groups from the
 * profile's running daemon, when one answers (else none).
 */
import { DaemonClient } from '../daemon/client.js';
import { daemonSocketPath } from '../daemon/socket-path.js';
import { resolveProfileDir } from '../store/index.js';
import type { CtlCommand } from './ctl-command.js';
import { CTL_COMMANDS } from './ctl.js';
import { PROFILE_OPTIONS } from './profile-flags.js';
import { TOR_OPTIONS } from './tor-flags.js';

export type Candidate = readonly [value: string, description: string];

/** The flags of the commands outside `ctl` (their parsers' option sets). */
const COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  '': [...Object.keys(TOR_OPTIONS), 'profile', 'help', 'version'],
  init: [...Object.keys(PROFILE_OPTIONS), 'name'],
  id: Object.keys(PROFILE_OPTIONS),
  daemon: [...Object.keys(PROFILE_OPTIONS), ...Object.keys(TOR_OPTIONS)],
  ctl: ['json', 'profile', 'testnet', 'help'],
  demo: ['dir', 'keep', 'help'],
  testnet: ['dir', 'relays', 'json', 'help'],
  completion: ['help'],
};
/** Flags whose value is a path: the shell completes files there. */
const PATH_FLAGS = new Set(['--profile', '--testnet', '--dir', '--dest', '--passphrase-file', '--tor-cookie']);
/** How long completion waits for the daemon before offering no contacts. */
const DAEMON_TIMEOUT_MS = 1_000;

/** Candidates for the last of `words` (the words after `burrow`; the last one is being typed). */
export async function completeWords(words: readonly string[], topCommands: readonly Candidate[]): Promise<Candidate[]> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  if (PATH_FLAGS.has(before.at(-1) ?? '')) return [];
  const positionals = before.filter((word, index) => !word.startsWith('-') && !PATH_FLAGS.has(before[index - 1] ?? ''));
  const [command = '', ...args] = positionals;
  const matching = (candidates: readonly Candidate[]): Candidate[] =>
    candidates.filter(([value]) => value.startsWith(current));
  if (current.startsWith('-')) {
    const ctlCommand = command === 'ctl' ? CTL_COMMANDS[args[0] ?? ''] : undefined;
    const flags = [...(COMMAND_FLAGS[command] ?? COMMAND_FLAGS[''] ?? []), ...(ctlCommand?.flags ?? [])];
    return matching([...new Set(flags)].map((flag) => [`--${flag}`, ''] as const));
  }
  if (command === '' && before.length === positionals.length) return matching(topCommands);
  if (command === 'completion' && args.length === 0)
    return matching(['bash', 'zsh', 'fish'].map((s) => [s, ''] as const));
  if (command === 'testnet' && args.length === 0)
    return matching(['start', 'status', 'stop'].map((s) => [s, ''] as const));
  if (command !== 'ctl') return [];
  const [name, ...rest] = args;
  if (name === undefined) return matching(Object.entries(CTL_COMMANDS).map(([key, c]) => [key, c.summary] as const));
  const ctlCommand = Object.hasOwn(CTL_COMMANDS, name) ? CTL_COMMANDS[name] : undefined;
  if (ctlCommand === undefined) return [];
  if (ctlCommand.subcommands !== undefined && rest.length === 0)
    return matching(Object.entries(ctlCommand.subcommands).map(([key, sub]) => [key, sub.summary] as const));
  const placeholder = placeholderAt(ctlCommand, rest);
  if (placeholder === undefined) return [];
  return matching(await daemonCandidates(placeholder, profileFlag(before)));
}

/** The `<placeholder>` of the argument being typed, from the command's (or subcommand's) usage line. */
function placeholderAt(command: CtlCommand, rest: readonly string[]): string | undefined {
  if (command.subcommands === undefined) return command.usage.match(/<[^>]+>/g)?.[rest.length];
  const sub = Object.hasOwn(command.subcommands, rest[0] ?? '') ? command.subcommands[rest[0] ?? ''] : undefined;
  return sub?.usage.match(/<[^>]+>/g)?.[rest.length - 1];
}

function profileFlag(words: readonly string[]): string | undefined {
  const index = words.lastIndexOf('--profile');
  return index === -1 ? undefined : words[index + 1];
}

/** Contacts (for `<onion…>`) and groups (for `<…group>`) from the daemon; none when it does not answer. */
async function daemonCandidates(placeholder: string, profile: string | undefined): Promise<Candidate[]> {
  const wantsOnion = placeholder.includes('onion') || placeholder === '<member>';
  const wantsGroup = placeholder.includes('group');
  if (!wantsOnion && !wantsGroup) return [];
  let client: DaemonClient;
  try {
    const dir = resolveProfileDir({ profileFlag: profile, env: process.env });
    client = await DaemonClient.connect(daemonSocketPath(dir), DAEMON_TIMEOUT_MS);
  } catch {
    return [];
  }
  try {
    const out: Candidate[] = [];
    if (wantsOnion) {
      const contacts = (await client.call('contacts')) as { onion: string; nickname?: string; displayName?: string }[];
      for (const contact of contacts) out.push([contact.onion, plain(contact.nickname ?? contact.displayName ?? '')]);
    }
    if (wantsGroup) {
      const groups = (await client.call('group.list')) as { id: string; name: string }[];
      for (const group of groups) out.push([group.id.slice(0, 12), plain(group.name)]);
    }
    return out.filter(([value]) => /^[a-z0-9]+$/.test(value));
  } catch {
    return [];
  } finally {
    client.close();
  }
}

/** Peer-chosen text made safe for a completion menu: no control characters, tabs or line breaks. */
function plain(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ').slice(0, 60);
}
