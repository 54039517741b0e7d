/**
 * Walls' tables (walls/store/migrations.ts): epoch keys, whom our own epochs were sealed to, and
 * the items held. The walls feature (walls/feature/walls-feature.ts) owns the logic; this only
 * stores its outcome, checking every argument first.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { WallItemBody } from '../../protocol/walls/wall-wire.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertTime, checkedOnion } from '../../store/validate.js';

/** An epoch key held. */
export interface StoredWallKey {
  readonly owner: OnionAddress;
  readonly epoch: Uint8Array;
  readonly key: Uint8Array;
  readonly createdAt: number;
}

/** An item held. */
export interface StoredWallItem {
  readonly owner: OnionAddress;
  readonly item: WallItemBody;
  readonly direct: boolean;
}

interface KeyRow {
  owner: string;
  epoch: Buffer;
  key: Buffer;
  created_at: number;
}

interface ItemRow {
  owner: string;
  seq: number;
  epoch: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
  direct: number;
}

/** Reads and writes walls' tables. */
export class WallsRepository {
  readonly #insertKey: Query<never>;
  readonly #keys: Query<KeyRow>;
  readonly #insertReader: Query<never>;
  readonly #readers: Query<{ epoch: Buffer; reader: string }>;
  readonly #insertItem: Query<never>;
  readonly #items: Query<ItemRow>;
  readonly #deleteWall: Query<never>;
  readonly #deleteWallKeys: Query<never>;
  readonly #scrubItem: Query<never>;

  constructor(sql: Sql) {
    this.#insertKey = sql.prepare(
      `INSERT INTO wall_keys (owner, epoch, key, created_at) VALUES (@owner, @epoch, @key, @createdAt)
       ON CONFLICT (owner, epoch) DO NOTHING`,
    );
    this.#keys = sql.prepare('SELECT owner, epoch, key, created_at FROM wall_keys ORDER BY created_at, epoch');
    this.#insertReader = sql.prepare(
      'INSERT INTO wall_epoch_readers (epoch, reader) VALUES (@epoch, @reader) ON CONFLICT DO NOTHING',
    );
    this.#readers = sql.prepare('SELECT epoch, reader FROM wall_epoch_readers');
    this.#insertItem = sql.prepare(
      `INSERT INTO wall_items (owner, seq, epoch, nonce, ciphertext, direct, received_at)
       VALUES (@owner, @seq, @epoch, @nonce, @ciphertext, @direct, @at)
       ON CONFLICT (owner, seq) DO UPDATE SET direct = MAX(direct, excluded.direct)`,
    );
    this.#items = sql.prepare(
      'SELECT owner, seq, epoch, nonce, ciphertext, direct FROM wall_items ORDER BY owner, seq',
    );
    this.#deleteWall = sql.prepare('DELETE FROM wall_items WHERE owner = @owner');
    this.#deleteWallKeys = sql.prepare('DELETE FROM wall_keys WHERE owner = @owner');
    this.#scrubItem = sql.prepare(
      "UPDATE wall_items SET ciphertext = x'' WHERE owner = @owner AND seq = @seq AND length(ciphertext) > 0",
    );
  }

  /** Keeps an epoch key (a repeat is a no-op). */
  addKey(key: StoredWallKey): void {
    assertBytes(key.epoch, 16, 'epoch');
    assertBytes(key.key, 32, 'key');
    assertTime(key.createdAt, 'createdAt');
    this.#insertKey.run({
      owner: checkedOnion(key.owner),
      epoch: blob(key.epoch),
      key: blob(key.key),
      createdAt: key.createdAt,
    });
  }

  /** Every key held, oldest first. */
  keys(): StoredWallKey[] {
    return this.#keys.all().map((row) => ({
      owner: row.owner as OnionAddress,
      epoch: new Uint8Array(row.epoch),
      key: new Uint8Array(row.key),
      createdAt: row.created_at,
    }));
  }

  /** Records that our epoch `epoch`'s key was sealed to `readers`. */
  addReaders(epoch: Uint8Array, readers: readonly OnionAddress[]): void {
    assertBytes(epoch, 16, 'epoch');
    for (const reader of readers) this.#insertReader.run({ epoch: blob(epoch), reader: checkedOnion(reader) });
  }

  /** The readers of each of our epochs, by epoch (hex). */
  readers(): Map<string, Set<OnionAddress>> {
    const readers = new Map<string, Set<OnionAddress>>();
    for (const row of this.#readers.all()) {
      const epoch = row.epoch.toString('hex');
      const set = readers.get(epoch) ?? new Set<OnionAddress>();
      set.add(row.reader as OnionAddress);
      readers.set(epoch, set);
    }
    return readers;
  }

  /** Keeps an item (a repeat only marks it direct if this copy is). */
  addItem(stored: StoredWallItem, at: number): void {
    assertBytes(stored.item.epoch, 16, 'epoch');
    assertBytes(stored.item.nonce, 24, 'nonce');
    assertTime(at, 'at');
    this.#insertItem.run({
      owner: checkedOnion(stored.owner),
      seq: stored.item.seq,
      epoch: blob(stored.item.epoch),
      nonce: blob(stored.item.nonce),
      ciphertext: blob(stored.item.ciphertext),
      direct: stored.direct ? 1 : 0,
      at,
    });
  }

  /** Every item held, by wall and seq. */
  items(): StoredWallItem[] {
    return this.#items.all().map((row) => ({
      owner: row.owner as OnionAddress,
      item: {
        seq: row.seq,
        epoch: new Uint8Array(row.epoch),
        nonce: new Uint8Array(row.nonce),
        ciphertext: new Uint8Array(row.ciphertext),
      },
      direct: row.direct === 1,
    }));
  }

  /**
   * Overwrites an item's ciphertext with nothing (`secure_delete` zeroes the old bytes, store/sqlite.ts):
   * its words were edited or deleted away (walls/wall-fold.ts `superseded`). The row stays, with
   * an empty ciphertext, so the seq is never used again and a late copy is known as held.
   */
  scrub(owner: OnionAddress, seq: number): void {
    this.#scrubItem.run({ owner: checkedOnion(owner), seq });
  }

  /** Forgets a friend's wall (keys and items). */
  forget(owner: OnionAddress): void {
    this.#deleteWall.run({ owner: checkedOnion(owner) });
    this.#deleteWallKeys.run({ owner });
  }
}
