// Recipient tags from the holder's side: a holder that knows the recipient's onion address
// (every mutual friend does) cannot test a tag; only the recipient recognises it, naming the
// sender; tags change with the day of the envelope's expiry.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyFromOnionAddress } from '../../../src/crypto/onion-address.js';
import { SECONDS_PER_DAY } from '../../../src/relay/limits.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { envelopeTag, recipientTag, relayDay, TagIndex } from '../../../src/relay/tag.js';
import { onion, people, seal, T0_S } from './fixtures.js';
import { errorNamed } from '../../shared/errors.js';

const tagKey = (from: keyof typeof people, to: keyof typeof people): Uint8Array =>
  pairKeys(people[from], people[to].publicKey, 'to-peer').tagKey;

/**
 * What a holder can compute from public data: the tag keyed by the recipient's public key alone
 * (the scheme before pair keys: HKDF-SHA256 with salt "burrow/relay/v1/recipient-tag\0",
 * ikm = the key in the onion address, info = u32 day, 16 bytes = one HMAC block).
 */
function tagFromPublicData(recipient: string, expiry: number): Uint8Array {
  const salt = Buffer.from('burrow/relay/v1/recipient-tag\0');
  const prk = createHmac('sha256', salt)
    .update(publicKeyFromOnionAddress(recipient as never))
    .digest();
  const day = Buffer.alloc(4);
  day.writeUInt32BE(Math.floor(expiry / SECONDS_PER_DAY));
  return new Uint8Array(
    createHmac('sha256', prk)
      .update(day)
      .update(Buffer.from([1]))
      .digest()
      .subarray(0, 16),
  );
}

describe('recipient tags', () => {
  it('cannot be tested by a holder that knows the recipient’s onion address', () => {
    const { envelope } = seal('alice', 'carol');
    // The old test a mutual friend could run: it no longer matches.
    expect(tagFromPublicData(onion('carol'), envelope.expiry)).not.toEqual(envelope.tag);
    // Nor does any other tag a holder could make: its own pair keys with Carol (Dave is Carol's
    // friend), or Alice's with itself.
    expect(envelopeTag(tagKey('dave', 'carol'), envelope.expiry)).not.toEqual(envelope.tag);
    expect(envelopeTag(tagKey('alice', 'dave'), envelope.expiry)).not.toEqual(envelope.tag);
    // Dave's own index (his friends, Carol and Alice among them) recognises only envelopes *to Dave*.
    const davesIndex = new TagIndex(people.dave, [onion('alice'), onion('carol'), onion('bob')]);
    expect(davesIndex.senderOf(envelope.tag, envelope.expiry)).toBeUndefined();
  });

  it('are recognised by the recipient, who learns which of its senders wrote', () => {
    const { envelope } = seal('alice', 'carol');
    const carols = new TagIndex(people.carol, [onion('dave'), onion('alice'), onion('bob')]);
    expect(carols.senderOf(envelope.tag, envelope.expiry)).toBe(onion('alice'));
    expect(new TagIndex(people.carol, [onion('dave'), onion('bob')]).senderOf(envelope.tag, envelope.expiry)).toBe(
      undefined,
    );
    // Both directions differ: Carol's envelopes to Alice do not carry Alice's tag to Carol.
    expect(tagKey('carol', 'alice')).not.toEqual(tagKey('alice', 'carol'));
  });

  it('depend on the day of the expiry only: same day same tag, next day another', () => {
    const key = tagKey('alice', 'carol');
    const dayStart = relayDay(T0_S) * SECONDS_PER_DAY;
    expect(envelopeTag(key, dayStart)).toEqual(envelopeTag(key, dayStart + SECONDS_PER_DAY - 1));
    expect(envelopeTag(key, dayStart)).not.toEqual(envelopeTag(key, dayStart + SECONDS_PER_DAY));
    expect(recipientTag(key, 1)).not.toEqual(recipientTag(tagKey('bob', 'carol'), 1));
    const index = new TagIndex(people.carol, [onion('alice')]);
    // A tag of one day is not recognised as the tag of another.
    expect(index.senderOf(envelopeTag(key, dayStart), dayStart + SECONDS_PER_DAY)).toBeUndefined();
  });

  it('follow changes of who may write to us', () => {
    const { envelope } = seal('alice', 'carol');
    const index = new TagIndex(people.carol, [onion('dave')]);
    expect(index.senderOf(envelope.tag, envelope.expiry)).toBeUndefined();
    index.setSenders([onion('dave'), onion('alice')]);
    expect(index.senderOf(envelope.tag, envelope.expiry)).toBe(onion('alice'));
    expect(index.has(onion('alice'))).toBe(true);
    index.setSenders([]);
    expect(index.senderOf(envelope.tag, envelope.expiry)).toBeUndefined();
  });

  it('survive many days of lookups (the per-day cache is bounded, not lossy)', () => {
    const index = new TagIndex(people.carol, [onion('alice')]);
    for (let day = 0; day < 40; day++) {
      const expiry = T0_S + day * SECONDS_PER_DAY;
      expect(index.senderOf(envelopeTag(tagKey('alice', 'carol'), expiry), expiry)).toBe(onion('alice'));
    }
  });

  it('refuse hostile arguments with InvalidArgumentError, and never throw while recognising', () => {
    expect(() => recipientTag(new Uint8Array(31), 1)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => recipientTag(tagKey('alice', 'carol'), -1)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => recipientTag(tagKey('alice', 'carol'), 2 ** 32)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => relayDay(Number.NaN)).toThrow(errorNamed('InvalidArgumentError'));
    const index = new TagIndex(people.carol, [onion('alice')]);
    const tag = envelopeTag(tagKey('alice', 'carol'), T0_S);
    for (const expiry of [Number.MAX_SAFE_INTEGER, 2 ** 32 * SECONDS_PER_DAY, -1, Number.NaN, 1.5])
      expect(index.senderOf(tag, expiry)).toBeUndefined();
    expect(index.senderOf(new Uint8Array(15), T0_S)).toBeUndefined();
    expect(index.senderOf('tag' as unknown as Uint8Array, T0_S)).toBeUndefined();
  });
});
