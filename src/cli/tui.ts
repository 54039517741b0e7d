/**
 * `burrow` with no command: the terminal UI, with the node running in this process (the same
 * node API the daemon serves). Logs go to a file in the profile while the UI owns the screen.
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configureLogging } from '../log.js';
import type { NodeApi } from '../node/api.js';
import { startNodeRuntime, type NodeRuntime } from '../runtime/node-runtime.js';
import {
  createProfile,
  openProfile,
  Preferences,
  PREFERENCE_DEFAULTS,
  profileExists,
  type PreferenceKey,
  type ProfileStore,
} from '../store/index.js';
import { runTui, type TuiPreferences } from '../tui/index.js';
import type { TorChoice } from '../runtime/launch-tor.js';
import { parseCommandArgs } from './args.js';
import { profileDirFrom } from './profile-flags.js';
import { torChoiceFrom, TOR_OPTIONS, TOR_OPTIONS_HELP } from './tor-flags.js';

export const TUI_HELP = `Usage: burrow [--profile DIR] [--testnet DIR] [--tor-control HOST:PORT]

Opens Burrow's terminal UI: creates your profile on first run, else asks for its passphrase;
then starts tor and your onion service. Alt+H inside shows every key.

${TOR_OPTIONS_HELP}
  --profile DIR            the profile directory (default: $BURROW_HOME, else $XDG_DATA_HOME/burrow)
  -h, --help               show this help`;

const OPTIONS = { ...TOR_OPTIONS, profile: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export async function runTuiCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('', argv, OPTIONS);
  if (values.help === true) {
    console.log(TUI_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    console.error(`burrow: unknown command "${positionals[0]}". See \`burrow --help\`.`);
    return 2;
  }
  await openTui(profileDirFrom(values), torChoiceFrom(values));
  return 0;
}

/** Runs the UI on the profile in `dir` (used by `burrow` and `burrow demo`). */
export async function openTui(dir: string, choice: TorChoice): Promise<void> {
  let runtime: NodeRuntime | undefined;
  const logDir = existsSync(dir) ? dir : undefined;
  if (logDir !== undefined) sendLogsTo(join(logDir, 'burrow.log'));
  const start = async (store: ProfileStore): Promise<NodeApi> => {
    sendLogsTo(join(dir, 'burrow.log'));
    runtime = await startNodeRuntime(store, choice);
    return runtime.node;
  };
  await runTui({
    boot: {
      profileExists: profileExists(dir),
      createProfile: async (name, passphrase) => start(await createProfile(dir, passphrase, { displayName: name })),
      unlock: async (passphrase) => start(await openProfile(dir, passphrase)),
      onExit: async () => {
        await runtime?.stop();
      },
    },
    preferences: profilePreferences(dir),
  });
}

function sendLogsTo(file: string): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
  configureLogging({ sink: (line) => stream.write(line + '\n') });
}

/**
 * The profile's preferences for the UI. Before the profile exists (onboarding) the defaults
 * apply and nothing is written; the file is opened once the profile directory is there.
 */
function profilePreferences(dir: string): TuiPreferences {
  let opened: Preferences | undefined;
  const open = (): Preferences | undefined => (opened ??= profileExists(dir) ? Preferences.open(dir) : undefined);
  const isKey = (key: string): key is PreferenceKey => Object.hasOwn(PREFERENCE_DEFAULTS, key);
  return {
    get: (key) => (isKey(key) ? (open()?.get(key) ?? PREFERENCE_DEFAULTS[key]) : undefined),
    set: (key, value) => {
      if (!isKey(key)) throw new TypeError(`unknown preference ${key}`);
      open()?.set(key, value as never);
    },
  };
}
