/**
 * Typed errors of the session layer. A closed session reports why through `SecureSession.closed`;
 * these are the reasons that are not frame or handshake errors.
 */
import { BurrowError, BurrowFailure } from '../errors.js';

/** The peer closed the connection (cleanly or not), during the handshake or the session. */
export class PeerClosedError extends BurrowError {
  override readonly name = 'PeerClosedError';
  constructor(readonly during: 'handshake' | 'session') {
    super(
      during === 'handshake' ? 'The peer closed the connection during the handshake' : 'The peer closed the connection',
      { action: 'retry' },
    );
  }
}

/** `send()` on a session that is closed; `cause` is the reason it closed, if any. */
export class SessionClosedError extends BurrowError {
  override readonly name = 'SessionClosedError';
  constructor(cause?: BurrowError) {
    super(`The session is closed${cause === undefined ? '' : ` (${cause.message})`}`, { action: 'retry', cause });
  }
}

/** 'ConnectionLostError': the underlying connection failed (reset, network error). */
export function connectionFailed(cause: unknown): BurrowFailure {
  return new BurrowFailure(
    'ConnectionLostError',
    `The connection to the peer failed${cause instanceof Error ? `: ${cause.message}` : ''}`,
    { action: 'retry', cause },
  );
}

/** 'PeerRefusedError': the inbound gate refused the peer right after the handshake (blocked, or not allowed here). */
export function peerRefused(): BurrowFailure {
  return new BurrowFailure('PeerRefusedError', 'The peer was refused after the handshake', { action: 'drop-peer' });
}

/** 'SessionMisuseError': the session API was used in a way it does not support (a bug in the caller). */
export function sessionMisuse(what: string): BurrowFailure {
  return new BurrowFailure('SessionMisuseError', what, { action: 'bug' });
}
