/**
 * Per-friend rate limits of relay traffic (limits.ts ENVELOPES_PER_FRIEND, RELEASES_PER_FRIEND):
 * two sets of per-friend token buckets (src/lib/peer-buckets.ts), kept only for current
 * friends so memory is bounded by the friend list.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { PeerBuckets } from '../lib/peer-buckets.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';
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
  readonly #buckets: Record<RelayRateCategory, PeerBuckets<OnionAddress>>;

  constructor(limits: RelayRateLimits = DEFAULT_RELAY_RATE_LIMITS) {
    this.#buckets = { envelope: new PeerBuckets(limits.envelope), release: new PeerBuckets(limits.release) };
  }

  /** Takes a token of `category` from `friend`'s bucket; false when it is empty. */
  take(friend: OnionAddress, category: RelayRateCategory, now: number): boolean {
    return this.#buckets[category].take(friend, now);
  }

  /** Forgets the buckets of everyone not in `friends`. */
  retain(friends: ReadonlySet<OnionAddress>): void {
    this.#buckets.envelope.retain(friends);
    this.#buckets.release.retain(friends);
  }
}
