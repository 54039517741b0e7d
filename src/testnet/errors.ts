/**
 * Errors of the private test network (`burrow testnet`). Each names the fix: the command to run
 * or the log file to read.
 */
import { BurrowError, BurrowFailure } from '../errors.js';

/** No network state in the directory, or every process of it has exited. */
export class TestnetNotRunningError extends BurrowError {
  override readonly name = 'TestnetNotRunningError';
  constructor(
    readonly dir: string,
    detail: string,
  ) {
    super(
      `no private Tor network is running in ${dir} (${detail}). Start one with: burrow testnet start --dir ${dir}`,
      { action: 'tell-user' },
    );
  }
}

/** `testnet.json` exists but is not what `startTestnet` writes (edited by hand, truncated, another version). */
export class TestnetStateError extends BurrowError {
  override readonly name = 'TestnetStateError';
  constructor(
    readonly file: string,
    detail: string,
    cause?: unknown,
  ) {
    super(
      `${file} is not a valid test network state file: ${detail}. Stop the network with \`burrow testnet stop\` and start a new one.`,
      {
        action: 'tell-user',
        cause,
      },
    );
  }
}

/** 'TestnetAlreadyRunningError': `startTestnet` was pointed at a directory where a network is still running. */
export function testnetAlreadyRunning(dir: string): BurrowFailure {
  return new BurrowFailure(
    'TestnetAlreadyRunningError',
    `a private Tor network is already running in ${dir}. Stop it first with: burrow testnet stop --dir ${dir}`,
    {
      action: 'tell-user',
    },
  );
}

/** 'TestnetDirError': the directory holds files that are not a test network's: Burrow will not write into it. */
export function testnetDirUnusable(dir: string, detail: string): BurrowFailure {
  return new BurrowFailure(
    'TestnetDirError',
    `cannot use ${dir} for a test network: ${detail}. Choose an empty or new directory.`,
    { action: 'tell-user' },
  );
}

/** The network did not come up; the message points at the tor log files that say why. */
export class TestnetStartError extends BurrowError {
  override readonly name = 'TestnetStartError';
  constructor(
    message: string,
    readonly logFiles: readonly string[],
    cause?: unknown,
  ) {
    super(logFiles.length === 0 ? message : `${message}. See the tor logs: ${logFiles.join(', ')}`, {
      action: 'tell-user',
      cause,
    });
  }
}

/** `startTestnet` options out of range (e.g. too few relays for onion services). */
export class TestnetOptionsError extends BurrowError {
  override readonly name = 'TestnetOptionsError';
  constructor(message: string) {
    super(message, { action: 'tell-user' });
  }
}
