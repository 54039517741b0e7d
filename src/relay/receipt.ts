/**
 * Receipts and withdrawals: how "it arrived" travels back along an envelope's paths.
 *
 * - The recipient, having opened envelope `id`, sends a receipt: the receipt secret (derived
 *   while opening, seal-keys.ts) and an ed25519 signature over
 *   RECEIPT_SIGNATURE_LABEL ‖ id ‖ "delivered".
 * - A holder checks only the secret against the header's commitment: that needs no key and
 *   reveals nothing about the recipient, yet nobody but the recipient (or the sender) knows
 *   the secret, so a relay cannot forge one to make other holders delete their copies.
 *   A holder whose copy was altered on the way (another commitment) cannot be cleared by the
 *   real receipt, but that copy was undeliverable anyway and expires.
 * - The sender checks both: the secret against the commitment and the signature against the
 *   recipient's key. Only then does its message turn *delivered*.
 * - A withdrawal is the sender revealing the same secret without a signature (the message
 *   reached the recipient directly): holders delete their copies; it never means "delivered".
 * - Routing (holder.ts): a holder passes a release it could check to every friend that saw the
 *   id (gave it, took it, or offered it), once each, now or when they next connect. A release
 *   for an id the holder does not know is dropped and not passed on: it cannot be checked, so
 *   passing it on would let anyone flood the graph; the copies it would have cleared expire.
 *   Releases are small and rate-limited per friend (limits.ts RELEASES_PER_FRIEND).
 */
import { checkBytes } from '../lib/argument-checks.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { signWithIdentity, verifyIdentitySignature, type IdentityKeyPair } from '../crypto/identity.js';
import { ENVELOPE_ID_BYTES, RECEIPT_COMMITMENT_BYTES, RECEIPT_SECRET_BYTES } from '../protocol/relay/limits.js';
import type { RelayReceipt } from '../protocol/relay/release-codec.js';
import { DELIVERED, RECEIPT_SIGNATURE_LABEL } from './domains.js';
import { receiptCommitment } from './seal-keys.js';

/** The bytes a receipt's signature covers. */
export function receiptSignatureInput(id: Uint8Array): Uint8Array {
  checkBytes(id, 'id', ENVELOPE_ID_BYTES);
  const out = new Uint8Array(RECEIPT_SIGNATURE_LABEL.length + ENVELOPE_ID_BYTES + DELIVERED.length);
  out.set(RECEIPT_SIGNATURE_LABEL, 0);
  out.set(id, RECEIPT_SIGNATURE_LABEL.length);
  out.set(DELIVERED, RECEIPT_SIGNATURE_LABEL.length + ENVELOPE_ID_BYTES);
  return out;
}

/**
 * The recipient's receipt for envelope `id`, whose opening yielded `secret`.
 * @example createReceipt(identity, opened.envelopeId, opened.receiptSecret)
 */
export function createReceipt(identity: IdentityKeyPair, id: Uint8Array, secret: Uint8Array): RelayReceipt {
  checkBytes(id, 'id', ENVELOPE_ID_BYTES);
  checkBytes(secret, 'secret', RECEIPT_SECRET_BYTES);
  return {
    id: Uint8Array.from(id),
    secret: Uint8Array.from(secret),
    signature: signWithIdentity(identity, receiptSignatureInput(id)),
  };
}

/** A holder's check: does `secret` open `commitment`? Never throws. */
export function secretOpensCommitment(secret: Uint8Array, commitment: Uint8Array): boolean {
  if (!(secret instanceof Uint8Array) || secret.length !== RECEIPT_SECRET_BYTES) return false;
  if (!(commitment instanceof Uint8Array) || commitment.length !== RECEIPT_COMMITMENT_BYTES) return false;
  return constantTimeEqual(receiptCommitment(secret), commitment);
}

/** The sender's check: the secret opens the commitment and the recipient signed it. Never throws. */
export function verifyReceipt(receipt: RelayReceipt, recipientKey: Uint8Array, commitment: Uint8Array): boolean {
  if (!secretOpensCommitment(receipt?.secret, commitment)) return false;
  if (!(receipt.id instanceof Uint8Array) || receipt.id.length !== ENVELOPE_ID_BYTES) return false;
  return verifyIdentitySignature(recipientKey, receiptSignatureInput(receipt.id), receipt.signature);
}
