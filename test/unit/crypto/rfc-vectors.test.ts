// Published test vectors for every primitive wrapper (sources in test/vectors/README.md).
import { describe, expect, it } from 'vitest';
import { chachaPolyOpen, chachaPolySeal } from '../../../src/crypto/chacha20-poly1305.js';
import { hkdfSha256 } from '../../../src/crypto/hkdf.js';
import { sha256 } from '../../../src/crypto/sha256.js';
import { hchacha20, xchachaPolyOpen, xchachaPolySeal } from '../../../src/crypto/xchacha20-poly1305.js';
import { x25519KeyPairFromSecret, x25519SharedSecret } from '../../../src/crypto/x25519.js';
import vectors from '../../vectors/primitives.json' with { type: 'json' };

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('RFC 7748 §6.1 X25519', () => {
  const v = vectors.x25519;
  it('derives both public keys', () => {
    expect(toHex(x25519KeyPairFromSecret(hex(v.alicePrivate)).publicKey)).toBe(v.alicePublic);
    expect(toHex(x25519KeyPairFromSecret(hex(v.bobPrivate)).publicKey)).toBe(v.bobPublic);
  });
  it('agrees on the shared secret from both sides', () => {
    expect(toHex(x25519SharedSecret(hex(v.alicePrivate), hex(v.bobPublic)))).toBe(v.shared);
    expect(toHex(x25519SharedSecret(hex(v.bobPrivate), hex(v.alicePublic)))).toBe(v.shared);
  });
});

describe('RFC 8439 §2.8.2 ChaCha20-Poly1305', () => {
  const v = vectors.chacha20poly1305;
  it('seals to the published ciphertext and tag', () => {
    expect(toHex(chachaPolySeal(hex(v.key), hex(v.nonce), Buffer.from(v.plaintext, 'utf8'), hex(v.aad)))).toBe(
      v.ciphertext + v.tag,
    );
  });
  it('opens the published ciphertext', () => {
    expect(
      Buffer.from(chachaPolyOpen(hex(v.key), hex(v.nonce), hex(v.ciphertext + v.tag), hex(v.aad))).toString('utf8'),
    ).toBe(v.plaintext);
  });
});

describe('draft-irtf-cfrg-xchacha-03', () => {
  it('§2.2.1 HChaCha20', () => {
    const v = vectors.hchacha20;
    expect(toHex(hchacha20(hex(v.key), hex(v.nonce)))).toBe(v.subkey);
  });
  it('§A.3.1 XChaCha20-Poly1305 seals and opens', () => {
    const v = vectors.xchacha20poly1305;
    const sealed = xchachaPolySeal(hex(v.key), hex(v.nonce), Buffer.from(v.plaintext, 'utf8'), hex(v.aad));
    expect(toHex(sealed)).toBe(v.ciphertext + v.tag);
    expect(Buffer.from(xchachaPolyOpen(hex(v.key), hex(v.nonce), sealed, hex(v.aad))).toString('utf8')).toBe(
      v.plaintext,
    );
  });
});

describe('RFC 5869 A.1 HKDF-SHA256', () => {
  it('derives the published OKM', () => {
    const v = vectors.hkdf;
    expect(toHex(hkdfSha256(hex(v.ikm), hex(v.salt), hex(v.info), v.length))).toBe(v.okm);
  });
});

describe('FIPS 180-4 SHA-256', () => {
  it('hashes "abc" (split in parts) to the published digest', () => {
    expect(toHex(sha256(Buffer.from('a'), Buffer.from('bc')))).toBe(vectors.sha256.abc);
  });
});
