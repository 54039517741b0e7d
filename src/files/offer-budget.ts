/**
 * What a friend may put on our disk by offering files (docs/PROTOCOL.md "Budgets"): every offer
 * stores its file's description (name and up to 60 KiB of chunk hashes) and waits for the
 * user's answer. Per friend, three limits: a rate of new offers, how many of theirs may wait
 * for an answer, and the bytes of those waiting offers' descriptions. An offer over a limit is
 * dropped without an answer: the sender keeps it as unanswered and offers it again on the next
 * session (feature/offers.ts `resend`), so an honest friend's offer waits, it is not lost.
 * Pure: time and the waiting offers are passed in.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { PeerBuckets } from '../lib/peer-buckets.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';

/** Per friend: a burst of 100 new offers (a photo album), then one every 36 s (100 an hour). */
export const FILE_OFFERS_PER_FRIEND: TokenBucketLimits = { capacity: 100, refillIntervalMs: 36_000 };
/** Per friend: offers of theirs waiting for the user's answer. */
export const MAX_PENDING_OFFERS_PER_FRIEND = 100;
/** Per friend: bytes of the descriptions of their waiting offers (about 70 of the largest, hundreds of usual ones). */
export const MAX_PENDING_OFFER_BYTES_PER_FRIEND = 4 * 1024 * 1024;

/** The budget's limits; defaults above. */
export interface OfferBudgetLimits {
  readonly rate: TokenBucketLimits;
  readonly maxPendingOffers: number;
  readonly maxPendingBytes: number;
}

/** The defaults. */
export const DEFAULT_OFFER_BUDGET: OfferBudgetLimits = Object.freeze({
  rate: FILE_OFFERS_PER_FRIEND,
  maxPendingOffers: MAX_PENDING_OFFERS_PER_FRIEND,
  maxPendingBytes: MAX_PENDING_OFFER_BYTES_PER_FRIEND,
});

/** A friend's offers waiting for an answer, and the bytes of their stored descriptions. */
export interface PendingOffers {
  readonly count: number;
  readonly bytes: number;
}

/** Which limit refuses an offer. */
export type OfferRefusal = 'rate' | 'pending-offers' | 'pending-offer-bytes';

/**
 * @example
 * const budget = new OfferBudget(DEFAULT_OFFER_BUDGET, (peer) => repo.pendingOffersFrom(peer));
 * if (budget.admit(friend, descriptionBytes, Date.now()) !== undefined) return; // no answer: offered again later
 */
export class OfferBudget {
  readonly #limits: OfferBudgetLimits;
  readonly #pending: (peer: OnionAddress) => PendingOffers;
  readonly #rates: PeerBuckets<OnionAddress>;

  constructor(limits: OfferBudgetLimits, pending: (peer: OnionAddress) => PendingOffers) {
    for (const [name, value] of [
      ['maxPendingOffers', limits.maxPendingOffers],
      ['maxPendingBytes', limits.maxPendingBytes],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1)
        throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
    }
    this.#limits = limits;
    this.#pending = pending;
    this.#rates = new PeerBuckets(limits.rate);
  }

  /** A new offer from `peer` whose description adds `bytes` to our disk: undefined to take it, or which limit refuses it. */
  admit(peer: OnionAddress, bytes: number, now: number): OfferRefusal | undefined {
    // The stored limits first: a refusal for them spends no token, so answering frees the way at once.
    const pending = this.#pending(peer);
    if (pending.count + 1 > this.#limits.maxPendingOffers) return 'pending-offers';
    if (pending.bytes + bytes > this.#limits.maxPendingBytes) return 'pending-offer-bytes';
    if (!this.#rates.take(peer, now)) return 'rate';
    return undefined;
  }

  /** Forgets everyone not in `friends`. */
  retain(friends: ReadonlySet<OnionAddress>): void {
    this.#rates.retain(friends);
  }
}
