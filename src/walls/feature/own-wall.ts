/**
 * Our own wall's epochs (docs/PROTOCOL.md "Walls"): the key of each, whom it was sealed to, and
 * publishing an entry as the next item under the current one, after making a new epoch when
 * the audience changed (walls/audience.ts). Readers are told of an epoch only by the copy of its
 * key sealed to them; the list of readers stays here.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { RandomSource } from '../../crypto/random.js';
import { WALL_EPOCH_ID_BYTES, type WallItemBody } from '../../protocol/walls/wall-wire.js';
import { needsNewEpoch } from '../audience.js';
import type { WallsRepository } from '../store/walls-repository.js';
import type { WallBook } from '../wall-book.js';
import { encryptWallItem, WALL_EPOCH_KEY_BYTES } from '../wall-cipher.js';
import type { WallEntryRecord } from '../wall-entry.js';
import { hex } from '../../lib/hex.js';

/** One epoch of our wall. */
export interface OwnEpoch {
  readonly epoch: Uint8Array;
  readonly key: Uint8Array;
  readonly readers: ReadonlySet<OnionAddress>;
}

/** Our wall's epochs and publishing. */
export class OwnWall {
  readonly #self: OnionAddress;
  readonly #repository: WallsRepository;
  readonly #book: WallBook;
  readonly #random: RandomSource;
  readonly #epochs = new Map<string, OwnEpoch>();
  #current: OwnEpoch | undefined;
  /** When the current epoch was made: a new one is stored as later, so the order survives a restart. */
  #currentAt = 0;

  constructor(options: {
    readonly self: OnionAddress;
    readonly repository: WallsRepository;
    readonly book: WallBook;
    readonly random: RandomSource;
  }) {
    this.#self = options.self;
    this.#repository = options.repository;
    this.#book = options.book;
    this.#random = options.random;
    const readers = options.repository.readers();
    for (const stored of options.repository.keys()) {
      if (stored.owner !== this.#self) continue;
      const epoch: OwnEpoch = {
        epoch: stored.epoch,
        key: stored.key,
        readers: readers.get(hex(stored.epoch)) ?? new Set(),
      };
      this.#epochs.set(hex(stored.epoch), epoch);
      this.#current = epoch;
      this.#currentAt = stored.createdAt;
    }
  }

  /** The readers of the epoch we publish under now (undefined before our first item). */
  currentReaders(): ReadonlySet<OnionAddress> | undefined {
    return this.#current?.readers;
  }

  /** The readers epoch `epoch` (hex) was sealed to. */
  readersOf(epoch: string): ReadonlySet<OnionAddress> | undefined {
    return this.#epochs.get(epoch)?.readers;
  }

  /** Epoch `epoch` (hex), if it is ours. */
  epoch(epoch: string): OwnEpoch | undefined {
    return this.#epochs.get(epoch);
  }

  /**
   * Publishes `entry` as our next item, under a new epoch first if `audience` is not the current
   * epoch's readers. Stores it (call inside a transaction) and returns it with its epoch.
   */
  publish(
    entry: WallEntryRecord,
    audience: ReadonlySet<OnionAddress>,
    now: number,
  ): { item: WallItemBody; epoch: OwnEpoch } {
    const epoch = this.#epochFor(audience, now);
    const seq = this.#book.lastSeq(this.#self) + 1;
    const item = encryptWallItem(
      entry.bytes,
      { owner: this.#self, epoch: epoch.epoch, key: epoch.key, seq },
      this.#random,
    );
    this.#repository.addItem({ owner: this.#self, item, direct: true }, now);
    this.#book.addItem(this.#self, item, true, entry);
    return { item, epoch };
  }

  #epochFor(audience: ReadonlySet<OnionAddress>, now: number): OwnEpoch {
    if (this.#current !== undefined && !needsNewEpoch(this.#current.readers, audience)) return this.#current;
    const epoch: OwnEpoch = {
      epoch: this.#random(WALL_EPOCH_ID_BYTES),
      key: this.#random(WALL_EPOCH_KEY_BYTES),
      readers: new Set(audience),
    };
    this.#currentAt = Math.max(now, this.#currentAt + 1);
    this.#repository.addKey({ owner: this.#self, epoch: epoch.epoch, key: epoch.key, createdAt: this.#currentAt });
    this.#repository.addReaders(epoch.epoch, [...audience]);
    this.#book.addKey(this.#self, epoch.epoch, epoch.key);
    this.#epochs.set(hex(epoch.epoch), epoch);
    this.#current = epoch;
    return epoch;
  }
}
