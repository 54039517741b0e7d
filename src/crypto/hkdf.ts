/** HKDF-SHA256 (RFC 5869) via node:crypto. */
import { hkdfSync } from 'node:crypto';
import { checkBytes, checkInteger } from '../lib/argument-checks.js';

/** RFC 5869 §2.3: L ≤ 255 · HashLen. */
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

/**
 * HKDF-Extract-then-Expand with SHA-256 (RFC 5869 §2). `salt` may be empty (RFC 5869 then uses
 * HashLen zero bytes, which is what OpenSSL does too).
 * @example const [k1, k2] = split(hkdfSha256(ikm, chainingKey, new Uint8Array(0), 64))
 */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkBytes(ikm, 'ikm');
  checkBytes(salt, 'salt');
  checkBytes(info, 'info');
  checkInteger(length, 'length', 1, HKDF_SHA256_MAX_LENGTH);
  return new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
}
