/**
 * The only errors a decoder of peer bytes throws (docs/ARCHITECTURE.md "Conventions", arti tor-bytes): it tells
 * *incomplete* (wait for more bytes) from *malformed* (drop the peer) from *trailing bytes*
 * (a complete value followed by junk). All three carry action 'drop-peer': a peer that sends
 * them is broken or hostile. Streaming decoders catch {@link IncompleteInputError} and wait.
 */
import { BurrowError } from '../errors.js';

/** Base class of every decode failure; match on it to catch them all. */
export abstract class DecodeError extends BurrowError {
  constructor(message: string, cause?: unknown) {
    super(message, { action: 'drop-peer', cause });
  }
}

/** The input ended before the value did: at least `missing` more bytes are needed. */
export class IncompleteInputError extends DecodeError {
  override readonly name = 'IncompleteInputError';
  constructor(
    readonly field: string,
    readonly missing: number,
  ) {
    super(`The peer's data ended early: ${field} needs ${missing} more byte${missing === 1 ? '' : 's'}`);
  }
}

/** The bytes can never decode, whatever follows (a bad length, an unknown tag, invalid UTF-8, …). */
export class MalformedInputError extends DecodeError {
  override readonly name = 'MalformedInputError';
  constructor(
    readonly field: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`The peer sent malformed data: ${field} ${reason}`, cause);
  }
}

/** A complete value was followed by `count` unexpected bytes. */
export class TrailingBytesError extends DecodeError {
  override readonly name = 'TrailingBytesError';
  constructor(
    readonly field: string,
    readonly count: number,
  ) {
    super(`The peer sent ${count} unexpected byte${count === 1 ? '' : 's'} after ${field}`);
  }
}
