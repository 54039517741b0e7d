/**
 * Typed failures of the session handshake. Callers match on the class (or `name`); every peer
 * fault carries action 'drop-peer', except a version mismatch, which the user can fix by updating.
 */
import { BurrowError, type BurrowErrorOptions } from '../../errors.js';
import { HANDSHAKE_VERSION } from './handshake-constants.js';

/** Which handshake message a failure is about (1: dialer → listener, 2: back, 3: dialer's identity). */
export type HandshakeMessageNumber = 1 | 2 | 3;

/** Base class of every handshake failure. */
export abstract class HandshakeError extends BurrowError {
  constructor(message: string, options: BurrowErrorOptions) {
    super(message, options);
  }
}

/** A handshake message is not laid out as the protocol says (wrong length, magic or fields). */
export class HandshakeMalformedError extends HandshakeError {
  override readonly name = 'HandshakeMalformedError';
  constructor(
    readonly messageNumber: HandshakeMessageNumber,
    reason: string,
    cause?: unknown,
  ) {
    super(`Handshake message ${messageNumber} from the peer is malformed: ${reason}`, { action: 'drop-peer', cause });
  }
}

/** The dialer speaks a protocol version this build does not. */
export class HandshakeVersionError extends HandshakeError {
  override readonly name = 'HandshakeVersionError';
  constructor(readonly peerVersion: number) {
    super(
      `The peer speaks Burrow session protocol version ${peerVersion}, but this Burrow speaks version ${HANDSHAKE_VERSION}. ` +
        'Whoever runs the older Burrow should update it.',
      { action: 'tell-user' },
    );
  }
}

const DECRYPT_REASONS: Record<HandshakeMessageNumber, string> = {
  1: 'the dialer expected a different onion identity for us, or the message was tampered with',
  2: 'the listener does not hold the key of the onion address we dialed, or the message was tampered with',
  3: 'the message was tampered with or sent by someone else than the dialer',
};

/** A handshake message did not authenticate: a wrong static key or tampering. */
export class HandshakeDecryptError extends HandshakeError {
  override readonly name = 'HandshakeDecryptError';
  constructor(
    readonly messageNumber: HandshakeMessageNumber,
    cause?: unknown,
  ) {
    super(`Handshake message ${messageNumber} could not be authenticated: ${DECRYPT_REASONS[messageNumber]}`, { action: 'drop-peer', cause });
  }
}

/** The peer offered an unusable public key (not a valid ed25519 identity, or a low-order x25519 key). */
export class HandshakeBadKeyError extends HandshakeError {
  override readonly name = 'HandshakeBadKeyError';
  constructor(
    readonly messageNumber: HandshakeMessageNumber,
    which: 'ephemeral key' | 'identity key',
    cause?: unknown,
  ) {
    super(`Handshake message ${messageNumber} carries an invalid ${which}`, { action: 'drop-peer', cause });
  }
}

/** The dialer's identity signature over the handshake does not verify. */
export class HandshakeSignatureError extends HandshakeError {
  override readonly name = 'HandshakeSignatureError';
  constructor() {
    super('The dialer could not prove it owns the onion address it claims (bad identity signature)', { action: 'drop-peer' });
  }
}

/** The handshake object was used out of order (a bug in the caller). */
export class HandshakeStateError extends HandshakeError {
  override readonly name = 'HandshakeStateError';
  constructor(what: string, cause?: unknown) {
    super(`Handshake used out of order: ${what}`, { action: 'bug', cause });
  }
}
