/**
 * Noise token steps shared by both handshake sides, each turning a primitive's failure into
 * the typed handshake error for the message at hand.
 */
import { DecryptionFailedError, WeakKeyError } from '../../crypto/crypto-errors.js';
import { handshakeBadKey, handshakeDecryptFailed, type HandshakeMessageNumber } from './handshake-errors.js';
import type { SymmetricState } from './symmetric-state.js';

/** MixKey(DH(...)), turning a low-order peer key into a typed handshake error. */
export function mixDh(
  t: SymmetricState,
  messageNumber: HandshakeMessageNumber,
  which: 'ephemeral key' | 'identity key',
  dh: () => Uint8Array,
): void {
  try {
    t.mixKey(dh());
  } catch (error) {
    if (error instanceof WeakKeyError) throw handshakeBadKey(messageNumber, which, error);
    throw error;
  }
}

/** DecryptAndHash, turning a bad tag into `HandshakeDecryptError`. */
export function decryptOrThrow(
  t: SymmetricState,
  messageNumber: HandshakeMessageNumber,
  sealed: Uint8Array,
): Uint8Array {
  try {
    return t.decryptAndHash(sealed);
  } catch (error) {
    if (error instanceof DecryptionFailedError) throw handshakeDecryptFailed(messageNumber, error);
    throw error;
  }
}
