/**
 * Burrow's error base class. Every error that crosses a module boundary is a subclass with a
 * stable `name` that callers match on, and says what the caller can do about it
 * (docs/ARCHITECTURE.md "Conventions", js-libp2p habit).
 *
 * @example
 * ```ts
 * export class TorMissingError extends BurrowError {
 *   override readonly name = 'TorMissingError';
 *   constructor() { super('tor is not installed. Install it with: sudo apt-get install -y tor', { action: 'tell-user' }); }
 * }
 * ```
 */
export type ErrorAction =
  /** A transient failure: trying again later may work. */
  | 'retry'
  /** Only the user can fix it (install something, choose another port, …). */
  | 'tell-user'
  /** The remote peer misbehaved: drop the connection. */
  | 'drop-peer'
  /** A bug or an impossible state. */
  | 'bug';

export interface BurrowErrorOptions {
  readonly action?: ErrorAction;
  readonly cause?: unknown;
}

export abstract class BurrowError extends Error {
  abstract override readonly name: string;
  readonly action: ErrorAction;

  constructor(message: string, options: BurrowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.action = options.action ?? 'bug';
  }
}

/** An operation was cancelled through its AbortSignal. */
export class AbortedError extends BurrowError {
  override readonly name = 'AbortedError';
  constructor(what = 'operation', cause?: unknown) {
    super(`${what} was aborted`, { action: 'retry', cause });
  }
}

/** An operation did not finish within its time limit. */
export class TimeoutError extends BurrowError {
  override readonly name = 'TimeoutError';
  constructor(what: string, readonly timeoutMs: number) {
    super(`${what} timed out after ${timeoutMs} ms`, { action: 'retry' });
  }
}
