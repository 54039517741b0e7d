/**
 * How many envelopes and bytes each friend has us hold, and all of them together: what the
 * per-friend quotas and the global caps are checked against.
 */
import type { OnionAddress } from '../crypto/onion-address.js';

/** A count of envelopes and their bytes. */
export interface Usage {
  readonly count: number;
  readonly bytes: number;
}

const EMPTY: Usage = Object.freeze({ count: 0, bytes: 0 });

/**
 * Per-friend and total usage.
 * @example ledger.add(friend, 1200); ledger.of(friend) // { count: 1, bytes: 1200 }
 */
export class UsageLedger {
  readonly #byFriend = new Map<OnionAddress, Usage>();
  #total: Usage = EMPTY;

  /** What `friend` uses now. */
  of(friend: OnionAddress): Usage {
    return this.#byFriend.get(friend) ?? EMPTY;
  }

  /** What everyone uses together. */
  get total(): Usage {
    return this.#total;
  }

  /** Friends with anything held, and their usage. */
  entries(): IterableIterator<[OnionAddress, Usage]> {
    return this.#byFriend.entries();
  }

  /** One more envelope of `bytes` for `friend`. */
  add(friend: OnionAddress, bytes: number): void {
    const usage = this.of(friend);
    this.#byFriend.set(friend, { count: usage.count + 1, bytes: usage.bytes + bytes });
    this.#total = { count: this.#total.count + 1, bytes: this.#total.bytes + bytes };
  }

  /** One envelope of `bytes` fewer for `friend`. */
  remove(friend: OnionAddress, bytes: number): void {
    const usage = this.of(friend);
    if (usage.count <= 1) this.#byFriend.delete(friend);
    else this.#byFriend.set(friend, { count: usage.count - 1, bytes: usage.bytes - bytes });
    this.#total = { count: this.#total.count - 1, bytes: this.#total.bytes - bytes };
  }

  /** The friend holding the most bytes (ties: the one that started holding first), if any. */
  heaviest(): OnionAddress | undefined {
    let best: OnionAddress | undefined;
    let bestBytes = -1;
    for (const [friend, usage] of this.#byFriend) {
      if (usage.bytes > bestBytes) {
        best = friend;
        bestBytes = usage.bytes;
      }
    }
    return best;
  }
}
