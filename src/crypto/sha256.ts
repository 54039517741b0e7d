/** SHA-256 (FIPS 180-4) via node:crypto. */
import { createHash } from 'node:crypto';
import { checkBytes } from '../lib/argument-checks.js';

/** Length of a SHA-256 digest in bytes. */
export const SHA256_LENGTH = 32;

/**
 * SHA-256 of the concatenation of `parts` (without building the concatenation).
 * @example sha256(utf8('abc'))
 */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  parts.forEach((part, index) => {
    checkBytes(part, `parts[${index}]`);
    hash.update(part);
  });
  return new Uint8Array(hash.digest());
}
