/**
 * Typed errors of the session layer. A closed session reports why through `SecureSession.closed`;
 * these are the reasons that are not frame or handshake errors.
 */
import { BurrowError } from '../errors.js';

/** The peer closed the connection (cleanly or not), during the handshake or the session. */
export class PeerClosedError extends BurrowError {
  override readonly name = 'PeerClosedError';
  constructor(readonly during: 'handshake' | 'session') {
    super(during === 'handshake' ? 'The peer closed the connection during the handshake' : 'The peer closed the connection', { action: 'retry' });
  }
}

/** The underlying connection failed (reset, network error). */
export class ConnectionLostError extends BurrowError {
  override readonly name = 'ConnectionLostError';
  constructor(cause: unknown) {
    super(`The connection to the peer failed${cause instanceof Error ? `: ${cause.message}` : ''}`, { action: 'retry', cause });
  }
}

/** The inbound gate refused the peer right after the handshake (blocked, or not allowed here). */
export class PeerRefusedError extends BurrowError {
  override readonly name = 'PeerRefusedError';
  constructor() {
    super('The peer was refused after the handshake', { action: 'drop-peer' });
  }
}

/** `send()` on a session that is closed; `cause` is the reason it closed, if any. */
export class SessionClosedError extends BurrowError {
  override readonly name = 'SessionClosedError';
  constructor(cause?: BurrowError) {
    super(`The session is closed${cause === undefined ? '' : ` (${cause.message})`}`, { action: 'retry', cause });
  }
}

/** The session API was used in a way it does not support (a bug in the caller). */
export class SessionMisuseError extends BurrowError {
  override readonly name = 'SessionMisuseError';
  constructor(what: string) {
    super(what, { action: 'bug' });
  }
}
