/**
 * ChaCha20-Poly1305 AEAD (RFC 8439 §2.8) via node:crypto: the hot path of every session frame.
 * Output is ciphertext ‖ 16-byte tag, as RFC 8439 and Noise (§5.1 ENCRYPT) define it.
 *
 * Callers must never reuse a (key, nonce) pair; the frame codec and the Noise cipher state derive
 * nonces from counters so they cannot.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { checkBytes } from '../lib/argument-checks.js';
import { DecryptionFailedError } from './crypto-errors.js';

/** Key length (RFC 8439 §2.8). */
export const CHACHA20_POLY1305_KEY_LENGTH = 32;
/** Nonce length of the IETF variant (RFC 8439 §2.8). */
export const CHACHA20_POLY1305_NONCE_LENGTH = 12;
/** Poly1305 tag length. */
export const POLY1305_TAG_LENGTH = 16;

const EMPTY = new Uint8Array(0);

/**
 * Encrypts and authenticates `plaintext` (and authenticates `aad`). Returns ciphertext ‖ tag.
 * @example const sealed = chachaPolySeal(key, nonce, utf8('hi'))
 */
export function chachaPolySeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  checkBytes(key, 'key', CHACHA20_POLY1305_KEY_LENGTH);
  checkBytes(nonce, 'nonce', CHACHA20_POLY1305_NONCE_LENGTH);
  checkBytes(plaintext, 'plaintext');
  checkBytes(aad, 'aad');
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: POLY1305_TAG_LENGTH });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const body = cipher.update(plaintext);
  const last = cipher.final();
  const out = new Uint8Array(plaintext.length + POLY1305_TAG_LENGTH);
  out.set(body, 0);
  out.set(last, body.length);
  out.set(cipher.getAuthTag(), plaintext.length);
  return out;
}

/**
 * Verifies and decrypts ciphertext ‖ tag, or throws {@link DecryptionFailedError}
 * (also for input shorter than a tag). Nothing is returned unless the tag verified.
 * @example const plaintext = chachaPolyOpen(key, nonce, sealed)
 */
export function chachaPolyOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  checkBytes(key, 'key', CHACHA20_POLY1305_KEY_LENGTH);
  checkBytes(nonce, 'nonce', CHACHA20_POLY1305_NONCE_LENGTH);
  checkBytes(sealed, 'sealed');
  checkBytes(aad, 'aad');
  if (sealed.length < POLY1305_TAG_LENGTH) throw new DecryptionFailedError();
  const ciphertextLength = sealed.length - POLY1305_TAG_LENGTH;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: POLY1305_TAG_LENGTH });
  decipher.setAuthTag(sealed.subarray(ciphertextLength));
  decipher.setAAD(aad, { plaintextLength: ciphertextLength });
  const body = decipher.update(sealed.subarray(0, ciphertextLength));
  try {
    // final() checks the tag; OpenSSL compares it in constant time.
    decipher.final();
  } catch {
    body.fill(0);
    throw new DecryptionFailedError();
  }
  return new Uint8Array(body.buffer, body.byteOffset, body.length);
}
