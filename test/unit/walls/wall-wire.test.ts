/** The wall messages' codec (protocol/walls/wall-wire.ts) and signed entries (walls/wall-entry.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { DecodeError } from '../../../src/protocol/bytes.js';
import { decodeMessage, encodeMessage, type WireMessage } from '../../../src/protocol/envelope/index.js';
import {
  decodeRelayedWallItem,
  encodeRelayedWallItem,
  type WallMessage,
} from '../../../src/protocol/walls/wall-wire.js';
import { decryptWallItem, encryptWallItem, openWallKey, sealWallKey } from '../../../src/walls/wall-cipher.js';
import { openEntry, signEntry } from '../../../src/walls/wall-entry.js';

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const key = fc.record({ epoch: bytes(16), ephemeralKey: bytes(32), commitment: bytes(32), sealedKey: bytes(48) });
const item = fc.record({
  seq,
  epoch: bytes(16),
  nonce: bytes(24),
  ciphertext: fc.uint8Array({ maxLength: 2000 }),
});
const message: fc.Arbitrary<WallMessage> = fc.oneof(
  key.map((body) => ({ kind: 'wall-key' as const, ...body })),
  item.map((body) => ({ kind: 'wall-item' as const, ...body })),
  fc.uint8Array({ maxLength: 2000 }).map((entry) => ({ kind: 'wall-submit' as const, entry })),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((since) => ({ kind: 'wall-sync' as const, since })),
);
const envelope = (inner: WallMessage): WireMessage => ({
  kind: 'wall',
  id: new Uint8Array(16).fill(1),
  message: inner,
});

describe('wall messages', () => {
  it('round-trip in the envelope, and every cut or extended encoding is refused', () => {
    fc.assert(
      fc.property(message, (inner) => {
        const encoded = encodeMessage(envelope(inner));
        expect(decodeMessage(encoded)).toEqual(envelope(inner));
        expect(() => decodeMessage(encoded.subarray(0, encoded.length - 1))).toThrow();
        expect(() => decodeMessage(Uint8Array.from([...encoded, 0]))).toThrow();
      }),
    );
  });

  it('decode any bytes after a wall kind without anything but a DecodeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x60, max: 0x63 }), fc.uint8Array({ maxLength: 300 }), (kind, body) => {
        const frame = Uint8Array.from([1, kind, ...new Uint8Array(16), ...body]);
        try {
          decodeMessage(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });

  it('refuses a seq of 0 and a relayed item whose has-key byte is not 0 or 1', () => {
    const zero = encodeMessage(envelope({ kind: 'wall-sync', since: 0 }));
    expect(decodeMessage(zero)).toMatchObject({ message: { since: 0 } });
    const relayed = encodeRelayedWallItem({
      item: { seq: 1, epoch: new Uint8Array(16), nonce: new Uint8Array(24), ciphertext: new Uint8Array(3) },
    });
    expect(decodeRelayedWallItem(relayed).key).toBeUndefined();
    expect(() => decodeRelayedWallItem(Uint8Array.from([2, ...relayed.subarray(1)]))).toThrow();
    const noSeq = Uint8Array.from(relayed);
    noSeq.fill(0, 1, 9);
    expect(() => decodeRelayedWallItem(noSeq)).toThrow(/seq/);
  });
});

describe('signed wall entries', () => {
  const ada = generateIdentity();
  const bob = generateIdentity();

  it('open to what was signed, and refuse any flipped byte', () => {
    const entry = signEntry(bob, ada.onionAddress, { type: 'comment', post: 'a'.repeat(64), text: 'hi' }, 'bob', 5);
    expect(openEntry(entry.bytes)).toMatchObject({
      id: entry.id,
      owner: ada.onionAddress,
      author: bob.onionAddress,
      authorName: 'bob',
      createdAt: 5,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: entry.bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const tampered = Uint8Array.from(entry.bytes);
        tampered[at] = tampered[at]! ^ flip;
        expect(() => openEntry(tampered)).toThrow(expect.objectContaining({ name: 'WallEntryInvalidError' }));
      }),
    );
  });

  it('refuse arbitrary bytes with a typed error only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (junk) => {
        expect(() => openEntry(junk)).toThrow(expect.objectContaining({ name: 'WallEntryInvalidError' }));
      }),
    );
  });

  it('travel encrypted under an epoch key sealed to one reader, bound to wall, epoch and seq', () => {
    const random = (length: number) => new Uint8Array(length).fill(length);
    const epoch = new Uint8Array(16).fill(1);
    const epochKey = new Uint8Array(32).fill(2);
    const sealed = sealWallKey(epoch, epochKey, bob.onionAddress, random);
    expect(openWallKey(sealed, bob)).toEqual(epochKey);
    expect(() => openWallKey(sealed, ada)).toThrow();
    const entry = signEntry(ada, ada.onionAddress, { type: 'post', text: 'hello' }, 'ada', 1);
    const body = encryptWallItem(entry.bytes, { owner: ada.onionAddress, epoch, key: epochKey, seq: 3 }, random);
    expect(decryptWallItem(body, ada.onionAddress, epochKey)).toEqual(entry.bytes);
    expect(() => decryptWallItem({ ...body, seq: 4 }, ada.onionAddress, epochKey)).toThrow();
    expect(() => decryptWallItem(body, bob.onionAddress, epochKey)).toThrow();
    expect(() => decryptWallItem(body, ada.onionAddress, new Uint8Array(32))).toThrow();
  });
});
