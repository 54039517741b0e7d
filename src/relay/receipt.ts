/**
 * Receipts and withdrawals: how "it arrived" travels back along an envelope's paths.
 *
 * - The recipient, having opened envelope `id` from sender S, sends a receipt: the receipt
 *   secret (derived while opening, seal-keys.ts) and
 *   HMAC-SHA256(receipt MAC key of S and R (pair-keys.ts), RECEIPT_MAC_LABEL ‖ id ‖ "delivered").
 *   A MAC, not a signature: only the sender has to check it, and a signature by R would let
 *   any holder who knows R's onion address test which receipts (so which envelope ids) are R's.
 * - A holder checks only the secret against the header's commitment: that needs no key and
 *   reveals nothing about the recipient, yet nobody but the recipient (or the sender) knows
 *   the secret, so a relay cannot forge one to make other holders delete their copies.
 *   A holder whose copy was altered on the way (another commitment) cannot be cleared by the
 *   real receipt, but that copy was undeliverable anyway and expires.
 * - The sender checks both: the secret against the commitment and the MAC under the pair key.
 *   Only then does its message turn *delivered*.
 * - A withdrawal is the sender revealing the same secret without a MAC (the message
 *   reached the recipient directly): holders delete their copies; it never means "delivered".
 * - Routing (holder.ts): a holder passes a release it could check to every friend that saw the
 *   id (gave it, took it, or offered it), once each, now or when they next connect. A release
 *   for an id the holder does not know is dropped and not passed on: it cannot be checked, so
 *   passing it on would let anyone flood the graph; the copies it would have cleared expire.
 *   Releases are small and rate-limited per friend (limits.ts RELEASES_PER_FRIEND).
 */
import { checkBytes } from '../lib/argument-checks.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { WeakKeyError } from '../crypto/crypto-errors.js';
import { hmacSha256 } from '../crypto/hmac.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import {
  ENVELOPE_ID_BYTES,
  IDENTITY_KEY_BYTES,
  RECEIPT_COMMITMENT_BYTES,
  RECEIPT_SECRET_BYTES,
} from '../protocol/relay/limits.js';
import type { RelayReceipt } from '../protocol/relay/release-codec.js';
import { DELIVERED, RECEIPT_MAC_LABEL } from './domains.js';
import { pairKeys, type PairKeys } from './pair-keys.js';
import { receiptCommitment } from './seal-keys.js';

/** The MAC of a receipt for envelope `id` under `receiptMacKey` (pair-keys.ts). */
export function receiptMac(receiptMacKey: Uint8Array, id: Uint8Array): Uint8Array {
  checkBytes(id, 'id', ENVELOPE_ID_BYTES);
  return hmacSha256(receiptMacKey, RECEIPT_MAC_LABEL, id, DELIVERED);
}

/**
 * Our receipt (`identity` is the recipient's) for envelope `id` from the sender whose identity
 * key is `senderKey`, whose opening yielded `secret`. Throws `WeakKeyError` for an unusable
 * sender key (verify-inner.ts refuses those first).
 * @example createReceipt(identity, opened.claimedSender, opened.envelopeId, opened.receiptSecret)
 */
export function createReceipt(
  identity: IdentityKeyPair,
  senderKey: Uint8Array,
  id: Uint8Array,
  secret: Uint8Array,
  /** The pair keys of `senderKey` to us, if the caller holds them (tag.ts `pairKeysFrom`). */
  known?: PairKeys,
): RelayReceipt {
  checkBytes(id, 'id', ENVELOPE_ID_BYTES);
  checkBytes(secret, 'secret', RECEIPT_SECRET_BYTES);
  const { receiptMacKey } = known ?? pairKeys(identity, senderKey, 'from-peer');
  return { id: Uint8Array.from(id), secret: Uint8Array.from(secret), mac: receiptMac(receiptMacKey, id) };
}

/** A holder's check: does `secret` open `commitment`? Never throws. */
export function secretOpensCommitment(secret: Uint8Array, commitment: Uint8Array): boolean {
  if (!(secret instanceof Uint8Array) || secret.length !== RECEIPT_SECRET_BYTES) return false;
  if (!(commitment instanceof Uint8Array) || commitment.length !== RECEIPT_COMMITMENT_BYTES) return false;
  return constantTimeEqual(receiptCommitment(secret), commitment);
}

/**
 * The sender's check (`identity` is ours, the sender's): the secret opens the commitment and the
 * MAC is the recipient's (`recipientKey`). Never throws.
 */
export function verifyReceipt(
  receipt: RelayReceipt,
  identity: IdentityKeyPair,
  recipientKey: Uint8Array,
  commitment: Uint8Array,
): boolean {
  if (!secretOpensCommitment(receipt?.secret, commitment)) return false;
  if (!(receipt.id instanceof Uint8Array) || receipt.id.length !== ENVELOPE_ID_BYTES) return false;
  if (!(receipt.mac instanceof Uint8Array)) return false;
  if (!(recipientKey instanceof Uint8Array) || recipientKey.length !== IDENTITY_KEY_BYTES) return false;
  let receiptMacKey: Uint8Array;
  try {
    receiptMacKey = pairKeys(identity, recipientKey, 'to-peer').receiptMacKey;
  } catch (error) {
    if (error instanceof WeakKeyError) return false;
    throw error;
  }
  return constantTimeEqual(receiptMac(receiptMacKey, receipt.id), receipt.mac);
}
