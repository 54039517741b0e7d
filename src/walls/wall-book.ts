/**
 * Every wall held here, in memory (docs/PROTOCOL.md "Walls"): per owner, the epoch keys we hold
 * and the items by seq, each opened into its signed entry once its epoch's key is here. An item
 * whose key has not come yet (it came through the relay before the key, say) waits as it is.
 *
 * What an item must be to count: it opens under its epoch's key, its entry verifies, names
 * this wall's owner, and a post is by the owner. One that fails is refused before it is kept
 * (the caller closes the sender's session); an item held as ciphertext that later fails to
 * open is dropped from view. An entry published twice (under two seqs) shows once.
 *
 * A scrubbed item (its words edited or deleted away, walls/wall-fold.ts `superseded`) keeps its
 * seq with nothing in it: the seq is never published again, a late copy is known as held, and
 * it is not handed to anyone.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { WallItemBody } from '../protocol/walls/wall-wire.js';
import { wallEntryInvalid } from './errors.js';
import { decryptWallItem } from './wall-cipher.js';
import { openEntry, type WallEntryRecord } from './wall-entry.js';
import { hex } from '../lib/hex.js';

interface HeldItem {
  readonly body: WallItemBody;
  direct: boolean;
  entry: WallEntryRecord | undefined;
}

interface HeldWall {
  readonly keys: Map<string, Uint8Array>;
  readonly items: Map<number, HeldItem>;
  bytes: number;
}

/** What adding an item did. */
export type AddedItem =
  { readonly status: 'new'; readonly entry: WallEntryRecord | undefined } | { readonly status: 'known' };

/** The walls held: keys, items, their entries. */
export class WallBook {
  readonly #walls = new Map<OnionAddress, HeldWall>();

  #wall(owner: OnionAddress): HeldWall {
    let wall = this.#walls.get(owner);
    if (wall === undefined) {
      wall = { keys: new Map(), items: new Map(), bytes: 0 };
      this.#walls.set(owner, wall);
    }
    return wall;
  }

  /** Owners whose walls we hold anything of. */
  owners(): OnionAddress[] {
    return [...this.#walls.keys()];
  }

  /** Whether we hold the key of `owner`'s epoch `epoch`. */
  hasKey(owner: OnionAddress, epoch: Uint8Array): boolean {
    return this.#walls.get(owner)?.keys.has(hex(epoch)) === true;
  }

  /** The key of `owner`'s epoch `epoch` (hex), if held. */
  key(owner: OnionAddress, epoch: string): Uint8Array | undefined {
    return this.#walls.get(owner)?.keys.get(epoch);
  }

  /** Keeps a key and opens the items that waited for it; returns the entries that opened. */
  addKey(owner: OnionAddress, epoch: Uint8Array, key: Uint8Array): WallEntryRecord[] {
    const wall = this.#wall(owner);
    const epochHex = hex(epoch);
    if (wall.keys.has(epochHex)) return [];
    wall.keys.set(epochHex, key);
    const opened: WallEntryRecord[] = [];
    for (const [seq, held] of wall.items) {
      if (held.entry !== undefined || held.body.ciphertext.length === 0 || hex(held.body.epoch) !== epochHex) continue;
      try {
        held.entry = open(owner, held.body, key);
        opened.push(held.entry);
      } catch {
        wall.items.delete(seq);
        wall.bytes -= held.body.ciphertext.length;
      }
    }
    return opened;
  }

  /**
   * Checks an item of `owner`'s wall (see the module comment) without keeping it; throws
   * `WallItemUnreadableError` or `WallEntryInvalidError`. Returns its entry, or undefined while
   * its key is not here.
   */
  check(owner: OnionAddress, body: WallItemBody): WallEntryRecord | undefined {
    const key = this.#walls.get(owner)?.keys.get(hex(body.epoch));
    return key === undefined ? undefined : open(owner, body, key);
  }

  /** Keeps an item {@link check} passed, with its entry if it opened. */
  addItem(owner: OnionAddress, body: WallItemBody, direct: boolean, entry: WallEntryRecord | undefined): AddedItem {
    const wall = this.#wall(owner);
    const held = wall.items.get(body.seq);
    if (held !== undefined) {
      held.direct ||= direct;
      return { status: 'known' };
    }
    wall.items.set(body.seq, { body, direct, entry });
    wall.bytes += body.ciphertext.length;
    return { status: 'new', entry };
  }

  /** Empties the items of `owner`'s wall that hold one of `entries`; returns their seqs. */
  scrub(owner: OnionAddress, entries: ReadonlySet<string>): number[] {
    const wall = this.#walls.get(owner);
    if (wall === undefined || entries.size === 0) return [];
    const scrubbed: number[] = [];
    for (const [seq, held] of wall.items) {
      if (held.entry === undefined || !entries.has(held.entry.id)) continue;
      wall.bytes -= held.body.ciphertext.length;
      wall.items.set(seq, scrubbedItem(held.body, held.direct));
      scrubbed.push(seq);
    }
    return scrubbed;
  }

  /** Keeps a scrubbed item as loaded from the store (its ciphertext empty). */
  addScrubbed(owner: OnionAddress, body: WallItemBody, direct: boolean): void {
    this.#wall(owner).items.set(body.seq, scrubbedItem(body, direct));
  }

  /** Whether `owner`'s wall holds an item with seq `seq`. */
  hasItem(owner: OnionAddress, seq: number): boolean {
    return this.#walls.get(owner)?.items.has(seq) === true;
  }

  /** How much of `owner`'s wall is held: keys, items and ciphertext bytes. */
  size(owner: OnionAddress): { readonly keys: number; readonly items: number; readonly bytes: number } {
    const wall = this.#walls.get(owner);
    return { keys: wall?.keys.size ?? 0, items: wall?.items.size ?? 0, bytes: wall?.bytes ?? 0 };
  }

  /** The highest seq of `owner`'s wall that came from the owner directly (0 when none). */
  highWater(owner: OnionAddress): number {
    let high = 0;
    for (const [seq, held] of this.#walls.get(owner)?.items ?? []) if (held.direct && seq > high) high = seq;
    return high;
  }

  /** The highest seq of `owner`'s wall held at all (0 when none). */
  lastSeq(owner: OnionAddress): number {
    let high = 0;
    for (const seq of this.#walls.get(owner)?.items.keys() ?? []) if (seq > high) high = seq;
    return high;
  }

  /** The opened entries of `owner`'s wall in seq order, each entry once. */
  entries(owner: OnionAddress): WallEntryRecord[] {
    const wall = this.#walls.get(owner);
    if (wall === undefined) return [];
    const seen = new Set<string>();
    const entries: WallEntryRecord[] = [];
    for (const seq of [...wall.items.keys()].sort((a, b) => a - b)) {
      const entry = wall.items.get(seq)?.entry;
      if (entry === undefined || seen.has(entry.id)) continue;
      seen.add(entry.id);
      entries.push(entry);
    }
    return entries;
  }

  /** Whether `owner`'s wall shows an entry with id `id`. */
  hasEntry(owner: OnionAddress, id: string): boolean {
    for (const held of this.#walls.get(owner)?.items.values() ?? []) if (held.entry?.id === id) return true;
    return false;
  }

  /** The items of `owner`'s wall as bodies, by seq, scrubbed ones left out (what a sync answer picks from). */
  bodies(owner: OnionAddress): WallItemBody[] {
    return [...(this.#walls.get(owner)?.items.values() ?? [])]
      .map((held) => held.body)
      .filter((body) => body.ciphertext.length > 0)
      .sort((a, b) => a.seq - b.seq);
  }
}

function scrubbedItem(body: WallItemBody, direct: boolean): HeldItem {
  return { body: { ...body, ciphertext: new Uint8Array(0) }, direct, entry: undefined };
}

function open(owner: OnionAddress, body: WallItemBody, key: Uint8Array): WallEntryRecord {
  const entry = openEntry(decryptWallItem(body, owner, key));
  if (entry.owner !== owner) throw wallEntryInvalid('another wall');
  if (entry.item.type === 'post' && entry.author !== owner) throw wallEntryInvalid('a post not by the owner');
  return entry;
}
