// Failure paths of the crypto wrappers: tampering, weak keys, and hostile arguments (noble's
// habit of throwing a table of bad values at every API).
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { chachaPolyOpen, chachaPolySeal } from '../../../src/crypto/chacha20-poly1305.js';
import { constantTimeEqual } from '../../../src/crypto/constant-time.js';
import { DecryptionFailedError, WeakKeyError } from '../../../src/crypto/crypto-errors.js';
import { hkdfSha256 } from '../../../src/crypto/hkdf.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { isValidIdentityPublicKey } from '../../../src/crypto/identity-key-check.js';
import { sha256 } from '../../../src/crypto/sha256.js';
import { hchacha20, xchachaPolyOpen, xchachaPolySeal } from '../../../src/crypto/xchacha20-poly1305.js';
import { generateX25519KeyPair, x25519KeyPairFromSecret, x25519SharedSecret } from '../../../src/crypto/x25519.js';
import { errorNamed } from '../../shared/errors.js';

const key = new Uint8Array(32).fill(1);
const nonce12 = new Uint8Array(12).fill(2);
const nonce24 = new Uint8Array(24).fill(3);

describe('AEAD tampering', () => {
  const sealed = chachaPolySeal(key, nonce12, Buffer.from('attack at dawn'), Buffer.from('header'));
  it('rejects every single flipped bit of ciphertext and tag', () => {
    for (let i = 0; i < sealed.length * 8; i++) {
      const bad = Uint8Array.from(sealed);
      bad[i >> 3]! ^= 1 << (i & 7);
      expect(() => chachaPolyOpen(key, nonce12, bad, Buffer.from('header'))).toThrow(DecryptionFailedError);
    }
  });
  it('rejects another nonce, another key, other associated data, and input shorter than a tag', () => {
    expect(() => chachaPolyOpen(key, new Uint8Array(12), sealed, Buffer.from('header'))).toThrow(DecryptionFailedError);
    expect(() => chachaPolyOpen(new Uint8Array(32), nonce12, sealed, Buffer.from('header'))).toThrow(
      DecryptionFailedError,
    );
    expect(() => chachaPolyOpen(key, nonce12, sealed, Buffer.from('Header'))).toThrow(DecryptionFailedError);
    expect(() => chachaPolyOpen(key, nonce12, sealed.subarray(0, 15))).toThrow(DecryptionFailedError);
  });
  it('XChaCha rejects a flipped nonce byte', () => {
    const x = xchachaPolySeal(key, nonce24, Buffer.from('sealed envelope'));
    const otherNonce = Uint8Array.from(nonce24);
    otherNonce[23]! ^= 1;
    expect(() => xchachaPolyOpen(key, otherNonce, x)).toThrow(DecryptionFailedError);
  });
});

describe('x25519 weak keys', () => {
  // RFC 7748 §6.1 allows rejecting these; they are points of order 1, 2, 4 or 8 (and 0).
  const lowOrder = [
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0100000000000000000000000000000000000000000000000000000000000000',
    'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  ];
  it.each(lowOrder)('refuses the low-order point %s', (point) => {
    const mine = generateX25519KeyPair();
    expect(() => x25519SharedSecret(mine.secretKey, Buffer.from(point, 'hex'))).toThrow(WeakKeyError);
  });
  it('generates keys from the injected randomness', () => {
    const fixed = new Uint8Array(32).fill(9);
    expect(generateX25519KeyPair(() => fixed).publicKey).toEqual(x25519KeyPairFromSecret(fixed).publicKey);
  });
});

describe('identity public key check', () => {
  it('accepts real identities', () => {
    expect(isValidIdentityPublicKey(generateIdentity().publicKey)).toBe(true);
  });
  it('refuses small-order points, points with torsion, non-points and non-canonical encodings', () => {
    const identity = ed25519.Point.fromBytes(generateIdentity().publicKey);
    const torsion = ed25519.Point.fromBytes(
      Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'),
    );
    expect(torsion.isSmallOrder()).toBe(true);
    expect(isValidIdentityPublicKey(torsion.toBytes())).toBe(false);
    expect(isValidIdentityPublicKey(identity.add(torsion).toBytes())).toBe(false);
    expect(isValidIdentityPublicKey(ed25519.Point.ZERO.toBytes())).toBe(false);
    // y = 2^255 − 19 + 1 is y = 1 written non-canonically.
    expect(
      isValidIdentityPublicKey(Buffer.from('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex')),
    ).toBe(false);
    // y = 2 is not on the curve.
    expect(
      isValidIdentityPublicKey(Buffer.from('0200000000000000000000000000000000000000000000000000000000000000', 'hex')),
    ).toBe(false);
    expect(isValidIdentityPublicKey(new Uint8Array(31))).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it('compares contents and lengths', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('hostile arguments', () => {
  const hostile: readonly unknown[] = [
    undefined,
    null,
    NaN,
    -1,
    1.5,
    2 ** 53,
    10n,
    '32',
    'x'.repeat(32),
    [1, 2, 3],
    { length: 32 },
    new Uint16Array(16),
    new ArrayBuffer(32),
  ];
  // `undefined` is a legitimate value for an optional argument (it selects the default).
  const optional = new Set(['xchachaPolyOpen aad']);
  const byteApis: ReadonlyArray<[string, (value: unknown) => unknown]> = [
    ['chachaPolySeal key', (v) => chachaPolySeal(v as Uint8Array, nonce12, new Uint8Array(1))],
    ['chachaPolySeal nonce', (v) => chachaPolySeal(key, v as Uint8Array, new Uint8Array(1))],
    ['chachaPolySeal plaintext', (v) => chachaPolySeal(key, nonce12, v as Uint8Array)],
    ['chachaPolyOpen sealed', (v) => chachaPolyOpen(key, nonce12, v as Uint8Array)],
    ['xchachaPolySeal nonce', (v) => xchachaPolySeal(key, v as Uint8Array, new Uint8Array(1))],
    ['xchachaPolyOpen aad', (v) => xchachaPolyOpen(key, nonce24, new Uint8Array(16), v as Uint8Array)],
    ['hchacha20 key', (v) => hchacha20(v as Uint8Array, new Uint8Array(16))],
    ['x25519KeyPairFromSecret', (v) => x25519KeyPairFromSecret(v as Uint8Array)],
    ['x25519SharedSecret publicKey', (v) => x25519SharedSecret(key, v as Uint8Array)],
    ['hkdfSha256 ikm', (v) => hkdfSha256(v as Uint8Array, key, key, 32)],
    ['hkdfSha256 length', (v) => hkdfSha256(key, key, key, v as number)],
    ['sha256 part', (v) => sha256(key, v as Uint8Array)],
    ['constantTimeEqual', (v) => constantTimeEqual(key, v as Uint8Array)],
    ['generateX25519KeyPair random', (v) => generateX25519KeyPair(() => v as Uint8Array)],
  ];
  it.each(byteApis)('%s refuses every hostile value with InvalidArgumentError', (name, call) => {
    for (const value of hostile) {
      if (value === undefined && optional.has(name)) continue;
      expect(() => call(value), String(value)).toThrow(errorNamed('InvalidArgumentError'));
    }
  });
});
