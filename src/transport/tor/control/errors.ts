/**
 * Errors of the Tor control client. Callers match on `name`; each says what to do about it.
 */
import { BurrowError, BurrowFailure, withFields } from '../../../errors.js';

/**
 * Tor's control port sent bytes that are not a control-spec §2.3 reply: a bad status code,
 * a line without CRLF, a line or reply over the size limits, mixed status codes within one
 * reply, or a reply nobody asked for. The connection is unusable afterwards.
 */
export class TorControlProtocolError extends BurrowError {
  override readonly name = 'TorControlProtocolError';
  constructor(readonly reason: string) {
    super(
      `Tor's control port sent a malformed reply (${reason}). Check that the port is a Tor ControlPort (not a SocksPort or another service).`,
      { action: 'tell-user' },
    );
  }
}

/** 'TorControlConnectError': the TCP connection to the control port could not be opened (refused, timed out, unreachable). */
export function torControlConnectFailed(message: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure('TorControlConnectError', message, { action: 'retry', cause });
}

/** 'TorControlAuthError': authentication failed: no usable method, an unreadable cookie, a wrong password, or tor rejected us. */
export function torControlAuthFailed(message: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure('TorControlAuthError', message, { action: 'tell-user', cause });
}

/** Longest piece of tor's reply text kept in an error message. */
export const MAX_ERROR_TEXT_CHARS = 300;

/**
 * Tor answered a command with a 4xx (temporary) or 5xx (permanent) status (control-spec §4).
 * `code` is the status, `replyText` tor's text (e.g. `Unrecognized key "foo"`).
 */
export class TorControlReplyError extends BurrowError {
  override readonly name = 'TorControlReplyError';
  constructor(
    readonly keyword: string,
    readonly code: number,
    readonly replyText: string,
  ) {
    super(`tor refused ${keyword}: ${code} ${replyText.slice(0, MAX_ERROR_TEXT_CHARS)}`, {
      action: code < 500 ? 'retry' : 'bug',
    });
  }
}

/** A 'TorControlClosedError'; `reason` says how the connection ended. */
export type TorControlClosed = BurrowFailure & { readonly reason: string };

/**
 * 'TorControlClosedError': the control connection is gone (tor exited, the socket failed, or we
 * closed it). Every command that was waiting, and every later one, rejects with this error.
 */
export function torControlClosed(reason: string, cause?: unknown): TorControlClosed {
  const message = `The connection to tor's control port is closed (${reason}). If tor exited, check its log; connect again once it runs.`;
  return withFields(new BurrowFailure('TorControlClosedError', message, { action: 'retry', cause }), { reason });
}
