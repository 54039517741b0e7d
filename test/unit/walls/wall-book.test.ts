/**
 * The walls held (walls/wall-book.ts): sync since t with duplicates and reordering. Items come
 * directly (in order) and through the relay (in any order, possibly before their key, possibly
 * twice); the wall shows each entry once, in seq order, and the high-water mark a sync asks from
 * counts only what came directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { WallBook } from '../../../src/walls/wall-book.js';
import { encryptWallItem } from '../../../src/walls/wall-cipher.js';
import { signEntry } from '../../../src/walls/wall-entry.js';

const ada = generateIdentity();
const bob = generateIdentity();
const epoch = new Uint8Array(16).fill(5);
const key = new Uint8Array(32).fill(6);
const random = (length: number) => new Uint8Array(length).fill(length);
const entries = Array.from({ length: 6 }, (_, index) =>
  signEntry(ada, ada.onionAddress, { type: 'post', text: `post ${index + 1}` }, 'ada', index),
);
const items = entries.map((entry, index) =>
  encryptWallItem(entry.bytes, { owner: ada.onionAddress, epoch, key, seq: index + 1 }, random),
);

describe('the walls held', () => {
  it('show every entry once in seq order, however items arrive, and ask from the highest direct seq', () => {
    const arrival = fc.array(
      fc.record({ index: fc.integer({ min: 0, max: items.length - 1 }), direct: fc.boolean() }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(arrival, fc.integer({ min: 0, max: 20 }), (arrivals, keyAt) => {
        const book = new WallBook();
        arrivals.forEach(({ index, direct }, at) => {
          if (at === keyAt) book.addKey(ada.onionAddress, epoch, key);
          const body = items[index]!;
          book.addItem(ada.onionAddress, body, direct, book.check(ada.onionAddress, body));
        });
        book.addKey(ada.onionAddress, epoch, key);
        const held = [...new Set(arrivals.map(({ index }) => index))].sort((a, b) => a - b);
        expect(book.entries(ada.onionAddress).map((entry) => entry.id)).toEqual(
          held.map((index) => entries[index]!.id),
        );
        const direct = arrivals.filter((arrival) => arrival.direct).map(({ index }) => index + 1);
        expect(book.highWater(ada.onionAddress)).toBe(Math.max(0, ...direct));
      }),
    );
  });

  it('shows an entry the owner published twice once, and refuses items that are not the owner’s to publish', () => {
    const book = new WallBook();
    book.addKey(ada.onionAddress, epoch, key);
    const again = encryptWallItem(entries[0]!.bytes, { owner: ada.onionAddress, epoch, key, seq: 9 }, random);
    for (const body of [items[0]!, again])
      book.addItem(ada.onionAddress, body, true, book.check(ada.onionAddress, body));
    expect(book.entries(ada.onionAddress)).toHaveLength(1);

    const byBob = signEntry(bob, ada.onionAddress, { type: 'post', text: 'not yours' }, 'bob', 1);
    const forged = encryptWallItem(byBob.bytes, { owner: ada.onionAddress, epoch, key, seq: 10 }, random);
    expect(() => book.check(ada.onionAddress, forged)).toThrow(
      expect.objectContaining({ name: 'WallEntryInvalidError' }),
    );
    const elsewhere = signEntry(ada, bob.onionAddress, { type: 'post', text: 'for bob’s wall' }, 'ada', 1);
    const moved = encryptWallItem(elsewhere.bytes, { owner: ada.onionAddress, epoch, key, seq: 11 }, random);
    expect(() => book.check(ada.onionAddress, moved)).toThrow(
      expect.objectContaining({ name: 'WallEntryInvalidError' }),
    );
  });
});
