/**
 * Decode failures specific to the group wire format. Like every `DecodeError` they carry action
 * 'drop-peer': a peer that sends them is broken, hostile or speaks a version we do not.
 */
import { DecodeError } from '../bytes.js';

/** 'UnsupportedGroupFormatError': a group op or message of a format version this Burrow does not speak. */
export function unsupportedGroupFormat(what: string, version: number): DecodeError {
  return new DecodeError(
    'UnsupportedGroupFormatError',
    `The peer sent a ${what} of format version ${version}, which this Burrow does not understand; one of you should update Burrow`,
  );
}

/** 'UnknownGroupWireKindError': a group wire message of a kind this Burrow does not know. */
export function unknownGroupWireKind(kind: number): DecodeError {
  return new DecodeError(
    'UnknownGroupWireKindError',
    `The peer sent a group message of unknown kind 0x${kind.toString(16).padStart(2, '0')}; one of you should update Burrow`,
  );
}
