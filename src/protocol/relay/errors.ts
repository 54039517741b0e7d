/**
 * Decode failures specific to the relay wire format. Like every `DecodeError` they carry action
 * 'drop-peer': a friend that sends them is broken, hostile or speaks a version we do not (an
 * honest holder decodes every envelope strictly before keeping it, and re-encodes it when
 * passing it on, so it never relays bytes that do not decode).
 */
import { DecodeError } from '../bytes.js';

/** 'UnsupportedRelayFormatError': an envelope, inner payload or receipt of a format version this Burrow does not speak. */
export function unsupportedRelayFormat(what: string, version: number): DecodeError {
  return new DecodeError(
    'UnsupportedRelayFormatError',
    `The peer sent a relay ${what} of format version ${version}, which this Burrow does not understand; one of you should update Burrow`,
  );
}

/** 'UnknownRelayMessageTypeError': a relay message of a type this Burrow does not know. */
export function unknownRelayMessageType(type: number): DecodeError {
  return new DecodeError(
    'UnknownRelayMessageTypeError',
    `The peer sent a relay message of unknown type 0x${type.toString(16).padStart(2, '0')}; one of you should update Burrow`,
  );
}
