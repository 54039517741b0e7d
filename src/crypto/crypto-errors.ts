/**
 * Typed failures of the crypto wrappers. Both mean "a peer sent something we must not accept",
 * so both carry action 'drop-peer'.
 */
import { BurrowError } from '../errors.js';

/** An AEAD tag did not verify: the ciphertext was tampered with, replayed, reordered or sealed under another key. */
export class DecryptionFailedError extends BurrowError {
  override readonly name = 'DecryptionFailedError';
  constructor() {
    super('Could not decrypt: the data was tampered with, replayed, or encrypted under a different key', {
      action: 'drop-peer',
    });
  }
}

/**
 * An x25519 exchange gave the all-zero shared secret: the peer's public key is a low-order point
 * (RFC 7748 §6.1 allows checking for this; Noise §12.1 and Signal's X3DH reject it), which would
 * make the "shared" secret known to anyone.
 */
export class WeakKeyError extends BurrowError {
  override readonly name = 'WeakKeyError';
  constructor() {
    super('The peer offered a weak (low-order) public key', { action: 'drop-peer' });
  }
}
