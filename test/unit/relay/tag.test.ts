// Recipient tags: recognisable by whoever knows the recipient's key, by nobody else, and
// changing with the day of the envelope's expiry.
import { describe, expect, it } from 'vitest';
import { SECONDS_PER_DAY } from '../../../src/relay/limits.js';
import { envelopeTag, isTagFor, recipientTag, relayDay, TagIndex } from '../../../src/relay/tag.js';
import { onion, people, seal, T0_S } from './fixtures.js';
import { errorNamed } from '../../shared/errors.js';

describe('recipient tags', () => {
  it('are recognised by any friend who knows the recipient, and by nobody who does not', () => {
    const { envelope } = seal('alice', 'carol');
    const carolsFriends = new TagIndex([onion('dave'), onion('carol'), onion('alice')]);
    const notCarolsFriends = new TagIndex([onion('dave'), onion('erin'), onion('alice')]);
    expect(carolsFriends.recipientOf(envelope.tag, envelope.expiry)).toBe(onion('carol'));
    expect(carolsFriends.isFor(envelope.tag, envelope.expiry, onion('carol'))).toBe(true);
    expect(carolsFriends.isFor(envelope.tag, envelope.expiry, onion('dave'))).toBe(false);
    expect(notCarolsFriends.recipientOf(envelope.tag, envelope.expiry)).toBeUndefined();
    expect(isTagFor(envelope.tag, people.carol.publicKey, envelope.expiry)).toBe(true);
    expect(isTagFor(envelope.tag, people.bob.publicKey, envelope.expiry)).toBe(false);
  });

  it('depend on the day of the expiry only: same day same tag, next day another', () => {
    const key = people.carol.publicKey;
    const dayStart = relayDay(T0_S) * SECONDS_PER_DAY;
    expect(envelopeTag(key, dayStart)).toEqual(envelopeTag(key, dayStart + SECONDS_PER_DAY - 1));
    expect(envelopeTag(key, dayStart)).not.toEqual(envelopeTag(key, dayStart + SECONDS_PER_DAY));
    expect(recipientTag(key, 1)).not.toEqual(recipientTag(people.dave.publicKey, 1));
    const index = new TagIndex([onion('carol')]);
    // A tag of one day is not recognised as the tag of another.
    expect(index.recipientOf(envelopeTag(key, dayStart), dayStart + SECONDS_PER_DAY)).toBeUndefined();
  });

  it('stay recognisable for the whole lifetime, whatever the holder’s clock says', () => {
    const { envelope } = seal('alice', 'carol');
    const index = new TagIndex([onion('carol')]);
    // The holder uses the expiry carried in the header, not its own date.
    expect(index.recipientOf(envelope.tag, envelope.expiry)).toBe(onion('carol'));
  });

  it('follow friend-list changes', () => {
    const { envelope } = seal('alice', 'carol');
    const index = new TagIndex([onion('dave')]);
    expect(index.recipientOf(envelope.tag, envelope.expiry)).toBeUndefined();
    index.setFriends([onion('dave'), onion('carol')]);
    expect(index.recipientOf(envelope.tag, envelope.expiry)).toBe(onion('carol'));
    expect(index.has(onion('carol'))).toBe(true);
    index.setFriends([]);
    expect(index.recipientOf(envelope.tag, envelope.expiry)).toBeUndefined();
  });

  it('survive many days of lookups (the per-day cache is bounded, not lossy)', () => {
    const index = new TagIndex([onion('carol')]);
    for (let day = 0; day < 40; day++) {
      const expiry = T0_S + day * SECONDS_PER_DAY;
      expect(index.recipientOf(envelopeTag(people.carol.publicKey, expiry), expiry)).toBe(onion('carol'));
    }
  });

  it('refuse hostile arguments with InvalidArgumentError, and never throw while recognising', () => {
    expect(() => recipientTag(new Uint8Array(31), 1)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => recipientTag(people.carol.publicKey, -1)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => recipientTag(people.carol.publicKey, 2 ** 32)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => relayDay(Number.NaN)).toThrow(errorNamed('InvalidArgumentError'));
    const index = new TagIndex([onion('carol')]);
    const tag = envelopeTag(people.carol.publicKey, T0_S);
    for (const expiry of [Number.MAX_SAFE_INTEGER, 2 ** 32 * SECONDS_PER_DAY, -1, Number.NaN, 1.5]) {
      expect(index.recipientOf(tag, expiry)).toBeUndefined();
      expect(isTagFor(tag, people.carol.publicKey, expiry)).toBe(false);
    }
    expect(isTagFor(new Uint8Array(3), people.carol.publicKey, T0_S)).toBe(false);
    expect(index.recipientOf(new Uint8Array(15), T0_S)).toBeUndefined();
    expect(index.recipientOf('tag' as unknown as Uint8Array, T0_S)).toBeUndefined();
  });
});
