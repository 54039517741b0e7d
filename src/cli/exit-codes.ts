/**
 * The exit statuses of `burrow`, one per failure a script must tell apart (README.md "Exit
 * statuses" lists them; `burrow --help` prints them). Errors are matched by their stable `name`.
 */
import type { BurrowError } from '../errors.js';

export const EXIT = {
  ok: 0,
  /** Anything not listed below. */
  failure: 1,
  usage: 2,
  noProfile: 3,
  wrongPassphrase: 4,
  noDaemon: 5,
  tor: 6,
  peerUnreachable: 7,
} as const;

const BY_ERROR_NAME: Readonly<Record<string, number>> = {
  UsageError: EXIT.usage,
  PassphraseRequiredError: EXIT.usage,
  ProfileNotFoundError: EXIT.noProfile,
  WrongPassphraseError: EXIT.wrongPassphrase,
  DaemonNotRunningError: EXIT.noDaemon,
  TorMissingError: EXIT.tor,
  TorStartError: EXIT.tor,
  TorExitedError: EXIT.tor,
  TorControlConnectError: EXIT.tor,
  TorControlAuthError: EXIT.tor,
  TorControlClosedError: EXIT.tor,
  TorSocksUnavailableError: EXIT.tor,
  ConnectionLostError: EXIT.peerUnreachable,
  PeerClosedError: EXIT.peerUnreachable,
  SessionClosedError: EXIT.peerUnreachable,
  PeerUnreachableError: EXIT.peerUnreachable,
};

/** The exit status for an error the CLI reports; a daemon's error counts by the node's error name. */
export function exitCodeFor(error: BurrowError): number {
  const remoteName = (error as { remoteName?: unknown }).remoteName;
  const name = typeof remoteName === 'string' ? remoteName : error.name;
  return BY_ERROR_NAME[name] ?? EXIT.failure;
}

/** Every exit status and what it means (the man page lists them; EXIT_CODES_HELP lays them out). */
export const EXIT_CODE_MEANINGS: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'success'],
  [EXIT.failure, 'any other failure'],
  [EXIT.usage, 'usage error (bad command, flag or argument)'],
  [EXIT.noProfile, 'no profile in the directory'],
  [EXIT.wrongPassphrase, 'wrong passphrase'],
  [EXIT.noDaemon, 'no daemon runs for the profile'],
  [EXIT.tor, 'tor is missing or failed'],
  [EXIT.peerUnreachable, 'a friend could not be reached'],
];

export const EXIT_CODES_HELP = `Exit statuses:
  0  success                     4  wrong passphrase
  1  any other failure           5  no daemon runs for the profile
  2  usage error (bad command,   6  tor is missing or failed
     flag or argument)           7  a friend could not be reached
  3  no profile in the directory`;
