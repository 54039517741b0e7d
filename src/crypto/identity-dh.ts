/**
 * Static-static key agreement between two identities: X25519 of one side's secret and the other
 * side's public key, both the RFC 7748 §4.1 images of the ed25519 identity keys (identity.ts).
 * Both friends compute the same 32 bytes and nobody else can, so a key derived from it
 * authenticates without proving anything to a third party: either friend could have made it.
 */
import { WeakKeyError } from './crypto-errors.js';
import { x25519PublicFromEd25519, x25519SecretFromSeed, type IdentityKeyPair } from './identity.js';
import { x25519SharedSecret } from './x25519.js';

/**
 * X25519(x_ours, X_theirs). Secret: zero it when done. Throws {@link WeakKeyError} for a
 * public key whose image is of low order (not a usable identity).
 * @example const shared = identitySharedSecret(identity, publicKeyFromOnionAddress(friend))
 */
export function identitySharedSecret(ours: IdentityKeyPair, theirPublicKey: Uint8Array): Uint8Array {
  let theirX25519: Uint8Array;
  try {
    theirX25519 = x25519PublicFromEd25519(theirPublicKey);
  } catch {
    // noble refuses a key that is not a curve point at all: as unusable as a low-order one.
    throw new WeakKeyError();
  }
  const secret = x25519SecretFromSeed(ours.seed);
  try {
    return x25519SharedSecret(secret, theirX25519);
  } finally {
    secret.fill(0);
  }
}
