/**
 * Bodies of the contacts service's messages (docs/ARCHITECTURE.md "Session protocol" 4: a stranger may
 * send only a contact request, size limited).
 *
 *   contact-request = u8 len ‖ display name (≤ 64 B, no control characters)
 *                   ‖ u16 len ‖ request text (≤ 1 KiB UTF-8)
 *   contact-accept  = u8 len ‖ display name
 *
 * The sender's onion address is not in the body: the session handshake already proved it.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import type { ByteReader, ByteWriter } from '../bytes.js';
import { readDisplayName, writeDisplayName } from '../envelope/fields.js';
import { MAX_REQUEST_MESSAGE_BYTES } from '../envelope/limits.js';

/** "Please add me": the only message a stranger may send. */
export interface ContactRequestBody {
  /** The name the sender goes by (theirs to choose: untrusted). */
  readonly displayName: string;
  /** Their note, up to {@link MAX_REQUEST_MESSAGE_BYTES} bytes; may be empty. */
  readonly text: string;
}

/** "I accepted your request" (or "we are friends": sent again on each session, so it needs no ack). */
export interface ContactAcceptBody {
  readonly displayName: string;
}

/** Reads a contact request's body. */
export function readContactRequest(reader: ByteReader): ContactRequestBody {
  const displayName = readDisplayName(reader, 'contact-request display name');
  const text = reader.readString16(MAX_REQUEST_MESSAGE_BYTES, 'contact-request text');
  return { displayName, text };
}

/** Writes a contact request's body. */
export function writeContactRequest(writer: ByteWriter, body: ContactRequestBody): void {
  writeDisplayName(writer, body.displayName, 'contact-request display name');
  if (typeof body.text !== 'string') throw invalidArgument('contact-request text', 'a string');
  writer.writeString16(body.text, MAX_REQUEST_MESSAGE_BYTES);
}

/** Reads a contact accept's body. */
export function readContactAccept(reader: ByteReader): ContactAcceptBody {
  return { displayName: readDisplayName(reader, 'contact-accept display name') };
}

/** Writes a contact accept's body. */
export function writeContactAccept(writer: ByteWriter, body: ContactAcceptBody): void {
  writeDisplayName(writer, body.displayName, 'contact-accept display name');
}
