/**
 * Typed failures of the session handshake: every one is a {@link HandshakeError}, told apart by
 * `name`. Every peer fault carries action 'drop-peer', except a version mismatch, which the user
 * can fix by updating.
 */
import { BurrowFailure, withFields } from '../../errors.js';
import { HANDSHAKE_VERSION } from './handshake-constants.js';

/** Which handshake message a failure is about (1: dialer → listener, 2: back, 3: dialer's identity). */
export type HandshakeMessageNumber = 1 | 2 | 3;

/**
 * Every handshake failure; match on it to catch them all, on `name` to tell them apart
 * ('HandshakeMalformedError', 'HandshakeVersionError', 'HandshakeDecryptError',
 * 'HandshakeBadKeyError', 'HandshakeSignatureError', 'HandshakeStateError').
 */
export class HandshakeError extends BurrowFailure {}

/** 'HandshakeMalformedError': a handshake message is not laid out as the protocol says (wrong length, magic or fields). */
export function handshakeMalformed(
  messageNumber: HandshakeMessageNumber,
  reason: string,
  cause?: unknown,
): HandshakeError {
  return new HandshakeError(
    'HandshakeMalformedError',
    `Handshake message ${messageNumber} from the peer is malformed: ${reason}`,
    { action: 'drop-peer', cause },
  );
}

/** 'HandshakeVersionError': the dialer speaks a protocol version this build does not. */
export function handshakeVersion(peerVersion: number): HandshakeError & { readonly peerVersion: number } {
  const message =
    `The peer speaks Burrow session protocol version ${peerVersion}, but this Burrow speaks version ${HANDSHAKE_VERSION}. ` +
    'Whoever runs the older Burrow should update it.';
  return withFields(new HandshakeError('HandshakeVersionError', message, { action: 'tell-user' }), { peerVersion });
}

const DECRYPT_REASONS: Record<HandshakeMessageNumber, string> = {
  1: 'the dialer expected a different onion identity for us, or the message was tampered with',
  2: 'the listener does not hold the key of the onion address we dialed, or the message was tampered with',
  3: 'the message was tampered with or sent by someone else than the dialer',
};

/** 'HandshakeDecryptError': a handshake message did not authenticate: a wrong static key or tampering. */
export function handshakeDecryptFailed(
  messageNumber: HandshakeMessageNumber,
  cause?: unknown,
): HandshakeError & { readonly messageNumber: HandshakeMessageNumber } {
  const message = `Handshake message ${messageNumber} could not be authenticated: ${DECRYPT_REASONS[messageNumber]}`;
  return withFields(new HandshakeError('HandshakeDecryptError', message, { action: 'drop-peer', cause }), {
    messageNumber,
  });
}

/** 'HandshakeBadKeyError': the peer offered an unusable public key (not a valid ed25519 identity, or a low-order x25519 key). */
export function handshakeBadKey(
  messageNumber: HandshakeMessageNumber,
  which: 'ephemeral key' | 'identity key',
  cause?: unknown,
): HandshakeError {
  return new HandshakeError('HandshakeBadKeyError', `Handshake message ${messageNumber} carries an invalid ${which}`, {
    action: 'drop-peer',
    cause,
  });
}

/** 'HandshakeSignatureError': the dialer's identity signature over the handshake does not verify. */
export function handshakeSignatureInvalid(): HandshakeError {
  return new HandshakeError(
    'HandshakeSignatureError',
    'The dialer could not prove it owns the onion address it claims (bad identity signature)',
    {
      action: 'drop-peer',
    },
  );
}

/** 'HandshakeStateError': the handshake object was used out of order (a bug in the caller). */
export function handshakeOutOfOrder(what: string, cause?: unknown): HandshakeError {
  return new HandshakeError('HandshakeStateError', `Handshake used out of order: ${what}`, { action: 'bug', cause });
}
