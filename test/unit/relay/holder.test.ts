// The holder's storage policy: what it keeps, refuses, evicts and expires, whom it passes
// envelopes to, and how provenance routes receipts and dropped notices.
import { describe, expect, it } from 'vitest';
import { envelopeWireBytes } from '../../../src/protocol/relay/envelope-codec.js';
import { RelayHolder } from '../../../src/relay/holder.js';
import { MAX_CLOCK_SKEW_S, MAX_ENVELOPE_LIFETIME_S } from '../../../src/relay/limits.js';
import { STEM_HOPS } from '../../../src/relay/stem.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { HolderLimits } from '../../../src/relay/holder-limits.js';
import { onion, T0_S, type Name } from './fixtures.js';
import { fakeEnvelope, offerOf } from './fake-envelopes.js';

const SIZE = 1024 + 16 + 108;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * A holder (its friends `_friends` matter only to the reader: a holder learns them from the
 * engine's calls). `ownRecipients` says whom our own envelopes are for, by id in hex (the
 * sender's tracker in the engine); `stem` is its stem coin.
 */
function holderWith(
  _friends: Name[],
  limits: Partial<HolderLimits> = {},
  ownRecipients = new Map<string, OnionAddress>(),
  stem: (id: Uint8Array) => boolean = () => false,
): RelayHolder {
  return new RelayHolder({ recipientOf: (id) => ownRecipients.get(hex(id)), continuesStem: stem, limits });
}

describe('accepting envelopes', () => {
  it('keeps an envelope from a friend and charges that friend', () => {
    const holder = holderWith(['alice', 'dave']);
    const { envelope } = fakeEnvelope();
    expect(holder.accept(envelope, onion('alice'), T0_S)).toEqual({ status: 'accepted', dropped: [] });
    expect(holder.usage(onion('alice'))).toEqual({ count: 1, bytes: envelopeWireBytes(envelope) });
    expect(holder.totals).toEqual({ count: 1, bytes: SIZE });
    expect(holder.get(envelope.id)?.peers.get(onion('alice'))).toBe('gave');
    expect(holder.get(envelope.id)?.passOnHops).toBe(1);
  });

  it('dedupes by id and remembers who else has it', () => {
    const holder = holderWith(['alice', 'dave']);
    const { envelope } = fakeEnvelope();
    holder.accept(envelope, onion('alice'), T0_S);
    expect(holder.accept({ ...envelope, hops: 1 }, onion('dave'), T0_S)).toEqual({ status: 'duplicate' });
    expect(holder.consider(offerOf(envelope), onion('erin'), T0_S)).toBe('duplicate');
    expect(holder.get(envelope.id)?.peers.get(onion('dave'))).toBe('has');
    expect(holder.get(envelope.id)?.peers.get(onion('erin'))).toBe('has');
    expect(holder.totals.count).toBe(1);
  });

  it('refuses expired, too-long-lived, too-large and undeliverable last-hop envelopes', () => {
    const holder = holderWith(['alice', 'carol'], { maxEnvelopeBytes: 2000 });
    const from = onion('alice');
    const refuse = (options: Parameters<typeof fakeEnvelope>[0]): unknown => {
      const { envelope } = fakeEnvelope(options);
      const viaOffer = holder.consider(offerOf(envelope), from, T0_S);
      const viaAccept = holder.accept(envelope, from, T0_S);
      return viaAccept.status === 'refused' && viaAccept.reason === viaOffer ? viaOffer : { viaOffer, viaAccept };
    };
    expect(refuse({ expiry: T0_S })).toBe('expired');
    expect(refuse({ expiry: T0_S - 1000 })).toBe('expired');
    expect(refuse({ expiry: T0_S + MAX_ENVELOPE_LIFETIME_S + MAX_CLOCK_SKEW_S + 1 })).toBe('too-long-lived');
    expect(refuse({ padded: 4096 })).toBe('too-large');
    // hops 0: a delivery attempt. Only its recipient takes it; a holder cannot tell whom it is
    // for, even when the recipient is its friend (Carol here): tags are opaque to holders.
    expect(refuse({ hops: 0 })).toBe('hop-limit');
    expect(refuse({ hops: 0, to: onion('carol') })).toBe('hop-limit');
    // Right at the edges: accepted.
    expect(holder.accept(fakeEnvelope({ expiry: T0_S + 1 }).envelope, from, T0_S).status).toBe('accepted');
    expect(
      holder.accept(fakeEnvelope({ expiry: T0_S + MAX_ENVELOPE_LIFETIME_S + MAX_CLOCK_SKEW_S }).envelope, from, T0_S)
        .status,
    ).toBe('accepted');
    expect(holder.totals.count).toBe(2);
  });

  it('holds nothing when the quotas are set to 0', () => {
    const holder = holderWith(['alice'], { maxEnvelopesPerFriend: 0 });
    expect(holder.accept(fakeEnvelope().envelope, onion('alice'), T0_S)).toEqual({
      status: 'refused',
      reason: 'not-holding',
    });
  });
});

describe('quotas and eviction', () => {
  it('holds a flooding friend to its count quota while other friends’ envelopes survive', () => {
    const holder = holderWith(['mallory', 'alice', 'dave'], { maxEnvelopesPerFriend: 50 });
    const honest = [fakeEnvelope(), fakeEnvelope()].map(({ envelope }) => envelope);
    holder.accept(honest[0]!, onion('alice'), T0_S);
    const outcomes = Array.from({ length: 200 }, () => holder.accept(fakeEnvelope().envelope, onion('mallory'), T0_S));
    holder.accept(honest[1]!, onion('dave'), T0_S);
    expect(outcomes.filter((o) => o.status === 'accepted')).toHaveLength(50);
    expect(outcomes.slice(50).every((o) => o.status === 'refused' && o.reason === 'quota-count')).toBe(true);
    expect(holder.usage(onion('mallory')).count).toBe(50);
    for (const envelope of honest) expect(holder.get(envelope.id)?.state).toBe('held');
    expect(holder.consider(offerOf(fakeEnvelope().envelope), onion('mallory'), T0_S)).toBe('quota-count');
    expect(holder.consider(offerOf(fakeEnvelope().envelope), onion('alice'), T0_S)).toBe('want');
  });

  it('holds a friend to its byte quota', () => {
    const holder = holderWith(['alice'], { maxBytesPerFriend: 3 * SIZE + 10 });
    for (let i = 0; i < 3; i++)
      expect(holder.accept(fakeEnvelope().envelope, onion('alice'), T0_S).status).toBe('accepted');
    expect(holder.accept(fakeEnvelope().envelope, onion('alice'), T0_S)).toEqual({
      status: 'refused',
      reason: 'quota-bytes',
    });
    // One bigger than the whole byte quota is simply too large.
    expect(holder.accept(fakeEnvelope({ padded: 4096 }).envelope, onion('alice'), T0_S)).toEqual({
      status: 'refused',
      reason: 'too-large',
    });
  });

  it('at the global cap evicts the heaviest friend’s oldest envelope first, and tells whoever gave it', () => {
    const holder = holderWith(['alice', 'bob', 'dave'], { maxHeldEnvelopes: 5 });
    const a = Array.from({ length: 3 }, () => fakeEnvelope().envelope);
    const b = Array.from({ length: 2 }, () => fakeEnvelope().envelope);
    holder.accept(a[0]!, onion('alice'), T0_S);
    holder.accept(b[0]!, onion('bob'), T0_S);
    holder.accept(a[1]!, onion('alice'), T0_S);
    holder.accept(b[1]!, onion('bob'), T0_S);
    holder.accept(a[2]!, onion('alice'), T0_S);
    const next = holder.accept(fakeEnvelope().envelope, onion('dave'), T0_S);
    expect(next.status).toBe('accepted');
    if (next.status !== 'accepted') return;
    // Alice holds the most; her oldest (a[0]) goes, not Bob's older b[0].
    expect(next.dropped.map((event) => event.record.id)).toEqual([a[0]!.id]);
    expect(holder.get(a[0]!.id)?.state).toBe('gone');
    expect(holder.get(a[0]!.id)?.goneReason).toBe('evicted');
    expect(holder.get(b[0]!.id)?.state).toBe('held');
    expect(holder.takeDropNotice(next.dropped[0]!.record, onion('alice'))).toBe('evicted');
    expect(holder.takeDropNotice(next.dropped[0]!.record, onion('alice'))).toBeUndefined();
    expect(holder.totals.count).toBe(5);
    // The evicted id is remembered: offered again, it is a duplicate, not a fresh copy.
    expect(holder.consider(offerOf(a[0]!), onion('bob'), T0_S)).toBe('duplicate');
  });

  it('evicts by bytes too', () => {
    const holder = holderWith(['alice', 'bob'], { maxHeldBytes: 3 * SIZE });
    const first = fakeEnvelope().envelope;
    holder.accept(first, onion('alice'), T0_S);
    holder.accept(fakeEnvelope().envelope, onion('alice'), T0_S);
    holder.accept(fakeEnvelope().envelope, onion('bob'), T0_S);
    holder.accept(fakeEnvelope().envelope, onion('bob'), T0_S);
    expect(holder.get(first.id)?.state).toBe('gone');
    expect(holder.totals).toEqual({ count: 3, bytes: 3 * SIZE });
  });

  it('does not notify upstream while a downstream friend still holds the evicted envelope', () => {
    const holder = holderWith(['alice', 'bob', 'dave'], { maxHeldEnvelopes: 1 });
    const { envelope } = fakeEnvelope();
    holder.accept(envelope, onion('alice'), T0_S);
    const record = holder.get(envelope.id)!;
    holder.markOffered(record, onion('dave'));
    expect(holder.onAnswer(envelope.id, onion('dave'), 'want').type).toBe('send');
    expect(holder.onStored(envelope.id, onion('dave'), 'accepted')).toEqual({ type: 'holder-added', own: false });
    const next = holder.accept(fakeEnvelope().envelope, onion('bob'), T0_S);
    expect(next).toEqual({ status: 'accepted', dropped: [] });
    expect(record.state).toBe('gone');
    // Dave drops it too: now nothing behind us holds it, and Alice is to be told.
    const result = holder.onDropped(envelope.id, onion('dave'), 'expired');
    expect(result.type).toBe('holder-removed');
    expect(result.type === 'holder-removed' && result.drop?.reason).toBe('expired');
    expect(holder.dropNoticesFor(onion('alice'))).toEqual([{ id: envelope.id, reason: 'expired' }]);
    expect(holder.dropNoticesFor(onion('alice'))).toEqual([]);
  });

  it('keeps at most maxOwnEnvelopes of our own', () => {
    const holder = holderWith(['alice'], { maxOwnEnvelopes: 2 });
    expect(holder.addOwn(fakeEnvelope().envelope)).toBe(true);
    expect(holder.addOwn(fakeEnvelope().envelope)).toBe(true);
    expect(holder.hasRoomForOwn()).toBe(false);
    expect(holder.addOwn(fakeEnvelope().envelope)).toBe(false);
    expect(holder.ownHeld).toBe(2);
    expect(holder.totals.count).toBe(0);
  });

  it('forgets the oldest ids without a copy past the remembered limit, never a held one', () => {
    const holder = holderWith(['alice'], { maxHeldEnvelopes: 2, maxOwnEnvelopes: 0, maxRemembered: 3 });
    const envelopes = Array.from({ length: 10 }, () => fakeEnvelope().envelope);
    for (const envelope of envelopes) holder.accept(envelope, onion('alice'), T0_S);
    expect(holder.tracked).toBe(5);
    expect(holder.get(envelopes[9]!.id)?.state).toBe('held');
    expect(holder.get(envelopes[8]!.id)?.state).toBe('held');
    expect(holder.get(envelopes[0]!.id)).toBeUndefined();
  });
});

describe('expiry', () => {
  it('sweeps expired copies, reports our own, and forgets ids after the skew', () => {
    const holder = holderWith(['alice']);
    const soon = fakeEnvelope({ expiry: T0_S + 100 }).envelope;
    const later = fakeEnvelope({ expiry: T0_S + 10_000 }).envelope;
    const own = fakeEnvelope({ expiry: T0_S + 100 }).envelope;
    holder.accept(soon, onion('alice'), T0_S);
    holder.accept(later, onion('alice'), T0_S);
    holder.addOwn(own);
    expect(holder.sweep(T0_S + 99)).toEqual([]);
    const expiredOwn = holder.sweep(T0_S + 100);
    expect(expiredOwn.map((record) => record.id)).toEqual([own.id]);
    expect(holder.get(soon.id)?.state).toBe('gone');
    expect(holder.get(soon.id)?.goneReason).toBe('expired');
    expect(holder.usage(onion('alice')).count).toBe(1);
    expect(holder.ownHeld).toBe(0);
    // No dropped notice for expiry: every copy expires together.
    expect(holder.dropNoticesFor(onion('alice'))).toEqual([]);
    holder.sweep(T0_S + 100 + MAX_CLOCK_SKEW_S + 1);
    expect(holder.get(soon.id)).toBeUndefined();
    expect(holder.get(later.id)?.state).toBe('held');
  });
});

describe('delivery and forwarding', () => {
  it('delivers our own envelopes to their recipient, once; tries someone else’s on every friend', () => {
    const ownRecipients = new Map<string, OnionAddress>();
    const holder = holderWith(['alice', 'carol', 'dave'], {}, ownRecipients);
    const ours = fakeEnvelope({ to: onion('carol') }).envelope;
    ownRecipients.set(hex(ours.id), onion('carol'));
    holder.addOwn(ours);
    const forCarol = fakeEnvelope({ to: onion('carol') }).envelope;
    const lastHop = fakeEnvelope({ hops: 1 }).envelope;
    holder.accept(forCarol, onion('alice'), T0_S);
    holder.accept(lastHop, onion('alice'), T0_S);
    expect(holder.forEnvelopeDelivery(onion('carol'), T0_S).map((r) => r.id)).toEqual([ours.id]);
    expect(holder.forEnvelopeDelivery(onion('dave'), T0_S)).toEqual([]);
    // Carol's tag means nothing to us: Alice's envelope for her goes to her as to anyone, a
    // forward while it has hops, a delivery attempt (hops 0) once it has none.
    const handOffs = holder.handOffsFor(onion('carol'), T0_S);
    expect(handOffs.map(({ record, mode, hops }) => [record.id, mode, hops])).toEqual([
      [ours.id, 'deliver', 0],
      [forCarol.id, 'forward', 1],
      [lastHop.id, 'deliver', 0],
    ]);
    holder.markOffered(holder.get(ours.id)!, onion('carol'));
    expect(holder.forEnvelopeDelivery(onion('carol'), T0_S)).toEqual([]);
  });

  it('passes on while hops remain, never back to the giver, up to the fan-out; tries everyone else with hops 0', () => {
    const holder = holderWith(['alice', 'bob', 'carol', 'dave', 'erin', 'frank'], { maxFanOut: 2 });
    const { envelope } = fakeEnvelope({ to: onion('carol'), hops: 2 });
    holder.accept(envelope, onion('alice'), T0_S);
    const record = holder.get(envelope.id)!;
    const everyone = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((n) => onion(n as Name));
    expect(holder.forwardTargets(record, everyone, T0_S)).toEqual([onion('bob'), onion('carol')]);
    expect(holder.targetsOf(record, everyone, T0_S)).toEqual([
      { friend: onion('bob'), hops: 1 },
      { friend: onion('carol'), hops: 1 },
      { friend: onion('dave'), hops: 0 },
      { friend: onion('erin'), hops: 0 },
      { friend: onion('frank'), hops: 0 },
    ]);
    holder.markOffered(record, onion('bob'));
    expect(holder.forwardTargets(record, everyone, T0_S)).toEqual([onion('carol')]);
    expect(holder.forwardTargets(record, everyone, envelope.expiry)).toEqual([]);
  });

  it('only tries an envelope that arrived with one hop left on its friends (hops 0), never passes it on', () => {
    const holder = holderWith(['alice', 'bob', 'carol']);
    const { envelope } = fakeEnvelope({ to: onion('carol'), hops: 1 });
    holder.accept(envelope, onion('alice'), T0_S);
    expect(holder.forwardTargets(holder.get(envelope.id)!, [onion('bob')], T0_S)).toEqual([]);
    expect(holder.handOffsFor(onion('bob'), T0_S).map(({ mode, hops }) => [mode, hops])).toEqual([['deliver', 0]]);
    expect(holder.handOffsFor(onion('carol'), T0_S).map(({ mode, hops }) => [mode, hops])).toEqual([['deliver', 0]]);
  });

  it('keeps a copy received with the stem count at that count for one friend when its coin says so', () => {
    const continues = holderWith(['alice', 'bob', 'dave', 'erin'], {}, new Map(), () => true);
    const stops = holderWith(['alice', 'bob', 'dave', 'erin'], {}, new Map(), () => false);
    const { envelope } = fakeEnvelope({ hops: STEM_HOPS });
    const everyone = ['alice', 'bob', 'dave', 'erin'].map((n) => onion(n as Name));
    continues.accept(envelope, onion('alice'), T0_S);
    stops.accept(envelope, onion('alice'), T0_S);
    // On the stem: one friend gets the count the sender handed out; the others a delivery attempt.
    expect(continues.targetsOf(continues.get(envelope.id)!, everyone, T0_S)).toEqual([
      { friend: onion('bob'), hops: STEM_HOPS },
      { friend: onion('dave'), hops: 0 },
      { friend: onion('erin'), hops: 0 },
    ]);
    expect(stops.targetsOf(stops.get(envelope.id)!, everyone, T0_S).map(({ hops }) => hops)).toEqual([
      STEM_HOPS - 1,
      STEM_HOPS - 1,
      STEM_HOPS - 1,
    ]);
    // Below the stem count the coin does not matter.
    const lower = fakeEnvelope({ hops: STEM_HOPS - 1 }).envelope;
    continues.accept(lower, onion('alice'), T0_S);
    expect(continues.get(lower.id)?.passOnHops).toBe(STEM_HOPS - 2);
  });

  it('hands over only what was offered, and counts only stored copies as held', () => {
    const holder = holderWith(['alice', 'bob', 'dave']);
    const { envelope } = fakeEnvelope();
    holder.addOwn(envelope);
    expect(holder.onAnswer(envelope.id, onion('bob'), 'want')).toEqual({ type: 'none' });
    holder.markOffered(holder.get(envelope.id)!, onion('bob'));
    holder.markOffered(holder.get(envelope.id)!, onion('dave'));
    const sent = holder.onAnswer(envelope.id, onion('bob'), 'want');
    expect(sent).toEqual({ type: 'send', copy: { ...envelope, hops: envelope.hops } });
    expect(holder.onStored(envelope.id, onion('dave'), 'accepted')).toEqual({ type: 'none' });
    expect(holder.onStored(envelope.id, onion('bob'), 'accepted')).toEqual({ type: 'holder-added', own: true });
    expect(holder.onAnswer(envelope.id, onion('dave'), 'quota-bytes')).toEqual({ type: 'none' });
    expect(holder.get(envelope.id)?.peers.get(onion('dave'))).toBe('declined');
  });

  it('forgets unanswered offers when a friend disconnects, so they are made again', () => {
    const holder = holderWith(['alice', 'bob']);
    const { envelope } = fakeEnvelope();
    holder.accept(envelope, onion('alice'), T0_S);
    holder.markOffered(holder.get(envelope.id)!, onion('bob'));
    expect(holder.handOffsFor(onion('bob'), T0_S)).toEqual([]);
    holder.disconnected(onion('bob'));
    expect(holder.handOffsFor(onion('bob'), T0_S)).toHaveLength(1);
  });

  it('lets only the recipient reject a copy, so only our own (whose recipient we know)', () => {
    const ownRecipients = new Map<string, OnionAddress>();
    const holder = holderWith(['alice', 'bob', 'carol'], {}, ownRecipients);
    // Someone else's: we cannot tell the recipient, so anyone's "rejected" is a mere refusal.
    const { envelope } = fakeEnvelope({ to: onion('carol') });
    holder.accept(envelope, onion('alice'), T0_S);
    const record = holder.get(envelope.id)!;
    for (const friend of [onion('bob'), onion('carol')]) {
      holder.markOffered(record, friend);
      expect(holder.onAnswer(envelope.id, friend, 'rejected')).toEqual({ type: 'none' });
    }
    expect(record.state).toBe('held');
    // Ours, to Carol.
    const ours = fakeEnvelope({ to: onion('carol') }).envelope;
    ownRecipients.set(hex(ours.id), onion('carol'));
    holder.addOwn(ours);
    const own = holder.get(ours.id)!;
    holder.markOffered(own, onion('bob'));
    expect(holder.onAnswer(ours.id, onion('bob'), 'rejected')).toEqual({ type: 'none' });
    holder.markOffered(own, onion('carol'));
    expect(holder.onAnswer(ours.id, onion('carol'), 'rejected').type).toBe('rejected');
    expect(own.state).toBe('gone');
  });
});

describe('releases', () => {
  it('deletes the copy only for the secret that opens the commitment, once, and passes it to everyone who saw the id', () => {
    const holder = holderWith(['alice', 'bob', 'carol', 'dave']);
    const { envelope, secret } = fakeEnvelope({ to: onion('carol') });
    holder.accept(envelope, onion('alice'), T0_S);
    holder.consider(offerOf(envelope), onion('bob'), T0_S); // Bob has it too
    const record = holder.get(envelope.id)!;
    holder.markOffered(record, onion('dave'));
    holder.onAnswer(envelope.id, onion('dave'), 'want');
    holder.onStored(envelope.id, onion('dave'), 'accepted');

    const forged = { kind: 'withdrawal' as const, withdrawal: { id: envelope.id, secret: new Uint8Array(32) } };
    expect(holder.release(envelope.id, forged, onion('dave'))).toEqual({ status: 'ignored' });
    expect(holder.release(fakeEnvelope().envelope.id, forged, onion('dave'))).toEqual({ status: 'ignored' });
    expect(record.state).toBe('held');

    const receipt = { kind: 'receipt' as const, receipt: { id: envelope.id, secret, mac: new Uint8Array(32) } };
    const outcome = holder.release(envelope.id, receipt, onion('dave'));
    expect(outcome.status).toBe('released');
    expect(record.state).toBe('released');
    expect(holder.usage(onion('alice')).count).toBe(0);
    expect(holder.release(envelope.id, receipt, onion('bob'))).toEqual({ status: 'known' });
    // Dave gave it to us and Bob sent it again: only Alice still needs it.
    expect(holder.releasesFor(onion('alice'))).toEqual([receipt]);
    expect(holder.releasesFor(onion('alice'))).toEqual([]);
    expect(holder.releasesFor(onion('bob'))).toEqual([]);
    expect(holder.releasesFor(onion('carol'))).toEqual([]);
    // Offered again later, it is known as delivered.
    expect(holder.consider(offerOf(envelope), onion('carol'), T0_S)).toBe('delivered');
    expect(holder.releasesFor(onion('carol'))).toEqual([receipt]);
  });
});
