// node:crypto (OpenSSL) results checked against the @noble reference implementations on random
// inputs, so the fast wrappers can never silently disagree with the reference.
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chachaPolyOpen, chachaPolySeal } from '../../../src/crypto/chacha20-poly1305.js';
import { hkdfSha256 } from '../../../src/crypto/hkdf.js';
import { generateIdentity, x25519PublicFromEd25519, x25519SecretFromSeed } from '../../../src/crypto/identity.js';
import { sha256 } from '../../../src/crypto/sha256.js';
import { xchachaPolyOpen, xchachaPolySeal } from '../../../src/crypto/xchacha20-poly1305.js';
import { x25519KeyPairFromSecret, x25519SharedSecret } from '../../../src/crypto/x25519.js';

const bytes = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length });
const RUNS = { numRuns: 50 };

describe('node:crypto wrappers agree with @noble', () => {
  it('x25519 public keys and shared secrets', () => {
    fc.assert(
      fc.property(bytes(32), bytes(32), (a, b) => {
        const pair = x25519KeyPairFromSecret(a);
        expect(pair.publicKey).toEqual(nobleX25519.getPublicKey(a));
        expect(x25519SharedSecret(a, nobleX25519.getPublicKey(b))).toEqual(
          nobleX25519.getSharedSecret(a, nobleX25519.getPublicKey(b)),
        );
      }),
      RUNS,
    );
  });

  it('ChaCha20-Poly1305 seal and open', () => {
    fc.assert(
      fc.property(
        bytes(32),
        bytes(12),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 40 }),
        (key, nonce, plaintext, aad) => {
          const sealed = chachaPolySeal(key, nonce, plaintext, aad);
          expect(sealed).toEqual(chacha20poly1305(key, nonce, aad).encrypt(plaintext));
          expect(chachaPolyOpen(key, nonce, sealed, aad)).toEqual(plaintext);
        },
      ),
      RUNS,
    );
  });

  it('XChaCha20-Poly1305 seal and open', () => {
    fc.assert(
      fc.property(
        bytes(32),
        bytes(24),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 40 }),
        (key, nonce, plaintext, aad) => {
          const sealed = xchachaPolySeal(key, nonce, plaintext, aad);
          expect(sealed).toEqual(xchacha20poly1305(key, nonce, aad).encrypt(plaintext));
          expect(xchachaPolyOpen(key, nonce, sealed, aad)).toEqual(plaintext);
        },
      ),
      RUNS,
    );
  });

  it('HKDF-SHA256 and SHA-256', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        (ikm, salt, info, length) => {
          expect(hkdfSha256(ikm, salt, info, length)).toEqual(nobleHkdf(nobleSha256, ikm, salt, info, length));
          expect(sha256(ikm, salt)).toEqual(nobleSha256(Uint8Array.from([...ikm, ...salt])));
        },
      ),
      RUNS,
    );
  });

  it("an identity's derived x25519 secret matches its mapped public key", () => {
    for (let i = 0; i < 5; i++) {
      const identity = generateIdentity();
      expect(x25519KeyPairFromSecret(x25519SecretFromSeed(identity.seed)).publicKey).toEqual(
        x25519PublicFromEd25519(identity.publicKey),
      );
    }
  });
});
