/**
 * Validation of ed25519 identity public keys received from peers.
 *
 * An onion address checksum only proves the address was typed right, not that its 32 bytes are
 * a usable key. A peer's identity key must decode to a curve point in canonical form
 * (RFC 8032 §5.1.3), not be of small order, and carry no torsion component: with torsion,
 * P and P+T (T of order ≤ 8) share one x25519 key (the clamped scalar kills T), so a peer could
 * present a second "identity" that no onion service can ever host.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

/** Whether `publicKey` is a valid, prime-order-subgroup ed25519 public key. Never throws. */
export function isValidIdentityPublicKey(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  try {
    const point = ed25519.Point.fromBytes(publicKey);
    return !point.isSmallOrder() && point.isTorsionFree();
  } catch {
    return false;
  }
}
