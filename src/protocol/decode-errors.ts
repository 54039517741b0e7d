/**
 * The only errors a decoder of peer bytes throws (docs/ARCHITECTURE.md "Conventions", arti tor-bytes): it tells
 * *incomplete* (wait for more bytes) from *malformed* (drop the peer) from *trailing bytes*
 * (a complete value followed by junk). All carry action 'drop-peer': a peer that sends them is
 * broken or hostile. Streaming decoders catch {@link IncompleteInputError} and wait.
 */
import { BurrowFailure } from '../errors.js';

/**
 * Every decode failure; match on it to catch them all, on `name` to tell them apart
 * ('MalformedInputError', 'TrailingBytesError', 'UnknownMessageKindError', …).
 */
export class DecodeError extends BurrowFailure {
  constructor(name: string, message: string, cause?: unknown) {
    super(name, message, { action: 'drop-peer', cause });
  }
}

/** The input ended before the value did: at least `missing` more bytes are needed. */
export class IncompleteInputError extends DecodeError {
  constructor(
    readonly field: string,
    readonly missing: number,
  ) {
    super(
      'IncompleteInputError',
      `The peer's data ended early: ${field} needs ${missing} more byte${missing === 1 ? '' : 's'}`,
    );
  }
}

/** 'MalformedInputError': the bytes can never decode, whatever follows (a bad length, an unknown tag, invalid UTF-8, …). */
export function malformedInput(field: string, reason: string, cause?: unknown): DecodeError {
  return new DecodeError('MalformedInputError', `The peer sent malformed data: ${field} ${reason}`, cause);
}

/** 'TrailingBytesError': a complete value was followed by `count` unexpected bytes. */
export function trailingBytes(field: string, count: number): DecodeError {
  return new DecodeError(
    'TrailingBytesError',
    `The peer sent ${count} unexpected byte${count === 1 ? '' : 's'} after ${field}`,
  );
}
