/**
 * Reconnect delays: exponential backoff with jitter (the "equal jitter" variant of AWS's
 * "Exponential Backoff and Jitter" analysis): attempt n waits between half and all of
 * min(max, base · 2ⁿ). The random half spreads out friends who all lost their connection at
 * once (our tor restarted), and the fixed half keeps a dead peer from being dialed in a loop.
 */

/** The first retry comes after 0.5–1 s. */
export const RECONNECT_BASE_DELAY_MS = 1_000;
/** Retries settle at one every 2.5–5 minutes. */
export const RECONNECT_MAX_DELAY_MS = 5 * 60_000;

/** Base and ceiling of the backoff. */
export interface BackoffLimits {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The defaults above. */
export const DEFAULT_BACKOFF: BackoffLimits = {
  baseDelayMs: RECONNECT_BASE_DELAY_MS,
  maxDelayMs: RECONNECT_MAX_DELAY_MS,
};

/**
 * How long to wait before retry number `attempt` (0 for the first retry).
 *
 * @param random a number in [0, 1), e.g. `Math.random()`; injected so tests are deterministic
 * @example backoffDelay(0, 0.5) // 750 with the defaults
 */
export function backoffDelay(attempt: number, random: number, limits: BackoffLimits = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new TypeError(`attempt must be a non-negative integer, got ${String(attempt)}`);
  if (!(random >= 0 && random < 1)) throw new TypeError(`random must be in [0, 1), got ${String(random)}`);
  // 2 ** attempt overflows to Infinity for huge attempts, which min() then caps: no overflow bug.
  const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
