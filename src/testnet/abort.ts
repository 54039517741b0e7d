/**
 * AbortSignal helpers that fail with Burrow's {@link AbortedError} (node's own timers reject
 * with a DOMException, which callers cannot match on).
 */
import { AbortedError } from '../errors.js';

/** Throws {@link AbortedError} if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted === true) throw new AbortedError(what, signal.reason);
}

/** Waits `ms` milliseconds; rejects with {@link AbortedError} as soon as `signal` fires. */
export function pause(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  throwIfAborted(signal, what);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(what, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
