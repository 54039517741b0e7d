/**
 * Per-friend rate limits of relay traffic (limits.ts ENVELOPES_PER_FRIEND, RELEASES_PER_FRIEND):
 * token buckets (src/lib/token-bucket.ts), one pair per friend, kept only for current
 * friends so memory is bounded by the friend list.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { TokenBucket, type TokenBucketLimits } from '../lib/token-bucket.js';
import { ENVELOPES_PER_FRIEND, RELEASES_PER_FRIEND } from './limits.js';

/** What is limited: envelopes and offered entries, or receipts/withdrawals/dropped notices. */
export type RelayRateCategory = 'envelope' | 'release';

/** The bucket sizes; defaults from limits.ts. */
export interface RelayRateLimits {
  readonly envelope: TokenBucketLimits;
  readonly release: TokenBucketLimits;
}

/** The defaults. */
export const DEFAULT_RELAY_RATE_LIMITS: RelayRateLimits = Object.freeze({
  envelope: ENVELOPES_PER_FRIEND,
  release: RELEASES_PER_FRIEND,
});

/**
 * The buckets. Time is unix ms, passed in.
 * @example if (!limits.take(friend, 'envelope', now)) refuse('rate-limited')
 */
export class FriendRateLimits {
  readonly #limits: RelayRateLimits;
  readonly #buckets = new Map<OnionAddress, Record<RelayRateCategory, TokenBucket>>();

  constructor(limits: RelayRateLimits = DEFAULT_RELAY_RATE_LIMITS) {
    this.#limits = limits;
  }

  /** Takes a token of `category` from `friend`'s bucket; false when it is empty. */
  take(friend: OnionAddress, category: RelayRateCategory, now: number): boolean {
    let buckets = this.#buckets.get(friend);
    if (buckets === undefined) {
      buckets = {
        envelope: new TokenBucket(this.#limits.envelope, now),
        release: new TokenBucket(this.#limits.release, now),
      };
      this.#buckets.set(friend, buckets);
    }
    return buckets[category].tryTake(now);
  }

  /** Forgets the buckets of everyone not in `friends`. */
  retain(friends: ReadonlySet<OnionAddress>): void {
    for (const friend of this.#buckets.keys()) if (!friends.has(friend)) this.#buckets.delete(friend);
  }
}
