/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03): ChaCha20-Poly1305 with a 24-byte nonce, safe to
 * pick at random, for sealed envelopes that have no counter (relay, files).
 *
 * §2.3: subkey = HChaCha20(key, nonce[0..16]); then IETF ChaCha20-Poly1305 with that subkey and
 * the 12-byte nonce 0x00000000 ‖ nonce[16..24]. HChaCha20 (§2.2) comes from @noble/ciphers
 * (OpenSSL has none); the AEAD itself runs in node:crypto.
 */
import { hchacha } from '@noble/ciphers/chacha.js';
import { u32 } from '@noble/ciphers/utils.js';
import { checkBytes } from '../lib/argument-checks.js';
import { chachaPolyOpen, chachaPolySeal } from './chacha20-poly1305.js';

/** Key length. */
export const XCHACHA20_POLY1305_KEY_LENGTH = 32;
/** Nonce length: 192 bits, so random nonces do not collide (draft-irtf-cfrg-xchacha §3.1). */
export const XCHACHA20_POLY1305_NONCE_LENGTH = 24;

// draft-irtf-cfrg-xchacha §2.2: the ChaCha constants "expand 32-byte k", as the bytes' own words.
const SIGMA = u32(new TextEncoder().encode('expand 32-byte k'));
const EMPTY = new Uint8Array(0);

/**
 * HChaCha20(key, nonce16) → 32-byte subkey (draft-irtf-cfrg-xchacha §2.2).
 * @example hchacha20(key, nonce.subarray(0, 16))
 */
export function hchacha20(key: Uint8Array, nonce: Uint8Array): Uint8Array {
  checkBytes(key, 'key', 32);
  checkBytes(nonce, 'nonce', 16);
  // noble's hchacha reads word views of byte arrays (it swaps on big-endian hosts itself);
  // copies make the views 4-byte aligned.
  const out = new Uint32Array(8);
  hchacha(SIGMA, u32(Uint8Array.from(key)), u32(Uint8Array.from(nonce)), out);
  return new Uint8Array(out.buffer);
}

function innerKeyAndNonce(key: Uint8Array, nonce: Uint8Array): { subkey: Uint8Array; innerNonce: Uint8Array } {
  checkBytes(key, 'key', XCHACHA20_POLY1305_KEY_LENGTH);
  checkBytes(nonce, 'nonce', XCHACHA20_POLY1305_NONCE_LENGTH);
  const innerNonce = new Uint8Array(12);
  innerNonce.set(nonce.subarray(16), 4);
  return { subkey: hchacha20(key, nonce.subarray(0, 16)), innerNonce };
}

/**
 * Encrypts and authenticates; returns ciphertext ‖ 16-byte tag.
 * @example const sealed = xchachaPolySeal(key, secureRandom(24), plaintext)
 */
export function xchachaPolySeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  const { subkey, innerNonce } = innerKeyAndNonce(key, nonce);
  try {
    return chachaPolySeal(subkey, innerNonce, plaintext, aad);
  } finally {
    subkey.fill(0);
  }
}

/**
 * Verifies and decrypts, or throws `DecryptionFailedError`.
 * @example const plaintext = xchachaPolyOpen(key, nonce, sealed)
 */
export function xchachaPolyOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  const { subkey, innerNonce } = innerKeyAndNonce(key, nonce);
  try {
    return chachaPolyOpen(subkey, innerNonce, sealed, aad);
  } finally {
    subkey.fill(0);
  }
}
