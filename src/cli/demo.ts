/**
 * `burrow demo`: try Burrow offline. Starts a private Tor network and three scripted friends on
 * this machine (src/demo/), shows the network's progress while it boots, then opens the UI on
 * a fresh demo profile. Quitting stops every process the demo started and removes its
 * directory (unless --keep).
 *
 * The UI's own onboarding creates the demo profile: the newcomer's first minute is the same
 * name, passphrase and address card a real first run shows, with nothing to remember (a
 * pre-made profile would open on an unlock screen asking for a passphrase printed on a screen
 * the UI has just covered). The profile keeps the real key-derivation cost.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { AbortedError } from '../errors.js';
import { configureLogging } from '../log.js';
import { Demo } from '../demo/demo.js';
import { demoPaths, makeDemoDir, removeDemoDir } from '../demo/demo-dir.js';
import type { TestnetProgress } from '../testnet/index.js';
import { runTui, terminalRequired, type TuiPreferences } from '../tui/index.js';
import { TOUR_HINT_PENDING } from '../tui/tour/use-tour.js';
import { parseCommandArgs } from './args.js';
import { renderProgressBar } from './testnet.js';
import { UsageError } from './usage-error.js';

export const DEMO_HELP = `Usage: burrow demo [--dir DIR] [--keep]

Try Burrow without internet: starts a private Tor network on this computer
(about 10 s) and three scripted friends, then opens the UI on a new demo
profile. Ada is already your friend: she answers messages, joins groups, takes
files and offers one. Grace asks to be your friend, then invites you into a
group of hers. Linus, a friend of Ada's, asks too and goes offline now and
then: a message to him is held by Ada until he is back. /tour walks you
through it all. /quit or Ctrl+C stops every process the demo started.

Options:
  --dir DIR    run the demo in DIR (new or empty; default: a new temporary dir)
  --keep       keep the demo's directory (profiles, logs) after it ends
  -h, --help   show this help`;

const OPTIONS = { dir: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
/** Signals that end the demo while the network boots (the UI handles them once it runs). */
const QUIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Exit status of a demo interrupted before its UI opened (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;
const BAR_WIDTH = 30;

/** Runs `burrow demo …`; resolves to the exit status. */
export async function runDemoCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('demo', argv, OPTIONS);
  if (values.help === true) {
    console.log(DEMO_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}". See \`burrow demo --help\`.`);
  // Checked before ten seconds of network start, not after.
  if (process.stdin.isTTY !== true) throw terminalRequired();
  const keep = values.keep === true;
  const dir = await makeDemoDir(values.dir);
  const logs = logTo(demoPaths(dir).log);
  console.log(
    `Burrow demo: a private Tor network, three scripted friends and you, all on this computer.\nNo internet needed. Its files: ${dir}\n`,
  );

  let demo: Demo | 'interrupted';
  try {
    demo = await bootDemo(dir);
  } catch (error) {
    await logs.close();
    // The log explains the failure: keep it.
    console.error(
      `burrow demo: ${error instanceof Error ? error.message : String(error)}\nThe demo's log stays in ${demoPaths(dir).log}.`,
    );
    return 1;
  }
  let survivors: readonly string[];
  try {
    survivors = demo === 'interrupted' ? [] : await runUi(demo);
  } finally {
    // On a crash of the UI the directory stays, with the log.
    await logs.close();
  }
  if (!keep && survivors.length === 0) await removeDemoDir(dir);
  if (survivors.length > 0) {
    console.error(`burrow demo: could not stop ${survivors.join(', ')}. The demo's files stay in ${dir}.`);
    return 1;
  }
  if (demo === 'interrupted') {
    console.error('burrow demo: interrupted; every process it had started was stopped.');
    return EXIT_INTERRUPTED;
  }
  console.log(
    keep
      ? `Demo over: every process it started has stopped. Its files stay in ${dir}.`
      : 'Demo over: every process it started has stopped, and its files are gone.',
  );
  return 0;
}

/**
 * Starts the demo with its progress on the terminal. Ctrl+C (or SIGTERM, SIGHUP) meanwhile
 * stops whatever had started and resolves to 'interrupted'.
 */
async function bootDemo(dir: string): Promise<Demo | 'interrupted'> {
  const interrupted = new AbortController();
  const onSignal = (): void => interrupted.abort(new AbortedError('burrow demo'));
  for (const signal of QUIT_SIGNALS) process.on(signal, onSignal);
  const progress = progressLine(process.stdout);
  try {
    const demo = await Demo.start({ dir, signal: interrupted.signal, onProgress: progress.update });
    if (!interrupted.signal.aborted) return demo;
    // The signal came as the start finished.
    await demo.stop();
    return 'interrupted';
  } catch (error) {
    if (error instanceof AbortedError) return 'interrupted';
    throw error;
  } finally {
    progress.done();
    for (const signal of QUIT_SIGNALS) process.off(signal, onSignal);
  }
}

/**
 * Runs the UI on the demo until the user quits, then stops the demo (while the UI says
 * "Stopping Tor and saving…"). Resolves to the processes that would not stop.
 */
async function runUi(demo: Demo): Promise<readonly string[]> {
  try {
    await runTui({
      boot: {
        profileExists: false,
        createProfile: (name, passphrase) => demo.createUser(name, passphrase),
        unlock: (passphrase) => demo.unlockUser(passphrase),
        onExit: async () => {
          await demo.stop();
        },
      },
      preferences: sessionPreferences(),
    });
  } finally {
    // Already done by onExit, unless the UI failed before it started.
    await demo.stop();
  }
  return demo.stop();
}

/** Sends every log line to `file` (the screen belongs to the progress bar, then the UI); `close` stops that. */
function logTo(file: string): { close(): Promise<void> } {
  const stream: WriteStream = createWriteStream(file, { flags: 'a', mode: 0o600 });
  stream.on('error', () => {
    // A log that cannot be written must not end the demo.
  });
  configureLogging({
    sink: (line) => stream.write(line + '\n'),
    ...(process.env['BURROW_LOG'] === undefined ? { level: 'info' } : {}),
  });
  return {
    close: () =>
      new Promise((resolve) => {
        configureLogging({ sink: () => undefined });
        stream.end(resolve);
      }),
  };
}

/** The network's progress as one bar, redrawn in place (a terminal is certain here: the UI needs one). */
function progressLine(stream: NodeJS.WriteStream): { update: (step: TestnetProgress) => void; done: () => void } {
  let drawn = false;
  return {
    update: (step) => {
      // Cut to the terminal's width: a wrapped line cannot be redrawn with \r.
      stream.write(
        `\r\x1b[K${renderProgressBar(step, BAR_WIDTH).slice(0, Math.max(BAR_WIDTH + 7, (stream.columns || 80) - 1))}`,
      );
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/**
 * The UI's settings for the length of the demo: kept in memory, like the profile they belong
 * to, which is thrown away at the end. The first screen shows the tour's hint.
 */
function sessionPreferences(): TuiPreferences {
  const values = new Map<string, unknown>([[TOUR_HINT_PENDING, true]]);
  return { get: (key) => values.get(key), set: (key, value) => void values.set(key, value) };
}
