/**
 * `burrow testnet start|status|stop`: a private Tor network on this machine, for tests, demos
 * and trying Burrow without internet. Nodes join it with `--testnet DIR`.
 */
import { jsonSafe } from '../text/json-safe.js';
import { AbortedError, BurrowError } from '../errors.js';
import {
  startTestnet,
  stopTestnet,
  testnetStatus,
  TestnetOptionsError,
  type TestnetInfo,
  type TestnetProgress,
  type TestnetStatus,
} from '../testnet/index.js';
import { parseCommandArgs } from './args.js';
import { UsageError } from './usage-error.js';

const HELP = {
  testnet: `Usage: burrow testnet <start|status|stop> --dir DIR

A private Tor network on 127.0.0.1 (3 directory authorities + relays), for tests
and demos: no internet needed. The tor processes keep running after \`start\`
returns; Burrow nodes join the network with \`burrow <command> --testnet DIR\`.

Commands:
  start    start a network in DIR (created if missing), wait until it is ready
  status   show whether the network in DIR runs, its processes and its consensus
  stop     stop every tor process of the network in DIR

Run \`burrow testnet <command> --help\` for its options.`,
  start: `Usage: burrow testnet start --dir DIR [--relays N] [--json]

Starts a private Tor network in DIR and waits until it can carry onion services
(usually 8–15 s). DIR must be new, empty, or hold a stopped network. Progress
goes to stderr.

Options:
  --dir DIR      the network's directory (keys, logs, testnet.json)
  --relays N     relays besides the 3 authorities (default 2; at least 1)
  --json         print the network's state as JSON instead of text`,
  status: `Usage: burrow testnet status --dir DIR [--json]

Shows whether the network in DIR runs: each tor process, and how many relays the
consensus lists. Exit status 0 when every process runs, 1 otherwise.

Options:
  --dir DIR      the network's directory
  --json         print the status as JSON`,
  stop: `Usage: burrow testnet stop --dir DIR

Stops every tor process of the network in DIR (SIGTERM, then SIGKILL after 3 s).
Keys and logs stay in DIR. Stopping a stopped network does nothing.

Options:
  --dir DIR      the network's directory`,
} as const;

const BAR_WIDTH = 30;
/** Exit status of a command interrupted with Ctrl-C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

/**
 * Runs `burrow testnet …` with the arguments after `testnet`; resolves to the exit status:
 * 0 success, 1 failure (message on stderr), 2 bad arguments.
 */
export async function runTestnetCommand(argv: readonly string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  try {
    switch (subcommand) {
      case 'start':
        return await runStart(rest);
      case 'status':
        return await runStatus(rest);
      case 'stop':
        return await runStop(rest);
      case undefined:
        console.error(HELP.testnet);
        return 2;
      case '--help':
      case '-h':
      case 'help':
        console.log(HELP.testnet);
        return 0;
      default:
        throw new UsageError(
          `unknown command "${subcommand}". Use start, status or stop; see \`burrow testnet --help\`.`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof TestnetOptionsError) {
      console.error(`burrow testnet: ${error.message}`);
      return 2;
    }
    if (error instanceof AbortedError) {
      console.error('burrow testnet: interrupted; every tor it had launched was stopped.');
      return EXIT_INTERRUPTED;
    }
    if (error instanceof BurrowError) {
      console.error(`burrow testnet: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Parses a subcommand's flags; `--dir` is required. Returns undefined after printing help. */
function parse(
  command: 'start' | 'status' | 'stop',
  argv: readonly string[],
): { dir: string; json: boolean; relays: string | undefined } | undefined {
  const { values, positionals } = parseCommandArgs(`testnet ${command}`, argv, {
    dir: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...(command === 'stop' ? {} : { json: { type: 'boolean' } }),
    ...(command === 'start' ? { relays: { type: 'string' } } : {}),
  });
  if (values.help === true) {
    console.log(HELP[command]);
    return undefined;
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}". See \`burrow testnet ${command} --help\`.`);
  if (values.dir === undefined || values.dir === '')
    throw new UsageError(`--dir DIR is required. See \`burrow testnet ${command} --help\`.`);
  const record = values as Record<string, string | boolean | undefined>;
  return {
    dir: values.dir,
    json: record['json'] === true,
    relays: typeof record['relays'] === 'string' ? record['relays'] : undefined,
  };
}

async function runStart(argv: readonly string[]): Promise<number> {
  const args = parse('start', argv);
  if (args === undefined) return 0;
  const relays = args.relays === undefined ? undefined : parseCount(args.relays, '--relays');
  const progress = progressDisplay(process.stderr);
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort(new AbortedError('burrow testnet start'));
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  let info: TestnetInfo;
  try {
    info = await startTestnet({
      dir: args.dir,
      signal: controller.signal,
      onProgress: progress.update,
      ...(relays === undefined ? {} : { relays }),
    });
  } finally {
    progress.done();
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
  }
  if (args.json) {
    console.log(jsonSafe({ ...info, join: joinHint(info.dir) }, 2));
    return 0;
  }
  const authorities = info.nodes.filter((node) => node.role === 'authority').length;
  console.log(
    [
      `Private Tor network running in ${info.dir}`,
      `  ${authorities} directory authorities + ${info.nodes.length - authorities} relays on 127.0.0.1`,
      '',
      `Join it:  ${joinHint(info.dir)}`,
      `Status:   burrow testnet status --dir ${shellQuote(info.dir)}`,
      `Stop it:  burrow testnet stop --dir ${shellQuote(info.dir)}`,
    ].join('\n'),
  );
  return 0;
}

async function runStatus(argv: readonly string[]): Promise<number> {
  const args = parse('status', argv);
  if (args === undefined) return 0;
  const status = await testnetStatus(args.dir);
  console.log(args.json ? jsonSafe(status, 2) : formatStatus(status));
  return status.running ? 0 : 1;
}

async function runStop(argv: readonly string[]): Promise<number> {
  const args = parse('stop', argv);
  if (args === undefined) return 0;
  const before = await testnetStatus(args.dir, { consensus: false });
  const running = before.processes.filter((p) => p.alive).length + before.strays.length;
  await stopTestnet(args.dir);
  console.log(
    running === 0
      ? `No private Tor network was running in ${before.dir}.`
      : `Stopped the private Tor network in ${before.dir} (${running} tor processes).`,
  );
  return 0;
}

/** Strict whole-number flag value. */
function parseCount(text: string, flag: string): number {
  if (!/^[0-9]{1,3}$/.test(text)) throw new UsageError(`${flag} wants a whole number, got "${text}".`);
  return Number(text);
}

/** What to type to make a Burrow command join the network in `dir`. */
export function joinHint(dir: string): string {
  return `burrow <command> --testnet ${shellQuote(dir)}`;
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** Human-readable status report. */
export function formatStatus(status: TestnetStatus): string {
  if (status.processes.length === 0) {
    const strays = status.strays.map((s) => `${s.name} (pid ${s.pid})`).join(', ');
    return status.strays.length === 0
      ? `No private Tor network is running in ${status.dir}.`
      : `No private Tor network is running in ${status.dir}, but tor processes of an unfinished start are: ${strays}. Stop them with: burrow testnet stop --dir ${shellQuote(status.dir)}`;
  }
  const alive = status.processes.filter((p) => p.alive).length;
  const lines = [
    `Private Tor network in ${status.dir}: ${status.running ? 'running' : `NOT running (${alive} of ${status.processes.length} tor processes alive)`}`,
    ...(status.startedAt === undefined ? [] : [`  started ${status.startedAt}`]),
    ...status.processes.map(
      (p) => `  ${p.name.padEnd(8)} ${p.role.padEnd(9)} pid ${String(p.pid).padEnd(8)} ${p.alive ? 'alive' : 'exited'}`,
    ),
  ];
  if (status.consensusRelays !== undefined) {
    const validAfter =
      status.consensusValidAfter === undefined ? '' : ` (valid after ${status.consensusValidAfter} UTC)`;
    lines.push(`  consensus lists ${status.consensusRelays} of ${status.processes.length} relays${validAfter}`);
  }
  return lines.join('\n');
}

/**
 * Progress on `stream`: a bar redrawn in place on a terminal, one plain line per new message
 * otherwise (logs, CI).
 */
function progressDisplay(stream: NodeJS.WriteStream): { update: (step: TestnetProgress) => void; done: () => void } {
  let lastMessage: string | undefined;
  let drawn = false;
  if (stream.isTTY !== true) {
    return {
      update: (step) => {
        if (step.message === lastMessage) return;
        lastMessage = step.message;
        stream.write(`${String(Math.round(step.fraction * 100)).padStart(3)}% ${step.message}\n`);
      },
      done: () => undefined,
    };
  }
  return {
    update: (step) => {
      // Cut to the terminal's width: a wrapped line cannot be redrawn with \r.
      stream.write(
        `\r\x1b[K${renderProgressBar(step, BAR_WIDTH).slice(0, Math.max(BAR_WIDTH + 7, stream.columns - 1))}`,
      );
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** `[#########---------]  45% message`, `width` characters of bar. */
export function renderProgressBar(step: TestnetProgress, width: number): string {
  const fraction = Math.min(1, Math.max(0, step.fraction));
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${step.message}`;
}
