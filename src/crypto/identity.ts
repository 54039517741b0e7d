/**
 * A Burrow identity: one ed25519 key pair whose public key *is* the user's onion address
 * (docs/ARCHITECTURE.md "Identity"). The 32-byte seed is the only secret stored; everything else is
 * derived from it.
 *
 * Signing uses node:crypto (OpenSSL), measured 6–30× faster than @noble here; @noble covers
 * what OpenSSL lacks: the ed25519 → x25519 birational map (RFC 7748 §4.1) used for key agreement.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { onionAddressFromPublicKey, publicKeyFromOnionAddress, type OnionAddress } from './onion-address.js';

/** An identity key pair. Treat as secret; never log. */
export interface IdentityKeyPair {
  /** The 32-byte ed25519 seed (RFC 8032 §5.1.5 "private key"). */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly onionAddress: OnionAddress;
  /** node:crypto handle for fast signing. */
  readonly privateKeyObject: KeyObject;
}

// RFC 8410 PKCS#8 prefix for an Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
// RFC 8410 SubjectPublicKeyInfo prefix for an Ed25519 public key; the 32-byte key follows.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Makes the identity for a 32-byte seed. @example identityFromSeed(randomBytes(32)).onionAddress */
export function identityFromSeed(seed: Uint8Array): IdentityKeyPair {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new TypeError('seed must be a 32-byte Uint8Array');
  const privateKeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKeyObject).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
  return {
    seed: Uint8Array.from(seed),
    publicKey,
    onionAddress: onionAddressFromPublicKey(publicKey),
    privateKeyObject,
  };
}

/** A fresh random identity. */
export function generateIdentity(): IdentityKeyPair {
  return identityFromSeed(randomBytes(32));
}

/**
 * The 64-byte expanded secret key Tor's `ADD_ONION ED25519-V3:<base64>` takes
 * (control-spec ADD_ONION; rend-spec-v3 appendix "Key blinding" uses the same form):
 * SHA-512(seed), first half clamped as RFC 8032 §5.1.5 says.
 */
export function expandedSecretKey(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new TypeError('seed must be a 32-byte Uint8Array');
  const expanded = new Uint8Array(createHash('sha512').update(seed).digest());
  expanded[0]! &= 248;
  expanded[31]! &= 127;
  expanded[31]! |= 64;
  return expanded;
}

/** Signs `message` with the identity (pure ed25519, RFC 8032). */
export function signWithIdentity(identity: IdentityKeyPair, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, identity.privateKeyObject));
}

/** Verifies an ed25519 signature by the owner of `publicKey`. Never throws on bad input: returns false. */
export function verifyIdentitySignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  try {
    // A JWK enters OpenSSL as a raw key; DER goes through its generic decoder, several times slower (x25519.ts).
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
      format: 'jwk',
    });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** Verifies a signature by the owner of an onion address. */
export function verifyOnionSignature(address: OnionAddress, message: Uint8Array, signature: Uint8Array): boolean {
  return verifyIdentitySignature(publicKeyFromOnionAddress(address), message, signature);
}

/** The x25519 public key that corresponds to an ed25519 public key (RFC 7748 §4.1 birational map). */
export function x25519PublicFromEd25519(publicKey: Uint8Array): Uint8Array {
  return ed25519.utils.toMontgomery(publicKey);
}

/** The x25519 secret scalar that corresponds to an ed25519 seed (clamped SHA-512 of the seed). */
export function x25519SecretFromSeed(seed: Uint8Array): Uint8Array {
  return ed25519.utils.toMontgomerySecret(seed);
}
