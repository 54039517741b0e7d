/**
 * A bounded backlog of well-signed items waiting for something (an op for its parents, a
 * message for its epoch or its successor), fair to their signers. Anyone can sign with a fresh
 * key, so a signature alone buys no room at the expense of others:
 *
 * - items signed by a known member (group-replica.ts and membership-log.ts say who) have a
 *   quota per signer; a signer over it, or the biggest signer when the backlog is full, loses
 *   their own oldest item, never a smaller signer's;
 * - items signed by anyone else share one small quota, and make room only among themselves.
 *
 * Nothing is refused for good: an item dropped here is fetched again by the next sync, and an
 * unknown signer who turns out to be a member (their `add` arrives later) is counted as known
 * from then on, so every member still ends up holding the same items.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { HexId } from './ids.js';

/** The sizes of a {@link PendingQueue}. */
export interface PendingQuotas {
  /** Items held at most. */
  readonly total: number;
  /** Items of one known signer held at most. */
  readonly perKnownSigner: number;
  /** Items of all unknown signers together held at most. */
  readonly unknownShared: number;
}

/** What {@link PendingQueue.add} did. */
export interface PendingAdmission<T> {
  /** Whether the item is now waiting. */
  readonly admitted: boolean;
  /** The items dropped to make room (the caller forgets what it indexed of them). */
  readonly evicted: readonly { readonly id: HexId; readonly item: T }[];
}

interface Waiting<T> {
  readonly item: T;
  readonly signer: OnionAddress;
}

/**
 * The backlog (insertion order = age).
 *
 * @example
 * ```ts
 * const queue = new PendingQueue<UnverifiedGroupOp>(quotas, (signer) => log.isKnownSigner(signer));
 * const { admitted, evicted } = queue.add(id, op, author);
 * ```
 */
export class PendingQueue<T> {
  readonly #quotas: PendingQuotas;
  readonly #isKnown: (signer: OnionAddress) => boolean;
  readonly #items = new Map<HexId, Waiting<T>>();

  constructor(quotas: PendingQuotas, isKnown: (signer: OnionAddress) => boolean) {
    this.#quotas = quotas;
    this.#isKnown = isKnown;
  }

  get size(): number {
    return this.#items.size;
  }

  has(id: HexId): boolean {
    return this.#items.has(id);
  }

  get(id: HexId): T | undefined {
    return this.#items.get(id)?.item;
  }

  delete(id: HexId): boolean {
    return this.#items.delete(id);
  }

  /** Every waiting item, oldest first. */
  *entries(): Generator<[HexId, T]> {
    for (const [id, waiting] of this.#items) yield [id, waiting.item];
  }

  /** Every waiting item, oldest first. */
  *values(): Generator<T> {
    for (const waiting of this.#items.values()) yield waiting.item;
  }

  /** Adds `item` signed by `signer`, making room by the rules in the module comment. */
  add(id: HexId, item: T, signer: OnionAddress): PendingAdmission<T> {
    const evicted: { id: HexId; item: T }[] = [];
    if (this.#items.has(id)) return { admitted: true, evicted };
    const known = this.#isKnown(signer);
    const counts = this.#counts();
    const own = known ? (counts.bySigner.get(signer) ?? 0) : counts.unknown;
    const ownQuota = known ? this.#quotas.perKnownSigner : this.#quotas.unknownShared;
    if (own >= ownQuota || this.#items.size >= this.#quotas.total) {
      const victim = this.#victim(known ? signer : undefined, own >= ownQuota, counts);
      if (victim === undefined) return { admitted: false, evicted };
      evicted.push({ id: victim, item: this.#items.get(victim)!.item });
      this.#items.delete(victim);
    }
    this.#items.set(id, { item, signer });
    return { admitted: true, evicted };
  }

  #counts(): { readonly bySigner: Map<OnionAddress, number>; readonly unknown: number } {
    const bySigner = new Map<OnionAddress, number>();
    let unknown = 0;
    for (const { signer } of this.#items.values()) {
      if (this.#isKnown(signer)) bySigner.set(signer, (bySigner.get(signer) ?? 0) + 1);
      else unknown++;
    }
    return { bySigner, unknown };
  }

  /**
   * The item to drop for a newcomer from `signer` (undefined: an unknown signer), or undefined
   * if there is none it may displace.
   */
  #victim(
    signer: OnionAddress | undefined,
    overOwnQuota: boolean,
    counts: { readonly bySigner: Map<OnionAddress, number>; readonly unknown: number },
  ): HexId | undefined {
    const oldestOf = (matches: (waiting: Waiting<T>) => boolean): HexId | undefined => {
      for (const [id, waiting] of this.#items) if (matches(waiting)) return id;
      return undefined;
    };
    const unknownOldest = (): HexId | undefined => oldestOf((waiting) => !this.#isKnown(waiting.signer));
    if (signer === undefined) return unknownOldest();
    if (overOwnQuota) return oldestOf((waiting) => waiting.signer === signer);
    const fromUnknown = unknownOldest();
    if (fromUnknown !== undefined) return fromUnknown;
    // Full of known signers' items: the biggest signer pays, the newcomer itself on a tie.
    let biggest = signer;
    let most = counts.bySigner.get(signer) ?? 0;
    for (const [other, count] of counts.bySigner) {
      if (count > most) {
        biggest = other;
        most = count;
      }
    }
    return oldestOf((waiting) => waiting.signer === biggest);
  }
}
