/** HMAC-SHA256 (RFC 2104) via node:crypto. */
import { createHmac } from 'node:crypto';
import { checkBytes } from '../lib/argument-checks.js';

/**
 * HMAC-SHA256 under `key` of the concatenation of `parts` (without building the concatenation).
 * @example hmacSha256(macKey, label, envelopeId, body)
 */
export function hmacSha256(key: Uint8Array, ...parts: readonly Uint8Array[]): Uint8Array {
  checkBytes(key, 'key');
  const mac = createHmac('sha256', key);
  parts.forEach((part, index) => {
    checkBytes(part, `parts[${index}]`);
    mac.update(part);
  });
  return new Uint8Array(mac.digest());
}
