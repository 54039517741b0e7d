/**
 * Burrow's errors. Every error that crosses a module boundary is a `BurrowError` with a stable
 * `name` that callers match on, and says what the caller can do about it
 * (docs/ARCHITECTURE.md "Conventions", js-libp2p habit).
 *
 * Most are a {@link BurrowFailure}: one class whose `name` is a code given at construction, built
 * by a factory function of the area's errors.ts. A class of its own is kept only where code
 * matches on it (`instanceof`) or reads fields it carries.
 *
 * @example
 * ```ts
 * // src/chat/errors.ts
 * export function emptyMessage(): BurrowFailure {
 *   return new BurrowFailure('EmptyMessageError', 'The message is empty. Type some text to send.', { action: 'tell-user' });
 * }
 * // a caller or a test
 * if (error instanceof BurrowError && error.name === 'EmptyMessageError') …
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

/**
 * An error told apart by its `name` (a code such as 'MessageTooLongError') rather than by its
 * class. Areas build them with factory functions (`messageTooLong(bytes)`); callers and tests
 * match on `name`.
 */
export class BurrowFailure extends BurrowError {
  override readonly name: string;

  constructor(name: string, message: string, options: BurrowErrorOptions = {}) {
    super(message, options);
    this.name = name;
  }
}

/** Extra fields may not replace what every error has. */
type ErrorFields = object & {
  readonly name?: never;
  readonly message?: never;
  readonly action?: never;
  readonly cause?: never;
};

/**
 * `error` with `fields` added for callers to read (a refusal's `reason`, a size).
 * @example withFields(new BurrowFailure('ListenError', message, { action }), { reason })
 */
export function withFields<E extends BurrowError, F extends ErrorFields>(error: E, fields: F): E & Readonly<F> {
  return Object.assign(error, fields);
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
  constructor(
    what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} timed out after ${timeoutMs} ms`, { action: 'retry' });
  }
}
