/**
 * Bodies of the 1:1 chat service's messages (docs/ARCHITECTURE.md "Services/Chat").
 *
 *   chat-message = u64 created_at (sender's clock, unix ms, ≤ 2^53 − 1)
 *                ‖ u16 len ‖ text (1 byte to MAX_MESSAGE_BYTES of UTF-8)
 *   ack          = id list: the chat messages the receiver has durably stored
 *   read-receipt = id list: the chat messages the receiver's user has read
 *   id list      = u16 count (1–256) ‖ count × 16-byte message id, none twice
 *
 * A chat message's own id is the envelope's id.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { readIdList, writeIdList } from '../envelope/fields.js';
import { MAX_MESSAGE_BYTES } from '../envelope/limits.js';

/** One chat message. */
export interface ChatMessageBody {
  /** When the sender wrote it, by the sender's clock (unix ms; untrusted, for display only). */
  readonly createdAt: number;
  /** 1 to {@link MAX_MESSAGE_BYTES} bytes of UTF-8. */
  readonly text: string;
}

/** The body of an ack or a read receipt. */
export interface ReceiptBody {
  readonly ids: readonly Uint8Array[];
}

/** Reads a chat message's body. */
export function readChatMessage(reader: ByteReader): ChatMessageBody {
  const createdAt = reader.readU64Number('chat-message created_at');
  const text = reader.readString16(MAX_MESSAGE_BYTES, 'chat-message text');
  if (text.length === 0) throw malformedInput('chat-message text', 'is empty');
  return { createdAt, text };
}

/** Writes a chat message's body. */
export function writeChatMessage(writer: ByteWriter, body: ChatMessageBody): void {
  if (typeof body.text !== 'string' || body.text.length === 0)
    throw invalidArgument('chat-message text', 'a non-empty string');
  writer.writeU64(body.createdAt).writeString16(body.text, MAX_MESSAGE_BYTES);
}

/** Reads the body of an ack or read receipt. */
export function readReceipt(reader: ByteReader): ReceiptBody {
  return { ids: readIdList(reader, 'receipt ids') };
}

/** Writes the body of an ack or read receipt. */
export function writeReceipt(writer: ByteWriter, body: ReceiptBody): void {
  writeIdList(writer, body.ids, 'receipt ids');
}
