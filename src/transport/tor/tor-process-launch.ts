/**
 * One attempt to start a `tor` that Burrow owns: prepare its data directory, spawn it, find
 * its control port, authenticate, take ownership. Every step races tor's exit, the caller's
 * AbortSignal and the start timeout, so a tor that dies or hangs never leaves the caller
 * waiting; on any failure the child is killed and reaped before the error is thrown.
 */
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AbortedError, TimeoutError } from '../../errors.js';
import { logger } from '../../log.js';
import { TorControlClient } from './control/index.js';
import { TorChild } from './tor-process-child.js';
import {
  launchTorrc,
  parseControlPortFile,
  torProcessPaths,
  type TorEndpoint,
  type TorProcessPaths,
} from './tor-process-config.js';
import { diagnoseTorExit, torStartFailed, type TorExit } from './tor-process-errors.js';
import { within } from '../../lib/within.js';
import { Deadline, delay } from './tor-process-timing.js';
import { renderTorrc, type TorrcEntry } from './torrc.js';

const log = logger('tor-process');

/** Default time from spawning tor until its control port is authenticated. */
export const DEFAULT_START_TIMEOUT_MS = 30_000;
/** How often the control-port file is polled while tor starts (tor with DisableNetwork starts in ~15 ms). */
export const CONTROL_PORT_POLL_MS = 20;
/**
 * After the control connection failed, how long to wait for tor to exit so the error can
 * quote tor's reason (tor closes the connection as it dies) rather than "connection closed".
 */
const EXIT_AFTER_CONTROL_FAILURE_MS = 1_500;
/** How long a SIGKILLed tor may take to be reaped. */
export const KILL_REAP_MS = 5_000;

/** What a launch attempt needs. */
export interface StartTorOptions {
  readonly torBinary: string;
  readonly dataDir: string;
  readonly extraTorrc: readonly TorrcEntry[];
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  /** Keep tor's log in `<dataDir>/tor.log` (debugging); default: only when BURROW_TOR_LOG=1. */
  readonly logToFile?: boolean;
  /**
   * Runs last, on the authenticated owning connection, under the same deadline (e.g. to
   * subscribe to events and read the initial state). If it fails, the launch fails.
   */
  readonly prepare?: (control: TorControlClient) => Promise<void>;
}

/** A started tor: the child process and its authenticated, owning control connection. */
export interface StartedTor {
  readonly child: TorChild;
  readonly control: TorControlClient;
  readonly controlEndpoint: TorEndpoint;
  readonly paths: TorProcessPaths;
}

/** Internal: tor exited while a launch step was waiting on it (turned into a TorStartError). */
class ChildExited extends Error {
  constructor(readonly exit: TorExit) {
    super('tor exited during startup');
  }
}

/**
 * Starts tor once. Rejects with `TorStartError` (tor's last log lines attached, and for a
 * taken port or a locked data directory a message saying so), `AbortedError`, or `TypeError`
 * for an `extraTorrc` that sets an option Burrow manages.
 */
export async function startTor(options: StartTorOptions): Promise<StartedTor> {
  throwIfAborted(options.signal);
  const paths = torProcessPaths(resolve(options.dataDir));
  // torrc has no quoting for `Log notice file <path>`, and `#` starts a comment anywhere.
  if (/[#"\\]/.test(paths.dataDir)) {
    throw torStartFailed(
      `tor cannot use a data directory whose path contains #, " or \\ (${paths.dataDir}). Choose a profile directory without them.`,
      'config',
      [],
    );
  }
  const logToFile = options.logToFile ?? process.env['BURROW_TOR_LOG'] === '1';
  const torrc = renderTorrc(launchTorrc(paths, process.pid, options.extraTorrc, logToFile));
  await prepareDataDir(paths, torrc);
  // A log an earlier run kept (or an older Burrow wrote) goes as soon as logging is off.
  if (!logToFile) await rm(paths.logFile, { force: true });
  throwIfAborted(options.signal);

  const deadline = new Deadline('starting tor', options.timeoutMs, options.signal);
  const child = TorChild.spawn(options.torBinary, paths.defaultsTorrc, paths.torrc);
  log.debug('tor spawned', { pid: child.pid });
  const exited = child.exited.then((exit) => Promise.reject(new ChildExited(exit)));
  // Handled here so an exit after a successful start is not an unhandled rejection.
  exited.catch(() => undefined);
  const step = <T>(promise: Promise<T>): Promise<T> => deadline.race(Promise.race([promise, exited]));

  let connecting: Promise<TorControlClient> | undefined;
  try {
    const controlEndpoint = await step(waitForControlPort(paths.controlPortFile, deadline.signal));
    connecting = TorControlClient.connect({
      ...controlEndpoint,
      signal: deadline.signal,
      timeoutMs: options.timeoutMs,
    });
    const control = await step(connecting);
    await step(control.authenticate({ cookieFile: paths.cookieFile }));
    // control-spec §3.23: TAKEOWNERSHIP makes tor exit when this connection closes (even if
    // Burrow is killed), after which the PID poll of __OwningControllerProcess is redundant.
    await step(control.takeOwnership());
    await step(control.command('RESETCONF', ['__OwningControllerProcess']));
    if (options.prepare !== undefined) await step(options.prepare(control));
    return { child, control, controlEndpoint, paths };
  } catch (error) {
    // Also closes a connection that completed just as tor died (so nobody else holds it).
    if (connecting !== undefined)
      void connecting.then(
        (client) => client.close(),
        () => undefined,
      );
    deadline.cancel(new AbortedError('starting tor'));
    throw await startFailure(error, child, paths, deadline.abortedByCaller);
  } finally {
    deadline.dispose();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortedError('starting tor', signal.reason);
}

/** Creates the data directory with mode 0700 (tightening an existing one) and writes the torrc files. */
async function prepareDataDir(paths: TorProcessPaths, torrc: string): Promise<void> {
  try {
    await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
    if (!(await stat(paths.dataDir)).isDirectory()) throw new Error('it is not a directory');
    // tor itself refuses a DataDirectory others can read; the keys and cookie inside are secret.
    await chmod(paths.dataDir, 0o700);
    await writeFile(paths.defaultsTorrc, '', { mode: 0o600 });
    await writeFile(paths.torrc, torrc, { mode: 0o600 });
    // A file left by an earlier tor would point at a port that is closed, or someone else's.
    await rm(paths.controlPortFile, { force: true });
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw torStartFailed(
      `Burrow could not prepare tor's data directory ${paths.dataDir} (${why}). Check that it is a directory this user owns.`,
      'config',
      [],
      error,
    );
  }
}

/** Polls tor's ControlPortWriteToFile file until it names a TCP port. */
async function waitForControlPort(file: string, signal: AbortSignal): Promise<TorEndpoint> {
  for (;;) {
    try {
      const endpoint = parseControlPortFile(await readFile(file, 'utf8'));
      if (endpoint !== undefined) return endpoint;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await delay(CONTROL_PORT_POLL_MS, signal);
  }
}

/** Turns whatever stopped the launch into the error the caller sees; kills and reaps tor first. */
async function startFailure(
  error: unknown,
  child: TorChild,
  paths: TorProcessPaths,
  abortedByCaller: boolean,
): Promise<unknown> {
  let exit = error instanceof ChildExited ? error.exit : undefined;
  if (exit === undefined && !(error instanceof AbortedError) && !(error instanceof TimeoutError)) {
    // The control connection failed: usually because tor is dying. Give it a moment to say why.
    exit = await within(child.exited, EXIT_AFTER_CONTROL_FAILURE_MS);
  }
  child.kill('SIGKILL');
  const reaped = exit ?? (await within(child.exited, KILL_REAP_MS));
  if (reaped === undefined) log.warn('tor did not exit after SIGKILL', { pid: child.pid });
  const output = child.outputTail;
  const diagnosis = diagnoseTorExit(output, reaped ?? { code: null, signal: 'SIGKILL' }, paths.dataDir);
  // tor's own explanation wins when it has one (a locked data directory also looks like a timeout).
  if (diagnosis.reason === 'port-in-use' || diagnosis.reason === 'data-dir-locked')
    return torStartFailed(diagnosis.message, diagnosis.reason, output, error);
  if (error instanceof ChildExited) return torStartFailed(diagnosis.message, diagnosis.reason, output);
  if (abortedByCaller) return error instanceof AbortedError ? error : new AbortedError('starting tor', error);
  if (error instanceof TimeoutError) {
    return torStartFailed(
      `tor did not answer on its control port within ${error.timeoutMs} ms. With BURROW_TOR_LOG=1 its whole log is kept in ${paths.logFile}.`,
      'timeout',
      output,
      error,
    );
  }
  if (exit !== undefined) return torStartFailed(diagnosis.message, diagnosis.reason, output, error);
  const reason = error instanceof Error ? error.message : String(error);
  return torStartFailed(`tor started, but Burrow could not use its control port: ${reason}`, 'control', output, error);
}
