/**
 * Errors of the tor process manager, and the reading of tor's own log lines that turns "tor
 * exited with code 1" into a message a user can act on ("port 9050 is already in use").
 */
import { BurrowError, BurrowFailure, withFields } from '../../errors.js';

/** Why a launch failed; callers match on it (the message is for people). */
export type TorStartFailure =
  /** One of tor's listeners could not bind: another program holds the port. */
  | 'port-in-use'
  /** Another tor is running with the same DataDirectory (its `lock` file is held). */
  | 'data-dir-locked'
  /** tor refused its configuration (bad option, unusable directory, permissions, …). */
  | 'config'
  /** tor exited during startup for another reason. */
  | 'exited'
  /** tor did not answer on its control port in time. */
  | 'timeout'
  /** tor ran, but the control connection or authentication failed. */
  | 'control';

/** A 'TorStartError': `reason` says why, `torOutput` holds tor's last log lines. */
export type TorStartFailed = BurrowFailure & {
  readonly reason: TorStartFailure;
  readonly torOutput: readonly string[];
};

/** 'TorStartError': tor could not be started. */
export function torStartFailed(
  message: string,
  reason: TorStartFailure,
  torOutput: readonly string[],
  cause?: unknown,
): TorStartFailed {
  const action = reason === 'timeout' || reason === 'control' ? 'retry' : 'tell-user';
  return withFields(new BurrowFailure('TorStartError', message, { action, cause }), { reason, torOutput });
}

/** tor is gone for good: it died and was not (or could not be) restarted. */
export class TorExitedError extends BurrowError {
  override readonly name = 'TorExitedError';
  constructor(
    message: string,
    readonly torOutput: readonly string[],
    cause?: unknown,
  ) {
    super(message, { action: 'tell-user', cause });
  }
}

/** 'TorSocksUnavailableError': tor has no SOCKS listener open right now (e.g. it runs with `DisableNetwork 1`). */
export function torSocksUnavailable(): BurrowFailure {
  return new BurrowFailure(
    'TorSocksUnavailableError',
    "tor has no SOCKS port open (is DisableNetwork set?). Enable tor's network, then try again.",
    { action: 'retry' },
  );
}

/** How a tor process ended: its exit code, or the signal that killed it. */
export interface TorExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** "exit code 1" / "signal SIGKILL", for messages. */
export function describeExit(exit: TorExit): string {
  if (exit.signal !== null) return `signal ${exit.signal}`;
  return exit.code === null ? 'it could not be run' : `exit code ${exit.code}`;
}

/** A tor log line without its timestamp: `[warn] Could not bind …`. */
export function stripLogTimestamp(line: string): string {
  return line.replace(/^[A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2}\.\d{3} /, '');
}

/** What tor's last log lines say went wrong. */
export interface TorDiagnosis {
  readonly reason: TorStartFailure;
  readonly message: string;
}

/**
 * Reads tor's last log lines after it exited during startup and explains the failure in
 * words a user can act on. Falls back to quoting tor's first warning or error.
 */
export function diagnoseTorExit(lines: readonly string[], exit: TorExit, dataDir: string): TorDiagnosis {
  const text = lines.map(stripLogTimestamp);
  for (const line of text) {
    // tor: "Could not bind to 127.0.0.1:9050: Address already in use. Is Tor already running?"
    const bind = /Could not bind to (\S+?): Address already in use/.exec(line);
    if (bind !== null) {
      return {
        reason: 'port-in-use',
        message: `tor could not listen on ${bind[1] as string}: another program already uses that port. Stop that program, or choose another port.`,
      };
    }
    // tor: "It looks like another Tor process is running with the same data directory."
    if (/another Tor process is running with the same data directory/.test(line)) {
      return {
        reason: 'data-dir-locked',
        message: `another tor is already running with the data directory ${dataDir} (is Burrow already running with this profile?). Close it, or use another profile.`,
      };
    }
  }
  const complaint = text.find((line) => /^\[(warn|err)\]/.test(line) && !/see warnings above/.test(line));
  const configRejected = text.some((line) => /Failed to parse\/validate config|Reading config failed/.test(line));
  const detail = complaint === undefined ? '' : `: ${complaint.replace(/^\[(warn|err)\] /, '')}`;
  if (configRejected) return { reason: 'config', message: `tor refused its configuration${detail}` };
  return { reason: 'exited', message: `tor exited during startup (${describeExit(exit)})${detail}` };
}
