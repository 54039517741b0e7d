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

/** One identity's bucket, and the requests its opened sessions paid for ahead (see `open`). */
interface IdentityAccount {
  readonly bucket: TokenBucket;
  prepaid: number;
}

/**
 * The two-bucket limiter. `check` only looks; `open` is the session gate's: a stranger's
 * session costs its identity a token when it opens, before it has said anything, so one
 * identity cannot keep reopening sessions for free; the request it then sends on it is paid
 * for already. `take` consumes a token from both buckets when a request arrives.
 *
 * The overall bucket is not charged on open: a flood of throwaway identities that only knock
 * would empty it and so refuse every genuine request — what holds those back is the room at
 * the gate (node/stranger-gate.ts), which closes silent strangers first.
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
  readonly #accounts = new Map<string, IdentityAccount>();

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
    const account = this.#accounts.get(identity);
    if (account !== undefined && account.prepaid < 1 && account.bucket.available(now) < 1) return 'identity-limit';
    if (this.#overall.available(now) < 1) return 'overall-limit';
    return 'allow';
  }

  /**
   * A session from `identity` opens: takes a token from its bucket (refused when it has none, or
   * when the overall bucket could not take its request anyway) and holds it for its next request.
   */
  open(identity: string, now: number): RateLimitVerdict {
    if (this.#overall.available(now) < 1) return 'overall-limit';
    const account = this.#accountOf(identity, now);
    if (!account.bucket.tryTake(now)) return 'identity-limit';
    account.prepaid = Math.min(account.prepaid + 1, this.#perIdentity.capacity);
    return 'allow';
  }

  /** Takes a token from the identity's bucket (or what an opened session paid) and the overall one if both have one. */
  take(identity: string, now: number): RateLimitVerdict {
    const verdict = this.check(identity, now);
    if (verdict !== 'allow') return verdict;
    this.#overall.tryTake(now);
    const account = this.#accountOf(identity, now);
    if (account.prepaid > 0) account.prepaid -= 1;
    else account.bucket.tryTake(now);
    return 'allow';
  }

  /** Identities currently remembered (for tests of the memory bound). */
  get trackedIdentities(): number {
    return this.#accounts.size;
  }

  #accountOf(identity: string, now: number): IdentityAccount {
    let account = this.#accounts.get(identity);
    if (account === undefined) {
      this.#evict(now);
      account = { bucket: new TokenBucket(this.#perIdentity, now), prepaid: 0 };
      this.#accounts.set(identity, account);
    }
    return account;
  }

  /** Makes room for one more bucket: first drops full ones (equal to a fresh bucket), then the oldest. */
  #evict(now: number): void {
    if (this.#accounts.size < this.#maxTracked) return;
    for (const [identity, account] of this.#accounts) {
      if (account.bucket.isFull(now)) this.#accounts.delete(identity);
    }
    // Map iteration is insertion order, so the first keys are the oldest.
    for (const identity of this.#accounts.keys()) {
      if (this.#accounts.size < this.#maxTracked) break;
      this.#accounts.delete(identity);
    }
  }
}
