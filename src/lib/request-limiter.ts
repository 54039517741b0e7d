/**
 * Rate limits for contact requests from strangers (docs/ARCHITECTURE.md "Session protocol" point 4: an
 * unknown identity may only send a contact request, rate limited). Two token buckets must both
 * allow a request: one per sending identity, so one stranger cannot bury the list, and one
 * overall, so many fresh identities (they cost nothing to make) cannot either.
 */
import { TokenBucket, type TokenBucketLimits } from './token-bucket.js';

/** Per stranger: a burst of 3 requests, then one every 10 minutes (a lost ack is retried well within that). */
export const CONTACT_REQUESTS_PER_IDENTITY: TokenBucketLimits = { capacity: 3, refillIntervalMs: 10 * 60_000 };
/** All strangers together: a burst of 20 requests, then one every 30 s (120 an hour at most in the list). */
export const CONTACT_REQUESTS_OVERALL: TokenBucketLimits = { capacity: 20, refillIntervalMs: 30_000 };
/**
 * Identities whose buckets are remembered. Past it the oldest are forgotten (a forgotten
 * identity starts with a full bucket again), which bounds memory under a flood of fresh
 * identities; the overall bucket still bounds what such a flood gets through.
 */
export const MAX_TRACKED_IDENTITIES = 10_000;

/** Why a request is refused: its sender sent too many, or everyone together did. */
export type RateLimitVerdict = 'allow' | 'identity-limit' | 'overall-limit';

/** Limits of a {@link ContactRequestLimiter}; the defaults are the constants above. */
export interface ContactRequestLimits {
  readonly perIdentity?: TokenBucketLimits;
  readonly overall?: TokenBucketLimits;
  readonly maxTrackedIdentities?: number;
}

/**
 * The two-bucket limiter. `check` only looks (the session gate uses it to refuse a stranger
 * before reading anything); `take` consumes a token from both buckets when a request arrives.
 *
 * @example
 * ```ts
 * const limiter = new ContactRequestLimiter(Date.now());
 * if (limiter.take(peer, Date.now()) !== 'allow') refuse();
 * ```
 */
export class ContactRequestLimiter {
  readonly #perIdentity: TokenBucketLimits;
  readonly #maxTracked: number;
  readonly #overall: TokenBucket;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(now: number, limits: ContactRequestLimits = {}) {
    this.#perIdentity = limits.perIdentity ?? CONTACT_REQUESTS_PER_IDENTITY;
    this.#maxTracked = limits.maxTrackedIdentities ?? MAX_TRACKED_IDENTITIES;
    if (!Number.isInteger(this.#maxTracked) || this.#maxTracked < 1) {
      throw new TypeError(`maxTrackedIdentities must be a positive integer, got ${String(this.#maxTracked)}`);
    }
    this.#overall = new TokenBucket(limits.overall ?? CONTACT_REQUESTS_OVERALL, now);
  }

  /** What `take` would answer, without taking anything. */
  check(identity: string, now: number): RateLimitVerdict {
    const bucket = this.#buckets.get(identity);
    if (bucket !== undefined && bucket.available(now) < 1) return 'identity-limit';
    if (this.#overall.available(now) < 1) return 'overall-limit';
    return 'allow';
  }

  /** Takes a token from the identity's bucket and the overall one if both have one. */
  take(identity: string, now: number): RateLimitVerdict {
    const verdict = this.check(identity, now);
    if (verdict !== 'allow') return verdict;
    this.#overall.tryTake(now);
    this.#bucketFor(identity, now).tryTake(now);
    return 'allow';
  }

  /** Identities currently remembered (for tests of the memory bound). */
  get trackedIdentities(): number {
    return this.#buckets.size;
  }

  #bucketFor(identity: string, now: number): TokenBucket {
    let bucket = this.#buckets.get(identity);
    if (bucket === undefined) {
      this.#evict(now);
      bucket = new TokenBucket(this.#perIdentity, now);
      this.#buckets.set(identity, bucket);
    }
    return bucket;
  }

  /** Makes room for one more bucket: first drops full ones (equal to a fresh bucket), then the oldest. */
  #evict(now: number): void {
    if (this.#buckets.size < this.#maxTracked) return;
    for (const [identity, bucket] of this.#buckets) {
      if (bucket.isFull(now)) this.#buckets.delete(identity);
    }
    // Map iteration is insertion order, so the first keys are the oldest.
    for (const identity of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxTracked) break;
      this.#buckets.delete(identity);
    }
  }
}
