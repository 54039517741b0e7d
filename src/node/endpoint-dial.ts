/**
 * Dialing a friend who gave us a private endpoint (docs/PROTOCOL.md "Endpoints"): the endpoint
 * first, and their public address alongside once the endpoint had a head start without
 * connecting, or at once when it failed; the first connection wins and the other is dropped.
 *
 * Why not one after the other: a dial to an endpoint tor has no descriptor for yet (a friend's
 * tor still uploading it, or publishing many at once) is retried until the dial's deadline, so
 * a plain fallback kept a friend unreachable for a whole dial timeout even though their public
 * address answered. Why not both at once: the endpoint is what a friend who closed their public
 * address still answers on, and a connection there carries nothing a stranger can watch; the
 * public address is only the second way in.
 */

/** How long the endpoint dials alone: an onion connection takes a few seconds on the real Tor network. */
export const ENDPOINT_HEAD_START_MS = 10_000;

/** One dial of {@link dialEndpointFirst}. */
export interface EndpointFirstDial<T> {
  /** Dials `address`, stopping when `signal` aborts. */
  readonly dialAt: (address: string, signal: AbortSignal) => Promise<T>;
  /** Closes a connection that won no race (both connected). */
  readonly discard: (connection: T) => void;
  readonly endpoint: string;
  readonly publicAddress: string;
  /** The caller's abort: stops both. */
  readonly signal: AbortSignal;
  readonly headStartMs?: number;
}

/**
 * Resolves with the first connection; rejects when both failed (with the public address's
 * failure, what a friend who is offline looks like) or when the caller aborted.
 */
export function dialEndpointFirst<T>(dial: EndpointFirstDial<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const attempts = [new AbortController(), new AbortController()];
    const addresses = [dial.endpoint, dial.publicAddress];
    const failures: unknown[] = [];
    let started = 0;
    let settled = false;

    const stopAll = (): void => {
      for (const attempt of attempts) attempt.abort();
    };
    const settle = (): void => {
      settled = true;
      clearTimeout(timer);
      dial.signal.removeEventListener('abort', stopAll);
      stopAll();
    };
    const start = (index: number): void => {
      if (settled || index < started) return;
      started = index + 1;
      dial.dialAt(addresses[index]!, attempts[index]!.signal).then(
        (connection) => {
          if (settled) return dial.discard(connection);
          settle();
          resolve(connection);
        },
        (error: unknown) => {
          if (settled) return;
          // The caller's abort ends both at once: its error, not a fallback.
          if (dial.signal.aborted) {
            settle();
            return reject(asError(error));
          }
          failures[index] = error;
          if (index === 0) start(1);
          if (failures[0] === undefined || failures[1] === undefined) return;
          settle();
          reject(asError(failures[1]));
        },
      );
    };

    const timer = setTimeout(() => start(1), dial.headStartMs ?? ENDPOINT_HEAD_START_MS);
    timer.unref?.();
    dial.signal.addEventListener('abort', stopAll, { once: true });
    if (dial.signal.aborted) stopAll();
    start(0);
  });
}

const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));
