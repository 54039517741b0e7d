// The sender's tracker and receipts: only the recipient's MAC (under its pair key with the sender)
// with the right secret makes a message delivered; and nobody else can tell a receipt is the recipient's.
import { describe, expect, it } from 'vitest';
import { createReceipt, receiptMac, secretOpensCommitment, verifyReceipt } from '../../../src/relay/receipt.js';
import { OutgoingTracker, type OutgoingEntry } from '../../../src/relay/outgoing-tracker.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { verifyIdentitySignature } from '../../../src/crypto/identity.js';
import { onion, people, seal, T0_S } from './fixtures.js';

function tracked(): { tracker: OutgoingTracker; entry: OutgoingEntry; secret: Uint8Array } {
  const sealed = seal('alice', 'carol');
  const entry: OutgoingEntry = {
    envelopeId: sealed.envelope.id,
    ref: 'message-1',
    recipient: onion('carol'),
    recipientKey: sealed.recipientKey,
    commitment: sealed.envelope.commitment,
    expiry: sealed.envelope.expiry,
  };
  const tracker = new OutgoingTracker();
  tracker.track(entry);
  return { tracker, entry, secret: sealed.receiptSecret };
}

describe('receipts', () => {
  it('verify for the recipient’s MAC and the secret that opens the commitment, and nothing else', () => {
    const { entry, secret } = tracked();
    const alice = people.alice;
    const receipt = createReceipt(people.carol, alice.publicKey, entry.envelopeId, secret);
    expect(verifyReceipt(receipt, alice, people.carol.publicKey, entry.commitment)).toBe(true);
    expect(secretOpensCommitment(secret, entry.commitment)).toBe(true);
    // MACed by someone else, for another sender, another id, with another secret, or checked against another recipient.
    for (const forged of [
      createReceipt(people.dave, alice.publicKey, entry.envelopeId, secret),
      createReceipt(people.carol, people.bob.publicKey, entry.envelopeId, secret),
      { ...receipt, id: new Uint8Array(16) },
      { ...receipt, secret: new Uint8Array(32) },
      { ...receipt, mac: receiptMac(new Uint8Array(32), entry.envelopeId) },
    ])
      expect(verifyReceipt(forged, alice, people.carol.publicKey, entry.commitment)).toBe(false);
    expect(verifyReceipt(receipt, alice, people.dave.publicKey, entry.commitment)).toBe(false);
    expect(secretOpensCommitment('x' as unknown as Uint8Array, entry.commitment)).toBe(false);
  });

  it('cannot be tied to the recipient by a holder that knows the recipient’s onion address', () => {
    const { entry, secret } = tracked();
    const receipt = createReceipt(people.carol, people.alice.publicKey, entry.envelopeId, secret);
    // Format 1 receipts were Carol's signature over this: any holder could check it with her public key.
    const oldInput = Uint8Array.from([
      ...new TextEncoder().encode('burrow/relay/v1/receipt-signature\0'),
      ...entry.envelopeId,
      ...new TextEncoder().encode('delivered'),
    ]);
    expect(receipt.mac).toHaveLength(32);
    expect(verifyIdentitySignature(people.carol.publicKey, oldInput, receipt.mac)).toBe(false);
    // And the MAC is one Alice could have made herself: it convinces her only.
    const alicesKey = pairKeys(people.alice, people.carol.publicKey, 'to-peer').receiptMacKey;
    expect(receiptMac(alicesKey, entry.envelopeId)).toEqual(receipt.mac);
  });
});

describe('the outgoing tracker', () => {
  it('goes waiting → held by n → dropped → held → delivered, and delivered is final', () => {
    const { tracker, entry, secret } = tracked();
    const id = entry.envelopeId;
    expect(tracker.get(id)?.state).toEqual({ state: 'waiting-on-sender' });
    expect(tracker.holderAdded(id, onion('bob'))?.state).toEqual({ state: 'held-by-friends', holders: 1 });
    expect(tracker.holderAdded(id, onion('bob'))).toBeUndefined();
    expect(tracker.holderAdded(id, onion('dave'))?.state).toEqual({ state: 'held-by-friends', holders: 2 });
    expect(tracker.holderDropped(id, onion('erin'), 'evicted')).toBeUndefined();
    expect(tracker.holderDropped(id, onion('bob'), 'evicted')?.state).toEqual({ state: 'held-by-friends', holders: 1 });
    expect(tracker.holderDropped(id, onion('dave'), 'expired')?.state).toEqual({ state: 'dropped', reason: 'expired' });
    expect(tracker.holderAdded(id, onion('erin'))?.state).toEqual({ state: 'held-by-friends', holders: 1 });
    const change = tracker.receipt(createReceipt(people.carol, people.alice.publicKey, id, secret), people.alice);
    expect(change).toEqual({
      envelopeId: id,
      ref: 'message-1',
      recipient: onion('carol'),
      state: { state: 'delivered' },
    });
    expect(tracker.holderDropped(id, onion('erin'), 'evicted')).toBeUndefined();
    expect(tracker.expired(id)).toBeUndefined();
    expect(tracker.rejected(id)).toBeUndefined();
    expect(tracker.get(id)?.state).toEqual({ state: 'delivered' });
  });

  it('ignores forged receipts and unknown ids', () => {
    const { tracker, entry } = tracked();
    const alice = people.alice;
    expect(
      tracker.receipt(createReceipt(people.mallory, alice.publicKey, entry.envelopeId, new Uint8Array(32)), alice),
    ).toBeUndefined();
    expect(
      tracker.receipt(createReceipt(people.carol, alice.publicKey, new Uint8Array(16), new Uint8Array(32)), alice),
    ).toBeUndefined();
    expect(tracker.holderAdded(new Uint8Array(16), onion('bob'))).toBeUndefined();
    expect(tracker.get(entry.envelopeId)?.state).toEqual({ state: 'waiting-on-sender' });
  });

  it('marks rejected and expired envelopes dropped, and forgets them after their expiry', () => {
    const { tracker, entry } = tracked();
    tracker.holderAdded(entry.envelopeId, onion('bob'));
    expect(tracker.rejected(entry.envelopeId)?.state).toEqual({ state: 'dropped', reason: 'rejected' });
    expect(tracker.expired(entry.envelopeId)?.state).toEqual({ state: 'dropped', reason: 'expired' });
    tracker.sweep(entry.expiry + 10, 10);
    expect(tracker.list()).toHaveLength(1);
    tracker.sweep(entry.expiry + 11, 10);
    expect(tracker.list()).toHaveLength(0);
    expect(T0_S).toBeLessThan(entry.expiry);
  });
});
