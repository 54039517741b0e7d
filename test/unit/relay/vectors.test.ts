// test/vectors/relay.json: the code reproduces the pinned bytes, and an independent reader
// built from @noble primitives and the layouts in the source comments opens them.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { identityFromSeed } from '../../../src/crypto/identity.js';
import { decodeEnvelope, encodeEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import { decodeRelayMessage, encodeRelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
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
    const receipt = createReceipt(recipient, sealed.envelope.id, sealed.receiptSecret);
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

  it('tags match the HMAC-SHA256 construction', () => {
    for (const { recipientKey, day, tag } of vectors.tags) {
      expect(hex(recipientTag(unhex(recipientKey), day))).toBe(tag);
      // HKDF with one output block is HMAC(HMAC(salt, key), day ‖ 0x01) (RFC 5869 §2.2–2.3).
      expect(hex(hkdf(sha256, unhex(recipientKey), label('recipient-tag'), u32(day), 16))).toBe(tag);
    }
  });

  it('an independent reader built from @noble opens the envelope and checks every field', () => {
    const wire = unhex(vectors.envelope.wire);
    // header = format ‖ id ‖ tag ‖ u64 expiry ‖ commitment ‖ ephemeral key; then hops ‖ u16 length ‖ ciphertext
    let at = 0;
    const take = (n: number): Uint8Array => wire.slice(at, (at += n));
    expect(take(1)).toEqual(Uint8Array.of(1));
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
    expect(tag).toEqual(hkdf(sha256, recipient.publicKey, label('recipient-tag'), u32(relayDay(expiry)), 16));

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

    // inner = format ‖ sender ‖ kind ‖ u64 created_at ‖ u16 length ‖ body ‖ signature ‖ zero padding
    const view = new DataView(plaintext.buffer, plaintext.byteOffset);
    expect(plaintext[0]).toBe(1);
    expect(plaintext.slice(1, 33)).toEqual(sender.publicKey);
    expect(plaintext[33]).toBe(1);
    expect(Number(view.getBigUint64(34))).toBe(vectors.inputs.createdAt);
    const bodyLength = view.getUint16(42);
    const body = plaintext.slice(44, 44 + bodyLength);
    expect(hex(body.slice(0, 16))).toBe(vectors.inputs.chatMessageId);
    const textLength = new DataView(body.buffer).getUint16(16);
    expect(new TextDecoder().decode(body.slice(18, 18 + textLength))).toBe(vectors.inputs.text);
    const signed = plaintext.slice(0, 44 + bodyLength);
    const signature = plaintext.slice(44 + bodyLength, 44 + bodyLength + 64);
    expect(plaintext.slice(44 + bodyLength + 64).every((byte) => byte === 0)).toBe(true);
    expect(
      ed25519.verify(signature, concat(label('inner-signature'), id, recipient.publicKey, signed), sender.publicKey),
    ).toBe(true);

    // receipt = type ‖ format ‖ id ‖ secret ‖ signature over label ‖ id ‖ "delivered"
    const receipt = unhex(vectors.receipt.relayReceiptMessage);
    expect(receipt.slice(0, 2)).toEqual(Uint8Array.of(0x05, 0x01));
    expect(receipt.slice(2, 18)).toEqual(id);
    expect(receipt.slice(18, 50)).toEqual(receiptSecret);
    expect(
      ed25519.verify(receipt.slice(50), concat(label('receipt-signature'), id, utf8('delivered')), recipient.publicKey),
    ).toBe(true);
  });
});
