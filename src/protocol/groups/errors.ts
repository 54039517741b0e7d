/**
 * Decode failures specific to the group wire format. Like every `DecodeError` they carry action
 * 'drop-peer': a peer that sends them is broken, hostile or speaks a version we do not.
 */
import { DecodeError } from '../bytes.js';

/** A group op or message of a format version this Burrow does not speak. */
export class UnsupportedGroupFormatError extends DecodeError {
  override readonly name = 'UnsupportedGroupFormatError';
  constructor(
    readonly what: string,
    readonly version: number,
  ) {
    super(`The peer sent a ${what} of format version ${version}, which this Burrow does not understand; one of you should update Burrow`);
  }
}

/** A group wire message of a kind this Burrow does not know. */
export class UnknownGroupWireKindError extends DecodeError {
  override readonly name = 'UnknownGroupWireKindError';
  constructor(readonly kind: number) {
    super(`The peer sent a group message of unknown kind 0x${kind.toString(16).padStart(2, '0')}; one of you should update Burrow`);
  }
}
