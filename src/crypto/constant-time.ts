/**
 * Constant-time comparison of secrets (tags, keys, MACs): the time taken depends only on the
 * lengths, never on where the first difference is.
 */
import { timingSafeEqual } from 'node:crypto';
import { checkBytes } from '../lib/argument-checks.js';

/**
 * Whether `a` and `b` hold the same bytes. Unequal lengths return false at once (lengths are
 * not secret here).
 * @example constantTimeEqual(expectedTag, receivedTag)
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  checkBytes(a, 'a');
  checkBytes(b, 'b');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
