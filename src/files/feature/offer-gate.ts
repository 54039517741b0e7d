/**
 * The files offer budget (offer-budget.ts) in the node: asks the store what a friend has
 * waiting, and tells the user (a 'peer-throttled' event, a log line) when a friend's offers
 * are being dropped.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { ThrottleNotices } from '../../lib/throttle-notices.js';
import { logger, sensitive } from '../../log.js';
import type { FeatureContext } from '../../node/feature.js';
import type { FileOfferBody } from '../../protocol/files/file-offer.js';
import { OfferBudget, type OfferBudgetLimits } from '../offer-budget.js';
import type { FilesRepository } from '../store/files-repository.js';

const log = logger('files');

/** Whether a new offer from a friend fits their budget. */
export class OfferGate {
  readonly #context: FeatureContext;
  readonly #repo: FilesRepository;
  readonly #budget: OfferBudget;
  readonly #notices = new ThrottleNotices<OnionAddress>();

  constructor(context: FeatureContext, repo: FilesRepository, limits: OfferBudgetLimits) {
    this.#context = context;
    this.#repo = repo;
    this.#budget = new OfferBudget(limits, (peer) => repo.pendingOffers.from(peer));
  }

  /** A new offer (not a repeat of one we hold) from `peer`: whether to take it. */
  admit(peer: OnionAddress, offer: FileOfferBody): boolean {
    const bytes =
      this.#repo.manifest(offer.fileId) === undefined
        ? Buffer.byteLength(offer.header.name) + offer.firstHashes.length
        : 0;
    const now = this.#context.now();
    const refusal = this.#budget.admit(peer, bytes, now);
    if (refusal === undefined) return true;
    if (this.#notices.shouldTell(peer, now)) {
      log.warn('a friend offers more files than its budget allows; the rest waits at their end', {
        peer: sensitive(peer),
        reason: refusal,
      });
      this.#context.emit({ type: 'peer-throttled', onion: peer, traffic: 'file-offers', reason: refusal });
    }
    return false;
  }

  /** Forgets everyone not in `friends`. */
  retain(friends: ReadonlySet<OnionAddress>): void {
    this.#budget.retain(friends);
    this.#notices.retain(friends);
  }
}
