// test/vectors/relay.json: the code reproduces the pinned bytes, and an independent reader
// built from @noble primitives and the layouts in the source comments opens them.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { identityFromSeed } from '../../../src/crypto/identity.js';
import { decodeEnvelope, encodeEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import { decodeRelayMessage, encodeRelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { createReceipt } from '../../../src/relay/receipt.js';
import { openEnvelope, sealEnvelope } from '../../../src/relay/seal.js';
import { recipientTag, relayDay } from '../../../src/relay/tag.js';
import vectors from '../../vectors/relay.json' with { type: 'json' };
import { fixedRandom, hex, unhex, VECTOR_INPUTS } from './vector-inputs.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const label = (text: string): Uint8Array => utf8(`burrow/relay/v1/${text}\0`);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));
const u32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

const sender = identityFromSeed(unhex(vectors.inputs.senderSeed));
const recipient = identityFromSeed(unhex(vectors.inputs.recipientSeed));

/** The pair keys (tag, inner MAC, receipt MAC) from @noble: HKDF of X25519(x_R, X_S), info = S ‖ R. */
function noblePairKeys(): { tagKey: Uint8Array; innerMacKey: Uint8Array; receiptMacKey: Uint8Array } {
  const secret = sha512(unhex(vectors.inputs.recipientSeed)).slice(0, 32);
  const shared = x25519.getSharedSecret(secret, ed25519.utils.toMontgomery(sender.publicKey));
  const okm = hkdf(sha256, shared, label('pair-keys'), concat(sender.publicKey, recipient.publicKey), 96);
  return { tagKey: okm.slice(0, 32), innerMacKey: okm.slice(32, 64), receiptMacKey: okm.slice(64) };
}

describe('relay vectors', () => {
  it('sealing the fixed inputs gives the pinned envelope and receipt', () => {
    const sealed = sealEnvelope({
      sender,
      recipient: recipient.onionAddress,
      content: { kind: 'chat-message', message: { id: VECTOR_INPUTS.chatMessageId, text: VECTOR_INPUTS.text } },
      createdAt: VECTOR_INPUTS.createdAt,
      expiry: VECTOR_INPUTS.expiry,
      hopLimit: VECTOR_INPUTS.hopLimit,
      random: fixedRandom([VECTOR_INPUTS.envelopeId, VECTOR_INPUTS.ephemeralSecret]),
    });
    expect(sender.onionAddress).toBe(vectors.senderOnion);
    expect(recipient.onionAddress).toBe(vectors.recipientOnion);
    expect(hex(encodeEnvelope(sealed.envelope))).toBe(vectors.envelope.wire);
    expect(hex(sealed.receiptSecret)).toBe(vectors.envelope.receiptSecret);
    const receipt = createReceipt(recipient, sender.publicKey, sealed.envelope.id, sealed.receiptSecret);
    expect(hex(encodeRelayMessage({ type: 'relay-receipt', receipt }))).toBe(vectors.receipt.relayReceiptMessage);
    expect(hex(encodeRelayMessage({ type: 'relay-envelope', envelope: sealed.envelope }))).toBe(
      vectors.relayEnvelopeMessage,
    );
  });

  it('the pinned envelope decodes, re-encodes and opens', () => {
    const envelope = decodeEnvelope(unhex(vectors.envelope.wire));
    expect(hex(encodeEnvelope(envelope))).toBe(vectors.envelope.wire);
    const opened = openEnvelope(envelope, recipient);
    expect(opened.content).toEqual({
      kind: 'chat-message',
      message: { id: VECTOR_INPUTS.chatMessageId, text: VECTOR_INPUTS.text },
    });
    expect(opened.claimedSender).toEqual(sender.publicKey);
    const message = decodeRelayMessage(unhex(vectors.relayEnvelopeMessage));
    expect(message).toEqual({ type: 'relay-envelope', envelope });
  });

  it('tags match the HMAC-SHA256 construction under the pair tag key', () => {
    const { tagKey } = noblePairKeys();
    expect(pairKeys(sender, recipient.publicKey, 'to-peer').tagKey).toEqual(tagKey);
    expect(pairKeys(recipient, sender.publicKey, 'from-peer').tagKey).toEqual(tagKey);
    for (const { senderKey, recipientKey, day, tag } of vectors.tags) {
      expect([senderKey, recipientKey]).toEqual([hex(sender.publicKey), hex(recipient.publicKey)]);
      expect(hex(recipientTag(tagKey, day))).toBe(tag);
      expect(hex(hmac(sha256, tagKey, u32(day)).slice(0, 16))).toBe(tag);
    }
  });

  it('an independent reader built from @noble opens the envelope and checks every field', () => {
    const wire = unhex(vectors.envelope.wire);
    // header = format ‖ id ‖ tag ‖ u64 expiry ‖ commitment ‖ ephemeral key; then hops ‖ u16 length ‖ ciphertext
    let at = 0;
    const take = (n: number): Uint8Array => wire.slice(at, (at += n));
    expect(take(1)).toEqual(Uint8Array.of(2));
    const id = take(16);
    const tag = take(16);
    const expiry = Number(new DataView(take(8).buffer).getBigUint64(0));
    const commitment = take(32);
    const ephemeral = take(32);
    const associatedData = wire.slice(0, at);
    const hops = take(1)[0];
    const length = new DataView(take(2).buffer).getUint16(0);
    const ciphertext = take(length);
    expect(at).toBe(wire.length);
    expect(hex(id)).toBe(vectors.inputs.envelopeId);
    expect(expiry).toBe(vectors.inputs.expiry);
    expect(hops).toBe(vectors.inputs.hopLimit - 1);
    expect(hex(associatedData)).toBe(vectors.envelope.associatedData);
    const pair = noblePairKeys();
    expect(tag).toEqual(hmac(sha256, pair.tagKey, u32(relayDay(expiry))).slice(0, 16));

    // RFC 7748 §4.1 / RFC 8032 §5.1.5: the recipient's x25519 secret is the clamped first half of SHA-512(seed).
    const secret = sha512(unhex(vectors.inputs.recipientSeed)).slice(0, 32);
    expect(x25519.getPublicKey(secret)).toEqual(ed25519.utils.toMontgomery(recipient.publicKey));
    const shared = x25519.getSharedSecret(secret, ephemeral);
    const okm = hkdf(sha256, shared, concat(ephemeral, x25519.getPublicKey(secret)), label('seal'), 88);
    const receiptSecret = okm.slice(56);
    expect(hex(receiptSecret)).toBe(vectors.envelope.receiptSecret);
    expect(sha256(concat(label('receipt-commitment'), receiptSecret))).toEqual(commitment);
    const plaintext = xchacha20poly1305(okm.slice(0, 32), okm.slice(32, 56), associatedData).decrypt(ciphertext);
    expect(plaintext.length).toBe(1024);

    // inner = format ‖ sender ‖ kind ‖ u64 created_at ‖ u16 length ‖ body ‖ MAC ‖ zero padding
    const view = new DataView(plaintext.buffer, plaintext.byteOffset);
    expect(plaintext[0]).toBe(2);
    expect(plaintext.slice(1, 33)).toEqual(sender.publicKey);
    expect(plaintext[33]).toBe(1);
    expect(Number(view.getBigUint64(34))).toBe(vectors.inputs.createdAt);
    const bodyLength = view.getUint16(42);
    const body = plaintext.slice(44, 44 + bodyLength);
    expect(hex(body.slice(0, 16))).toBe(vectors.inputs.chatMessageId);
    const textLength = new DataView(body.buffer).getUint16(16);
    expect(new TextDecoder().decode(body.slice(18, 18 + textLength))).toBe(vectors.inputs.text);
    const authenticated = plaintext.slice(0, 44 + bodyLength);
    const mac = plaintext.slice(44 + bodyLength, 44 + bodyLength + 32);
    expect(plaintext.slice(44 + bodyLength + 32).every((byte) => byte === 0)).toBe(true);
    expect(mac).toEqual(
      hmac(sha256, pair.innerMacKey, concat(label('inner-mac'), id, recipient.publicKey, authenticated)),
    );

    // receipt = type ‖ format ‖ id ‖ secret ‖ HMAC(receipt MAC key, label ‖ id ‖ "delivered")
    const receipt = unhex(vectors.receipt.relayReceiptMessage);
    expect(receipt.slice(0, 2)).toEqual(Uint8Array.of(0x05, 0x02));
    expect(receipt.slice(2, 18)).toEqual(id);
    expect(receipt.slice(18, 50)).toEqual(receiptSecret);
    expect(receipt.slice(50)).toEqual(
      hmac(sha256, pair.receiptMacKey, concat(label('receipt-mac'), id, utf8('delivered'))),
    );
  });
});
