// The sender's tracker and receipts: only the recipient's signature with the right secret makes
// a message delivered.
import { describe, expect, it } from 'vitest';
import {
  createReceipt,
  receiptSignatureInput,
  secretOpensCommitment,
  verifyReceipt,
} from '../../../src/relay/receipt.js';
import { OutgoingTracker, type OutgoingEntry } from '../../../src/relay/outgoing-tracker.js';
import { signWithIdentity } from '../../../src/crypto/identity.js';
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
  it('verify for the recipient’s signature and the secret that opens the commitment, and nothing else', () => {
    const { entry, secret } = tracked();
    const receipt = createReceipt(people.carol, entry.envelopeId, secret);
    expect(verifyReceipt(receipt, people.carol.publicKey, entry.commitment)).toBe(true);
    expect(secretOpensCommitment(secret, entry.commitment)).toBe(true);
    // Signed by someone else, for another id, with another secret, or against another key.
    expect(
      verifyReceipt(createReceipt(people.dave, entry.envelopeId, secret), people.carol.publicKey, entry.commitment),
    ).toBe(false);
    expect(verifyReceipt({ ...receipt, id: new Uint8Array(16) }, people.carol.publicKey, entry.commitment)).toBe(false);
    expect(verifyReceipt({ ...receipt, secret: new Uint8Array(32) }, people.carol.publicKey, entry.commitment)).toBe(
      false,
    );
    expect(verifyReceipt(receipt, people.dave.publicKey, entry.commitment)).toBe(false);
    // A signature over the bare id (without the domain label and "delivered") is not a receipt.
    expect(
      verifyReceipt(
        { ...receipt, signature: signWithIdentity(people.carol, entry.envelopeId) },
        people.carol.publicKey,
        entry.commitment,
      ),
    ).toBe(false);
    expect(Buffer.from(receiptSignatureInput(entry.envelopeId)).toString('latin1')).toMatch(
      /^burrow\/relay\/v1\/receipt-signature\0.{16}delivered$/s,
    );
    expect(secretOpensCommitment('x' as unknown as Uint8Array, entry.commitment)).toBe(false);
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
    const change = tracker.receipt(createReceipt(people.carol, id, secret));
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
    expect(tracker.receipt(createReceipt(people.mallory, entry.envelopeId, new Uint8Array(32)))).toBeUndefined();
    expect(tracker.receipt(createReceipt(people.carol, new Uint8Array(16), new Uint8Array(32)))).toBeUndefined();
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
