/**
 * Nonces from message counters, as Noise defines them for ChaChaPoly (Noise rev 34 §12.3):
 * 32 zero bits followed by the 64-bit counter, little-endian. The counter is never sent: both
 * sides count, so a replayed, dropped or reordered message is decrypted under the wrong nonce
 * and fails authentication.
 */
import { CHACHA20_POLY1305_NONCE_LENGTH } from '../crypto/chacha20-poly1305.js';

/**
 * The largest usable counter. Noise §5.1 reserves 2^64 − 1 (for rekeying), so a sender stops
 * after 2^64 − 2.
 */
export const MAX_NONCE_COUNTER = (1n << 64n) - 2n;

/** The 12-byte nonce for message number `counter`. @example counterNonce(0n) // 12 zero bytes */
export function counterNonce(counter: bigint): Uint8Array {
  const nonce = new Uint8Array(CHACHA20_POLY1305_NONCE_LENGTH);
  new DataView(nonce.buffer).setBigUint64(4, counter, true);
  return nonce;
}
