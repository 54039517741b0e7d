/**
 * A token bucket (the classic traffic-shaping algorithm, as in RFC 2697's "committed burst"):
 * it holds up to `capacity` tokens, regains one every `refillIntervalMs`, and an action is
 * allowed only if it can take a token. Time is passed in, so the bucket is a pure state
 * machine that tests drive with a fake clock.
 */

/** How big a bucket is and how fast it refills. */
export interface TokenBucketLimits {
  /** Most tokens the bucket holds: the longest burst allowed after a quiet period. */
  readonly capacity: number;
  /** One token comes back every this many ms. */
  readonly refillIntervalMs: number;
}

/**
 * One token bucket. Starts full.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket({ capacity: 3, refillIntervalMs: 60_000 }, Date.now());
 * if (!bucket.tryTake(Date.now())) refuse();
 * ```
 */
export class TokenBucket {
  readonly #limits: TokenBucketLimits;
  #tokens: number;
  #updatedAt: number;

  constructor(limits: TokenBucketLimits, now: number) {
    if (!Number.isInteger(limits.capacity) || limits.capacity < 1)
      throw new TypeError(`capacity must be a positive integer, got ${String(limits.capacity)}`);
    if (!Number.isFinite(limits.refillIntervalMs) || limits.refillIntervalMs <= 0) {
      throw new TypeError(`refillIntervalMs must be a positive number, got ${String(limits.refillIntervalMs)}`);
    }
    this.#limits = limits;
    this.#tokens = limits.capacity;
    this.#updatedAt = now;
  }

  /** Whole tokens available at `now`. */
  available(now: number): number {
    this.#refill(now);
    return Math.floor(this.#tokens);
  }

  /** Whether the bucket is back to full at `now` (then it is equivalent to a fresh one and may be forgotten). */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.#limits.capacity;
  }

  /** Takes `amount` tokens (one unless given) if there are that many; returns whether it did. */
  tryTake(now: number, amount = 1): boolean {
    this.#refill(now);
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  #refill(now: number): void {
    // A clock that steps backwards (NTP, a test) must not mint tokens or make them negative.
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.#limits.capacity, this.#tokens + elapsed / this.#limits.refillIntervalMs);
    this.#updatedAt = Math.max(this.#updatedAt, now);
  }
}
