/**
 * `burrow` with no command: the terminal UI, with the node running in this process (the same
 * node API the daemon serves). Logs go to a file in the profile while the UI owns the screen.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BurrowFailure } from '../errors.js';
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
import { helpRows, OPTION_COLUMN } from './help-text.js';
import { PROFILE_DIR_HELP, profileDirFrom } from './profile-flags.js';
import { torChoiceFrom, TOR_OPTIONS, TOR_OPTIONS_HELP } from './tor-flags.js';
import { checkPathLimits } from './path-limits.js';
import { cappedLogSink } from './log-file.js';
import { checkTorUsable } from './tor-check.js';

export const TUI_HELP = `Usage: burrow [--profile DIR] [--testnet DIR] [--tor-control HOST:PORT]

Opens Burrow's terminal UI: creates your profile on first run, else asks for
its passphrase; then starts tor and your onion service. Alt+H inside shows
every key.

${TOR_OPTIONS_HELP}
${helpRows([PROFILE_DIR_HELP, ['-h, --help', 'show this help']], 30, OPTION_COLUMN)}`;

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
  const dir = profileDirFrom(values);
  const choice = torChoiceFrom(values);
  // Before the UI asks anything: a path Linux cannot use, or no tor, ends here with one message.
  checkPathLimits(dir);
  checkTorUsable(choice);
  await openTui(dir, choice);
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
  /** Set once onboarding wrote the profile: a retry after a failed start opens it instead of creating it again. */
  let created = false;
  const createAndStart = async (name: string, passphrase: string): Promise<NodeApi> => {
    const store = created
      ? await openProfile(dir, passphrase)
      : await createProfile(dir, passphrase, { displayName: name });
    created = true;
    try {
      return await start(store);
    } catch (error) {
      throw startFailedAfterCreate(dir, error);
    }
  };
  await runTui({
    boot: {
      profileExists: profileExists(dir),
      createProfile: createAndStart,
      unlock: async (passphrase) => start(await openProfile(dir, passphrase)),
      onExit: async () => {
        await runtime?.stop();
      },
    },
    preferences: profilePreferences(dir),
  });
}

/** 'NodeStartError': the profile was written, then tor or the node failed to start (onboarding says so as it is). */
function startFailedAfterCreate(dir: string, cause: unknown): BurrowFailure {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new BurrowFailure(
    'NodeStartError',
    `Your profile is saved in ${dir}, but Burrow could not start: ${reason} Press Enter to try again.`,
    { action: 'tell-user', cause },
  );
}

function sendLogsTo(file: string): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  configureLogging({ sink: cappedLogSink(file) });
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
