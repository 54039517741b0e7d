/**
 * What a session is for, carried in the payload of handshake message 1 (docs/PROTOCOL.md
 * "2a. Session purpose"). A main session carries everything and keeps the version-1 bytes of
 * message 1 exactly (an empty payload), so peers that predate purposes still speak with us; a
 * bulk session carries only file messages, on its own Tor circuit, so file data never queues in
 * front of a chat message. The payload is sealed to the listener's static key and mixed into
 * the transcript hash, which the dialer's signature in message 3 covers: nobody but the
 * listener reads it and nobody can change it.
 */
import { handshakeMalformed } from './handshake-errors.js';

/** What a session carries. */
export type SessionPurpose = 'main' | 'bulk';

/** The payload byte of a bulk session; a main session's payload is empty. */
export const BULK_PURPOSE_BYTE = 0x01;

/** The plaintext payload of message 1 for `purpose`. */
export function encodePurposePayload(purpose: SessionPurpose): Uint8Array {
  return purpose === 'main' ? new Uint8Array(0) : Uint8Array.of(BULK_PURPOSE_BYTE);
}

/** The purpose in a decrypted message-1 payload; anything but the two known forms is malformed. */
export function decodePurposePayload(payload: Uint8Array): SessionPurpose {
  if (payload.length === 0) return 'main';
  if (payload.length === 1 && payload[0] === BULK_PURPOSE_BYTE) return 'bulk';
  throw handshakeMalformed(1, 'its payload is not a known session purpose');
}
