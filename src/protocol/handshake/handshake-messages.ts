/**
 * Codecs of the three handshake messages (layouts in handshake-constants.ts). Decoders take
 * the message without its u16 length prefix and throw only `HandshakeMalformedError` or
 * `HandshakeVersionError`; authenticating the contents is the state machines' job.
 */
import { checkBytes } from '../../lib/argument-checks.js';
import { POLY1305_TAG_LENGTH } from '../../crypto/chacha20-poly1305.js';
import { X25519_KEY_LENGTH } from '../../crypto/x25519.js';
import { ByteReader } from '../byte-reader.js';
import { ByteWriter } from '../byte-writer.js';
import { DecodeError } from '../decode-errors.js';
import {
  HANDSHAKE_MAGIC,
  HANDSHAKE_MESSAGE1_BULK_BYTES,
  HANDSHAKE_MESSAGE1_BYTES,
  HANDSHAKE_MESSAGE2_BYTES,
  HANDSHAKE_MESSAGE3_BYTES,
  HANDSHAKE_VERSION,
} from './handshake-constants.js';
import { handshakeMalformed, handshakeVersion, type HandshakeMessageNumber } from './handshake-errors.js';

/** Length of the dialer's sealed identity key in message 3. */
export const SEALED_IDENTITY_BYTES = 32 + POLY1305_TAG_LENGTH;
/** Length of the dialer's sealed signature in message 3. */
export const SEALED_SIGNATURE_BYTES = 64 + POLY1305_TAG_LENGTH;

/** Message 1, dialer → listener: `-> e, es` plus the version. */
export interface HandshakeMessage1 {
  readonly version: number;
  readonly ephemeral: Uint8Array;
  /** The payload (empty, or the session purpose: session-purpose.ts), sealed: proves the dialer used our static key. */
  readonly sealedPayload: Uint8Array;
}

/** Message 2, listener → dialer: `<- e, ee`. */
export interface HandshakeMessage2 {
  readonly ephemeral: Uint8Array;
  readonly sealedPayload: Uint8Array;
}

/** Message 3, dialer → listener: `-> s, se` with s = the ed25519 identity key, payload = its signature. */
export interface HandshakeMessage3 {
  readonly sealedIdentity: Uint8Array;
  readonly sealedSignature: Uint8Array;
}

function decodeStrict<T>(
  messageNumber: HandshakeMessageNumber,
  bytes: Uint8Array,
  expectedLength: number,
  read: (reader: ByteReader) => T,
): T {
  if (!(bytes instanceof Uint8Array)) throw handshakeMalformed(messageNumber, 'not bytes');
  try {
    return ByteReader.decode(bytes, read, `handshake message ${messageNumber}`);
  } catch (error) {
    if (error instanceof DecodeError) {
      throw handshakeMalformed(messageNumber, `expected ${expectedLength} bytes, got ${bytes.length}`, error);
    }
    throw error;
  }
}

/** Message 1 → bytes. */
export function encodeHandshakeMessage1(message: HandshakeMessage1): Uint8Array {
  checkBytes(message.ephemeral, 'ephemeral', X25519_KEY_LENGTH);
  if (message.sealedPayload.length !== POLY1305_TAG_LENGTH)
    checkBytes(message.sealedPayload, 'sealedPayload', POLY1305_TAG_LENGTH + 1);
  return new ByteWriter()
    .writeBytes(HANDSHAKE_MAGIC)
    .writeU16(message.version)
    .writeBytes(message.ephemeral)
    .writeBytes(message.sealedPayload)
    .finish();
}

/**
 * Bytes → message 1. The magic and the version are checked first, so a non-Burrow peer or
 * another protocol version gets its own clear error whatever the rest looks like.
 */
export function decodeHandshakeMessage1(bytes: Uint8Array): HandshakeMessage1 {
  if (!(bytes instanceof Uint8Array)) throw handshakeMalformed(1, 'not bytes');
  const magicMatches = bytes.length >= HANDSHAKE_MAGIC.length && HANDSHAKE_MAGIC.every((byte, i) => bytes[i] === byte);
  if (!magicMatches) throw handshakeMalformed(1, 'it does not start like a Burrow handshake');
  if (bytes.length >= HANDSHAKE_MAGIC.length + 2) {
    const version = (bytes[4]! << 8) | bytes[5]!;
    if (version !== HANDSHAKE_VERSION) throw handshakeVersion(version);
  }
  // The two lengths a version-1 message 1 has: a main session's, and a bulk session's one byte longer.
  const expected =
    bytes.length === HANDSHAKE_MESSAGE1_BULK_BYTES ? HANDSHAKE_MESSAGE1_BULK_BYTES : HANDSHAKE_MESSAGE1_BYTES;
  return decodeStrict(1, bytes, expected, (r) => {
    r.readBytes(HANDSHAKE_MAGIC.length, 'magic');
    const version = r.readU16('version');
    const ephemeral = r.readBytes(X25519_KEY_LENGTH, 'ephemeral key');
    const sealedPayload = r.readBytes(expected - (HANDSHAKE_MESSAGE1_BYTES - POLY1305_TAG_LENGTH), 'payload');
    return { version, ephemeral, sealedPayload };
  });
}

/** Message 2 → bytes. */
export function encodeHandshakeMessage2(message: HandshakeMessage2): Uint8Array {
  checkBytes(message.ephemeral, 'ephemeral', X25519_KEY_LENGTH);
  checkBytes(message.sealedPayload, 'sealedPayload', POLY1305_TAG_LENGTH);
  return new ByteWriter().writeBytes(message.ephemeral).writeBytes(message.sealedPayload).finish();
}

/** Bytes → message 2. */
export function decodeHandshakeMessage2(bytes: Uint8Array): HandshakeMessage2 {
  return decodeStrict(2, bytes, HANDSHAKE_MESSAGE2_BYTES, (r) => ({
    ephemeral: r.readBytes(X25519_KEY_LENGTH, 'ephemeral key'),
    sealedPayload: r.readBytes(POLY1305_TAG_LENGTH, 'payload'),
  }));
}

/** Message 3 → bytes. */
export function encodeHandshakeMessage3(message: HandshakeMessage3): Uint8Array {
  checkBytes(message.sealedIdentity, 'sealedIdentity', SEALED_IDENTITY_BYTES);
  checkBytes(message.sealedSignature, 'sealedSignature', SEALED_SIGNATURE_BYTES);
  return new ByteWriter().writeBytes(message.sealedIdentity).writeBytes(message.sealedSignature).finish();
}

/** Bytes → message 3. */
export function decodeHandshakeMessage3(bytes: Uint8Array): HandshakeMessage3 {
  return decodeStrict(3, bytes, HANDSHAKE_MESSAGE3_BYTES, (r) => ({
    sealedIdentity: r.readBytes(SEALED_IDENTITY_BYTES, 'identity'),
    sealedSignature: r.readBytes(SEALED_SIGNATURE_BYTES, 'signature'),
  }));
}
