/**
 * X25519 key agreement (RFC 7748 §5) via node:crypto (OpenSSL), which is much faster than a
 * pure-JS ladder. Keys cross the API as raw 32-byte strings and enter node as JWKs (RFC 8037
 * "OKP"): node hands JWK bytes to OpenSSL as raw keys, while DER (PKCS#8 / SPKI) goes through
 * OpenSSL 3's generic decoder, measured 3–8× slower on Node 20 — and every inbound handshake
 * imports four keys, so a stranger flood pays it on the event loop friends share.
 *
 * A private key is the exception on newer Node: Node 20 takes a private OKP JWK without its
 * public half (`x: ''`), Node 24 and later refuse it (ERR_CRYPTO_INVALID_JWK), and we cannot
 * give `x` without computing it first. Which path works is found once at load; on Node 24+ the
 * PKCS#8 import is fast anyway (measured 43 µs vs 676 µs on Node 20).
 *
 * An identity's static x25519 key is derived from its ed25519 identity
 * (`x25519SecretFromSeed` / `x25519PublicFromEd25519` in identity.ts); ephemeral keys come from
 * {@link generateX25519KeyPair}.
 */
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { checkBytes } from '../lib/argument-checks.js';
import { WeakKeyError } from './crypto-errors.js';
import { secureRandom, type RandomSource } from './random.js';

/** Length of x25519 secret keys, public keys and shared secrets. */
export const X25519_KEY_LENGTH = 32;

/** An x25519 key pair. `secretKey` is secret: never log it. */
export interface X25519KeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

// Node 20 reads only `d` of a private OKP JWK (the public half is derived from it), but wants `x` to be a string.
function privateKeyFromJwk(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: base64url(secretKey), x: '' }, format: 'jwk' });
}

// RFC 8410 PrivateKeyInfo prefix for an X25519 private key; the 32-byte secret follows.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function privateKeyFromPkcs8(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
}

/** The fast import where this Node takes it, else PKCS#8 (see the file's comment). */
const privateKeyObject: (secretKey: Uint8Array) => KeyObject = (() => {
  try {
    privateKeyFromJwk(new Uint8Array(X25519_KEY_LENGTH).fill(1));
    return privateKeyFromJwk;
  } catch {
    return privateKeyFromPkcs8;
  }
})();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: base64url(publicKey) }, format: 'jwk' });
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * The key pair of a 32-byte secret (any 32 bytes: RFC 7748 §5 clamps them when used).
 * @example x25519KeyPairFromSecret(x25519SecretFromSeed(identity.seed)).publicKey
 */
export function x25519KeyPairFromSecret(secretKey: Uint8Array): X25519KeyPair {
  checkBytes(secretKey, 'secretKey', X25519_KEY_LENGTH);
  const { x } = createPublicKey(privateKeyObject(secretKey)).export({ format: 'jwk' });
  return { secretKey: Uint8Array.from(secretKey), publicKey: new Uint8Array(Buffer.from(x!, 'base64url')) };
}

/**
 * A fresh key pair, for an ephemeral key. Tests pass a fixed `random` to pin vectors.
 * @example const ephemeral = generateX25519KeyPair()
 */
export function generateX25519KeyPair(random: RandomSource = secureRandom): X25519KeyPair {
  const secret = random(X25519_KEY_LENGTH);
  checkBytes(secret, 'random(32)', X25519_KEY_LENGTH);
  return x25519KeyPairFromSecret(secret);
}

/**
 * X25519(secretKey, publicKey). Throws {@link WeakKeyError} when the result is all zeros
 * (a low-order public key; RFC 7748 §6.1), which OpenSSL also refuses to derive.
 * @example const shared = x25519SharedSecret(mine.secretKey, theirs)
 */
export function x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  checkBytes(secretKey, 'secretKey', X25519_KEY_LENGTH);
  checkBytes(publicKey, 'publicKey', X25519_KEY_LENGTH);
  let shared: Uint8Array;
  try {
    shared = new Uint8Array(
      diffieHellman({ privateKey: privateKeyObject(secretKey), publicKey: publicKeyObject(publicKey) }),
    );
  } catch {
    // OpenSSL fails the derivation exactly when the output would be all zeros.
    throw new WeakKeyError();
  }
  let bits = 0;
  for (const byte of shared) bits |= byte;
  if (bits === 0) throw new WeakKeyError();
  return shared;
}
