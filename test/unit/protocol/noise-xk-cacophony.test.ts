// The Noise building blocks (SymmetricState, x25519, ChaChaPoly, HKDF, counter nonces) replay a
// standard Noise_XK_25519_ChaChaPoly_SHA256 session from the cacophony test vectors
// byte for byte (see test/vectors/README.md).
import { describe, expect, it } from 'vitest';
import { chachaPolyOpen, chachaPolySeal } from '../../../src/crypto/chacha20-poly1305.js';
import { x25519KeyPairFromSecret, x25519SharedSecret } from '../../../src/crypto/x25519.js';
import { counterNonce } from '../../../src/protocol/counter-nonce.js';
import { SymmetricState } from '../../../src/protocol/handshake/symmetric-state.js';
import v from '../../vectors/noise-xk-cacophony.json' with { type: 'json' };

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('Noise_XK_25519_ChaChaPoly_SHA256 (cacophony vector)', () => {
  it('reproduces every handshake and transport message', () => {
    const initiatorStatic = x25519KeyPairFromSecret(hex(v.init_static));
    const initiatorEphemeral = x25519KeyPairFromSecret(hex(v.init_ephemeral));
    const responderStatic = x25519KeyPairFromSecret(hex(v.resp_static));
    const responderEphemeral = x25519KeyPairFromSecret(hex(v.resp_ephemeral));
    expect(toHex(responderStatic.publicKey)).toBe(v.init_remote_static);
    const payload = (i: number): Uint8Array => hex(v.messages[i]!.payload);
    const expected = (i: number): string => v.messages[i]!.ciphertext;

    const initiator = new SymmetricState(v.name);
    const responder = new SymmetricState(v.name);
    for (const side of [initiator, responder]) {
      side.mixHash(hex(v.init_prologue));
      side.mixHash(responderStatic.publicKey); // <- s
    }

    // -> e, es
    initiator.mixHash(initiatorEphemeral.publicKey);
    initiator.mixKey(x25519SharedSecret(initiatorEphemeral.secretKey, responderStatic.publicKey));
    const message1 = cat(initiatorEphemeral.publicKey, initiator.encryptAndHash(payload(0)));
    expect(toHex(message1)).toBe(expected(0));
    responder.mixHash(message1.subarray(0, 32));
    responder.mixKey(x25519SharedSecret(responderStatic.secretKey, message1.subarray(0, 32)));
    expect(responder.decryptAndHash(message1.subarray(32))).toEqual(payload(0));

    // <- e, ee
    responder.mixHash(responderEphemeral.publicKey);
    responder.mixKey(x25519SharedSecret(responderEphemeral.secretKey, initiatorEphemeral.publicKey));
    const message2 = cat(responderEphemeral.publicKey, responder.encryptAndHash(payload(1)));
    expect(toHex(message2)).toBe(expected(1));
    initiator.mixHash(message2.subarray(0, 32));
    initiator.mixKey(x25519SharedSecret(initiatorEphemeral.secretKey, message2.subarray(0, 32)));
    expect(initiator.decryptAndHash(message2.subarray(32))).toEqual(payload(1));

    // -> s, se
    const sealedStatic = initiator.encryptAndHash(initiatorStatic.publicKey);
    initiator.mixKey(x25519SharedSecret(initiatorStatic.secretKey, responderEphemeral.publicKey));
    const message3 = cat(sealedStatic, initiator.encryptAndHash(payload(2)));
    expect(toHex(message3)).toBe(expected(2));
    const revealed = responder.decryptAndHash(message3.subarray(0, 48));
    expect(revealed).toEqual(initiatorStatic.publicKey);
    responder.mixKey(x25519SharedSecret(responderEphemeral.secretKey, revealed));
    expect(responder.decryptAndHash(message3.subarray(48))).toEqual(payload(2));
    expect(initiator.handshakeHash).toEqual(responder.handshakeHash);

    // Transport: the sides alternate, the responder first (the initiator sent the last handshake message).
    const [i2r, r2i] = initiator.split();
    expect(responder.split()).toEqual([i2r, r2i]);
    const transport: Array<[number, Uint8Array, bigint]> = [
      [3, r2i, 0n],
      [4, i2r, 0n],
      [5, r2i, 1n],
    ];
    for (const [index, key, counter] of transport) {
      expect(toHex(chachaPolySeal(key, counterNonce(counter), payload(index)))).toBe(expected(index));
      expect(chachaPolyOpen(key, counterNonce(counter), hex(expected(index)))).toEqual(payload(index));
    }
  });
});
