/**
 * Waiting helpers for the tor process manager: every wait ends, by the awaited thing, the
 * caller's AbortSignal (`AbortedError`) or a time limit (`TimeoutError`).
 */
import { AbortedError, TimeoutError } from '../../errors.js';

/**
 * A time limit plus the caller's AbortSignal for a multi-step operation. `signal` fires with
 * `TimeoutError` or `AbortedError` (pass it to the steps that take a signal); `race` makes
 * any promise give up at the same moment.
 *
 * @example
 * ```ts
 * const deadline = new Deadline('attaching to tor', 30_000, options.signal);
 * try { await deadline.race(client.authenticate()); } finally { deadline.dispose(); }
 * ```
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onAbort: () => void;
  readonly #stopped: Promise<never>;

  constructor(what: string, timeoutMs: number, signal?: AbortSignal) {
    this.#callerSignal = signal;
    this.#onAbort = () => this.#controller.abort(new AbortedError(what, signal?.reason));
    this.#timer = setTimeout(() => this.#controller.abort(new TimeoutError(what, timeoutMs)), timeoutMs);
    if (signal?.aborted === true) this.#onAbort();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#stopped = new Promise<never>((_resolve, reject) => {
      const fail = (): void => reject(this.#controller.signal.reason as Error);
      if (this.#controller.signal.aborted) fail();
      else this.#controller.signal.addEventListener('abort', fail, { once: true });
    });
    // Only meaningful through race(); never an unhandled rejection on its own.
    this.#stopped.catch(() => undefined);
  }

  /** Fires with `TimeoutError` or `AbortedError`. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the caller's own signal (not the time limit) ended the operation. */
  get abortedByCaller(): boolean {
    return this.#callerSignal?.aborted === true;
  }

  /** The promise's outcome, or the deadline's error if that comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#stopped]);
  }

  /** Ends the deadline early (after failure) so steps still running see the signal fire. */
  cancel(reason: Error): void {
    this.#controller.abort(reason);
  }

  /** Clears the timer and the listener on the caller's signal. Call in `finally`. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onAbort);
  }
}

/** Waits `ms`; rejects with the signal's reason if it fires first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      done();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
