/**
 * Decode failures specific to the message envelope. Like every `DecodeError` they carry action
 * 'drop-peer': a peer that sends them is broken, hostile or speaks a version we do not.
 */
import { DecodeError } from '../bytes.js';

/** 'UnsupportedMessageVersionError': the envelope's version byte is not one this Burrow speaks. */
export function unsupportedMessageVersion(version: number): DecodeError {
  return new DecodeError(
    'UnsupportedMessageVersionError',
    `The peer sent a message of format version ${version}, which this Burrow does not understand; one of you should update Burrow`,
  );
}

/** 'UnknownMessageKindError': the envelope names a kind of message this Burrow does not know. */
export function unknownMessageKind(kind: number): DecodeError {
  return new DecodeError(
    'UnknownMessageKindError',
    `The peer sent a message of unknown kind 0x${kind.toString(16).padStart(2, '0')}; one of you should update Burrow`,
  );
}
