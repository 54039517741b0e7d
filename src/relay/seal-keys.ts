/**
 * The keys of one sealed envelope, from one x25519 exchange (the shape of ECIES / HPKE base
 * mode, RFC 9180 §5.1, with HKDF-SHA256):
 *
 *   shared = X25519(e, X_R)          (sender: ephemeral secret e, recipient's x25519 key X_R)
 *          = X25519(x_R, E)          (recipient: x_R from its identity seed, RFC 7748 §4.1 map)
 *   okm    = HKDF-SHA256(ikm = shared, salt = E ‖ X_R, info = SEAL_INFO, 88 bytes)
 *   key    = okm[0..32]    nonce = okm[32..56]    receipt secret = okm[56..88]
 *   commitment = SHA-256(RECEIPT_COMMITMENT_LABEL ‖ receipt secret)
 *
 * E is fresh for every envelope, so each key encrypts exactly one plaintext and a derived nonce
 * is safe. The receipt secret is known only to the sender and to whoever can open the envelope
 * (the recipient); its commitment sits in the header, so any holder can check a receipt
 * without learning who the recipient is (receipt.ts).
 */
import { checkBytes } from '../lib/argument-checks.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { sha256 } from '../crypto/sha256.js';
import { XCHACHA20_POLY1305_KEY_LENGTH, XCHACHA20_POLY1305_NONCE_LENGTH } from '../crypto/xchacha20-poly1305.js';
import { EPHEMERAL_KEY_BYTES, RECEIPT_SECRET_BYTES } from '../protocol/relay/limits.js';
import { RECEIPT_COMMITMENT_LABEL, SEAL_INFO } from './domains.js';

/** What one exchange yields. Secret: zero with {@link wipeSealKeys} when done. */
export interface SealKeys {
  readonly key: Uint8Array;
  readonly nonce: Uint8Array;
  readonly receiptSecret: Uint8Array;
}

/** Derives the envelope key, nonce and receipt secret from the x25519 shared secret. */
export function deriveSealKeys(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientX25519: Uint8Array): SealKeys {
  checkBytes(shared, 'shared', 32);
  checkBytes(ephemeralPublic, 'ephemeralPublic', EPHEMERAL_KEY_BYTES);
  checkBytes(recipientX25519, 'recipientX25519', 32);
  const salt = new Uint8Array(64);
  salt.set(ephemeralPublic, 0);
  salt.set(recipientX25519, 32);
  const okm = hkdfSha256(
    shared,
    salt,
    SEAL_INFO,
    XCHACHA20_POLY1305_KEY_LENGTH + XCHACHA20_POLY1305_NONCE_LENGTH + RECEIPT_SECRET_BYTES,
  );
  const keyEnd = XCHACHA20_POLY1305_KEY_LENGTH;
  const nonceEnd = keyEnd + XCHACHA20_POLY1305_NONCE_LENGTH;
  const keys = { key: okm.slice(0, keyEnd), nonce: okm.slice(keyEnd, nonceEnd), receiptSecret: okm.slice(nonceEnd) };
  okm.fill(0);
  return keys;
}

/** Zeroes the key and nonce (the receipt secret is kept: the sender needs it for a withdrawal). */
export function wipeSealKeys(keys: SealKeys): void {
  keys.key.fill(0);
  keys.nonce.fill(0);
}

/**
 * The commitment to a receipt secret that an envelope header carries.
 * @example constantTimeEqual(receiptCommitment(receipt.secret), envelope.commitment)
 */
export function receiptCommitment(secret: Uint8Array): Uint8Array {
  checkBytes(secret, 'secret', RECEIPT_SECRET_BYTES);
  return sha256(RECEIPT_COMMITMENT_LABEL, secret);
}
