/**
 * What the TUI needs from whoever starts it (the `burrow` CLI): a way to create or unlock the
 * profile, which yields the node's API, and a way to shut down. The TUI never touches the
 * store or tor itself.
 */
import type { NodeApi } from '../node/api.js';

/** What the caller provides to start and stop the node. */
export interface TuiBoot {
  /** Whether a profile exists: unlock it, or else create one. */
  readonly profileExists: boolean;
  /**
   * Creates the profile and starts the node. Resolves as soon as the API is usable: Tor may
   * still be bootstrapping, and its progress arrives as 'tor' events.
   */
  createProfile(name: string, passphrase: string): Promise<NodeApi>;
  /**
   * Unlocks the profile and starts the node (same timing as createProfile). A wrong passphrase
   * rejects with an error whose `name` is {@link WRONG_PASSPHRASE_ERROR_NAME}.
   */
  unlock(passphrase: string): Promise<NodeApi>;
  /**
   * Stops tor and saves everything. Called exactly once when the user quits, from any screen;
   * the TUI waits for it (showing that it does), so it must finish in bounded time.
   */
  onExit(): Promise<void>;
}

/** The `name` of the error `unlock` rejects with for a wrong passphrase. */
export const WRONG_PASSPHRASE_ERROR_NAME = 'WrongPassphraseError';

/** Whether `error` says the passphrase was wrong. */
export function isWrongPassphrase(error: unknown): boolean {
  return error instanceof Error && error.name === WRONG_PASSPHRASE_ERROR_NAME;
}
