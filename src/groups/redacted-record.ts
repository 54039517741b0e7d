/**
 * How a group message whose text is gone (edited, deleted, expired: docs/PROTOCOL.md "Message
 * lifecycle in groups") stays in our own store: its cleartext header, its id and the action it
 * carried, without nonce, ciphertext or signature. The text cannot be read back from it, yet
 * the message keeps its place (dedupe, per-sender marks, the `prev` chain). Never sent: a
 * member who lacks the message does without it. Only this profile writes these rows.
 *
 *   record = u8 marker (0xff, never a message format) ‖ u16 header length ‖ header
 *          ‖ 32-byte id ‖ u8 flags ‖ [action]
 *   flags  = bit 0: an action follows; bit 1: gone from history here (expired, or deleted for
 *            me only), not a tombstone
 */
import { ByteReader, ByteWriter, malformedInput } from '../protocol/bytes.js';
import { readChatAction, writeChatAction, type ChatAction } from '../protocol/chat/chat-action.js';
import { decodeGroupMessageHeader, type GroupMessageHeader } from '../protocol/groups/group-message-codec.js';
import { GROUP_HASH_BYTES } from '../protocol/groups/limits.js';

/** The first byte of a redacted record: not a group message format. */
export const REDACTED_MARKER = 0xff;

/** What a redacted record holds. */
export interface RedactedRecord {
  readonly header: GroupMessageHeader;
  readonly headerBytes: Uint8Array;
  readonly id: Uint8Array;
  readonly action?: ChatAction | undefined;
  /** Gone from history on this device (expired, deleted for me), not shown as a tombstone. */
  readonly gone: boolean;
}

const HAS_ACTION = 1;
const GONE = 2;

/** Whether a stored message row is a redacted record (else a message's wire bytes). */
export function isRedactedRecord(bytes: Uint8Array): boolean {
  return bytes[0] === REDACTED_MARKER;
}

/** The record's bytes. */
export function encodeRedactedRecord(record: Omit<RedactedRecord, 'header'>): Uint8Array {
  const writer = new ByteWriter().writeU8(REDACTED_MARKER).writeVarBytes16(record.headerBytes, 0xffff);
  writer.writeBytes(record.id).writeU8((record.action === undefined ? 0 : HAS_ACTION) | (record.gone ? GONE : 0));
  if (record.action !== undefined) writeChatAction(writer, record.action, 'redacted action', GROUP_HASH_BYTES);
  return writer.finish();
}

/** Decodes a record; throws only `DecodeError`s. */
export function decodeRedactedRecord(bytes: Uint8Array): RedactedRecord {
  return ByteReader.decode(
    bytes,
    (reader) => {
      const marker = reader.readU8('redacted marker');
      if (marker !== REDACTED_MARKER) throw malformedInput('redacted marker', `is ${marker}`);
      const headerBytes = reader.readVarBytes16(0xffff, 'redacted header');
      const header = decodeGroupMessageHeader(headerBytes);
      const id = reader.readBytes(GROUP_HASH_BYTES, 'redacted id');
      const flags = reader.readU8('redacted flags');
      if (flags > (HAS_ACTION | GONE)) throw malformedInput('redacted flags', `is ${flags}`);
      const action =
        (flags & HAS_ACTION) !== 0 ? readChatAction(reader, 'redacted action', GROUP_HASH_BYTES) : undefined;
      return { header, headerBytes, id, action, gone: (flags & GONE) !== 0 };
    },
    'redacted group message',
  );
}
