/**
 * One token bucket (token-bucket.ts) per peer, all with the same limits: the per-friend rate
 * budgets of chat messages, file offers and relay traffic. Kept only for the peers `retain`
 * names (the friend list), so memory is bounded by it.
 */
import { TokenBucket, type TokenBucketLimits } from './token-bucket.js';

/**
 * The buckets. Time is unix ms, passed in.
 * @example if (!offersByFriend.take(friend, now)) refuse();
 */
export class PeerBuckets<Peer extends string = string> {
  readonly #limits: TokenBucketLimits;
  readonly #buckets = new Map<Peer, TokenBucket>();

  constructor(limits: TokenBucketLimits) {
    this.#limits = limits;
  }

  /** Takes a token from `peer`'s bucket (a new peer starts with a full one); false when it is empty. */
  take(peer: Peer, now: number): boolean {
    let bucket = this.#buckets.get(peer);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.#limits, now);
      this.#buckets.set(peer, bucket);
    }
    return bucket.tryTake(now);
  }

  /** Whether `peer` has a token to take at `now` (takes none). */
  canTake(peer: Peer, now: number): boolean {
    return (this.#buckets.get(peer)?.available(now) ?? 1) >= 1;
  }

  /** Forgets the buckets of everyone not in `peers`. */
  retain(peers: ReadonlySet<Peer>): void {
    for (const peer of this.#buckets.keys()) if (!peers.has(peer)) this.#buckets.delete(peer);
  }
}
