/**
 * Launching daemonised tors and stopping them by pid.
 *
 * A tor with `RunAsDaemon 1` forks: the parent exits once the child has bound its ports, and
 * the child writes its PidFile just after that and deletes it before it finishes exiting
 * (docs/TESTNET.md, "Stopping"). So: wait for the parent, read the pid once the file
 * appears, remember it, and later wait on the process itself, never on the file.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { AbortedError, TimeoutError } from '../errors.js';
import { pause, throwIfAborted } from './abort.js';
import { TestnetStartError } from './errors.js';

/** How long a tool (tor-gencert, `tor --list-fingerprint`) or a daemonising tor parent may run. */
export const TOOL_TIMEOUT_MS = 30_000;
/** How long to wait for a daemon's PidFile after its parent returned. */
export const PIDFILE_TIMEOUT_MS = 10_000;
/**
 * How long a tor may take to exit after SIGTERM before it gets SIGKILL. With
 * `ShutdownWaitLength 0` tor exits in ~50 ms, but tor 0.4.9.11 was seen to deadlock now and
 * then (every thread in a futex wait) when asked to exit while publishing a consensus; a
 * test network holds nothing worth a longer wait.
 */
export const STOP_TIMEOUT_MS = 3_000;
/** How long to wait for the kernel to remove a SIGKILLed process. */
const KILL_WAIT_MS = 2_000;
const POLL_MS = 50;
/** Output kept from a failed tool, for the error message. */
const OUTPUT_TAIL_CHARS = 2_000;
/** How long a failed tool's last output may trail its exit. */
const OUTPUT_GRACE_MS = 500;

/** A tool exited with a failure status; `output` is the end of what it printed. Callers see a TestnetStartError. */
export class ToolFailedError extends TestnetStartError {
  constructor(
    command: string,
    status: string,
    readonly output: string,
    logFiles: readonly string[],
  ) {
    super(`${command} failed (${status}):\n${output}`, logFiles);
  }
}

/** Options of {@link runTool}. */
export interface ToolOptions {
  /** Written to the tool's stdin, which is then closed. */
  readonly input?: string;
  readonly signal?: AbortSignal;
  /** Log files named in the error if the tool fails. */
  readonly logFiles?: readonly string[];
}

/**
 * Runs `file args…` to completion and resolves to its stdout; a non-zero exit, a timeout or an
 * abort rejects (the child is killed) with an error quoting the end of its output.
 */
export function runTool(file: string, args: readonly string[], options: ToolOptions = {}): Promise<string> {
  const { signal, logFiles = [] } = options;
  throwIfAborted(signal, file);
  return new Promise<string>((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    const keep = (chunk: Buffer, toStdout: boolean): void => {
      const text = chunk.toString('utf8');
      if (toStdout) stdout += text;
      output = (output + text).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, true));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, false));
    const timer = setTimeout(
      () => finish(new TimeoutError(`${file} ${args[0] ?? ''}`.trim(), TOOL_TIMEOUT_MS)),
      TOOL_TIMEOUT_MS,
    );
    const onAbort = (): void => finish(new AbortedError(file, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(error: Error | undefined): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve(stdout);
        return;
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(error);
    }
    child.once('error', (error) =>
      finish(new TestnetStartError(`could not run ${file}: ${error.message}`, logFiles, error)),
    );
    // 'exit', not 'close': a daemonised tor's child may keep the inherited pipes open.
    child.once('exit', (code, killedBy) => {
      if (code === 0) {
        finish(undefined);
        return;
      }
      // Output can still be in the pipes after 'exit': wait for 'close' (briefly) to quote all of it.
      const fail = (): void =>
        finish(
          new ToolFailedError(`${file} ${args.join(' ')}`, killedBy ?? `exit status ${code}`, output.trim(), logFiles),
        );
      const grace = setTimeout(fail, OUTPUT_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        fail();
      });
    });
    child.stdin.on('error', () => {
      // The tool may exit before reading its input; its exit status says what went wrong.
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Reads the pid a daemonised tor wrote to `pidFile`, polling until the file appears.
 * Rejects with {@link TestnetStartError} pointing at `logFile` if it never does.
 */
export async function waitForPidFile(pidFile: string, logFile: string, signal?: AbortSignal): Promise<number> {
  const deadline = Date.now() + PIDFILE_TIMEOUT_MS;
  for (;;) {
    const text = await readFile(pidFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    // The file can be seen empty between its creation and the write of the number.
    const pid = text === undefined ? NaN : Number(text.trim());
    if (Number.isSafeInteger(pid) && pid > 1 && text?.trim() !== '') return pid;
    if (Date.now() > deadline)
      throw new TestnetStartError(`tor did not write its pid file ${pidFile} within ${PIDFILE_TIMEOUT_MS} ms`, [
        logFile,
      ]);
    await pause(POLL_MS, signal, 'waiting for the tor pid file');
  }
}

/**
 * Is `pid` a live process (a zombie counts as gone: it has exited, only its parent has not
 * reaped it yet)? When `commandLineIncludes` is given, the process must also have that
 * string among its arguments: a recycled pid that now belongs to another program is "gone".
 */
export function isRunning(pid: number, commandLineIncludes?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is not one of our tors.
    return (error as NodeJS.ErrnoException).code === 'EPERM' && commandLineIncludes === undefined;
  }
  const proc = procInfo(pid);
  if (proc === undefined) return true; // no /proc (not Linux): trust kill(0)
  if (proc.zombie) return false;
  return commandLineIncludes === undefined || proc.argv.includes(commandLineIncludes);
}

function procInfo(pid: number): { zombie: boolean; argv: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // proc(5): "pid (comm) state …"; comm may itself contain ") ", so split at the last one.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return { zombie: state === 'Z' || state === 'X', argv };
  } catch {
    // The process vanished between the calls, or there is no /proc at all.
    return isProcMounted() ? { zombie: true, argv: [] } : undefined;
  }
}

function isProcMounted(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops process `pid`: SIGTERM, wait until it is gone, SIGKILL after `timeoutMs`. Does nothing
 * if it is already gone (or, with `commandLineIncludes`, is no longer our tor). `gone` is false
 * only if even SIGKILL did not remove it in time.
 */
export async function terminate(
  pid: number,
  commandLineIncludes?: string,
  timeoutMs = STOP_TIMEOUT_MS,
): Promise<{ wasRunning: boolean; gone: boolean }> {
  if (!isRunning(pid, commandLineIncludes)) return { wasRunning: false, gone: true };
  sendSignal(pid, 'SIGTERM');
  if (await waitUntilGone(pid, timeoutMs)) return { wasRunning: true, gone: true };
  sendSignal(pid, 'SIGKILL');
  return { wasRunning: true, gone: await waitUntilGone(pid, KILL_WAIT_MS) };
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await pause(POLL_MS, undefined, 'waiting for tor to exit');
  }
  return true;
}
