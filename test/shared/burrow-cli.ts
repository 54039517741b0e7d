/**
 * Runs the real `burrow` command (bin/burrow.js over dist/, built by `npm test` before the
 * suite) as a user would: `init`, `daemon`, `ctl`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BURROW_BIN = join(root, 'bin', 'burrow.js');

function assertBuilt(): void {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `burrow …args` to completion. */
export function runBurrow(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BURROW_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`burrow ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `burrow ctl <args> --json --profile DIR`, parsed; throws with stderr when it fails. */
export async function ctlJson(profile: string, args: readonly string[]): Promise<unknown> {
  const result = await runBurrow(['ctl', ...args, '--json', '--profile', profile]);
  if (result.code !== 0) throw new Error(`burrow ctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

export interface RunningDaemon {
  readonly onion: string;
  readonly child: ChildProcess;
  /** SIGTERM and wait for a clean exit (returns the exit code). */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  stderr(): string;
}

/** How {@link startDaemon} runs the daemon. */
export interface DaemonOptions {
  /** How long to wait for its ready line. */
  readonly timeoutMs?: number;
  /**
   * A command the daemon runs under (`['strace', '-ff', …]`): signals then go to the daemon
   * itself, the wrapper's child, so that it stops as it would alone.
   */
  readonly wrapper?: readonly string[];
  /** Which tor: `['--testnet', DIR]` (the private network, the usual) or `['--tor-control', 'HOST:PORT']`. */
  readonly torFlags: readonly string[];
}

/** Starts `burrow daemon --json` on `profile` with the tor `torFlags` name; resolves when it printed its ready line. */
export function startDaemon(
  profile: string,
  env: NodeJS.ProcessEnv,
  { timeoutMs = 90_000, wrapper = [], torFlags }: DaemonOptions,
): Promise<RunningDaemon> {
  assertBuilt();
  const command = [...wrapper, process.execPath, BURROW_BIN, 'daemon', '--json', '--profile', profile, ...torFlags];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** The daemon's own process: the wrapper's child, or the child itself. */
  const daemonPid = (): number | undefined => (wrapper.length === 0 ? child.pid : firstChildOf(child.pid));
  const signal = (name: NodeJS.Signals): void => {
    const pid = daemonPid();
    if (pid !== undefined) process.kill(pid, name);
  };
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`daemon for ${profile} not ready within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      const { onion } = JSON.parse(line) as { onion: string };
      resolve({
        onion,
        child,
        stderr: () => stderr,
        stop: async () => {
          signal('SIGTERM');
          return exited;
        },
        kill: async () => {
          signal('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`daemon for ${profile} exited with ${code} before it was ready\n${stderr}`));
    });
  });
}

/** The first child process of `pid` (Linux: the children file of each task under /proc/PID/task), if any. */
function firstChildOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children !== '') return Number(children.split(' ')[0]);
    }
  } catch {
    // Gone already.
  }
  return undefined;
}
