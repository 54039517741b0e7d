/**
 * Bodies of the 1:1 chat service's messages (docs/ARCHITECTURE.md "Services/Chat").
 *
 *   chat-message = u64 created_at (sender's clock, unix ms, ≤ 2^53 − 1)
 *                ‖ u16 len ‖ text (0 to MAX_MESSAGE_BYTES of UTF-8, as the action allows)
 *                ‖ [action] (chat-action.ts: a reply, an edit, a delete, a reaction, a timer;
 *                  absent for a plain message, whose text is 1 byte or more)
 *   ack          = id list: the chat messages the receiver has durably stored
 *   read-receipt = id list: the chat messages the receiver's user has read
 *   id list      = u16 count (1–256) ‖ count × 16-byte message id, none twice
 *
 * A chat message's own id is the envelope's id.
 */
import type { ByteReader, ByteWriter } from '../bytes.js';
import { readIdList, writeIdList } from '../envelope/fields.js';
import { MAX_MESSAGE_BYTES } from '../envelope/limits.js';
import { readActionText, writeActionText, type ChatAction } from './chat-action.js';

/** One chat message. */
export interface ChatMessageBody {
  /** When the sender wrote it, by the sender's clock (unix ms; untrusted, for display only). */
  readonly createdAt: number;
  /** Up to {@link MAX_MESSAGE_BYTES} bytes of UTF-8 (empty only where the action allows). */
  readonly text: string;
  /** A reply's target or an action on an earlier message; absent for a plain message. */
  readonly action?: ChatAction | undefined;
}

/** The body of an ack or a read receipt. */
export interface ReceiptBody {
  readonly ids: readonly Uint8Array[];
}

/** Reads a chat message's body. */
export function readChatMessage(reader: ByteReader): ChatMessageBody {
  const createdAt = reader.readU64Number('chat-message created_at');
  return { createdAt, ...readActionText(reader, MAX_MESSAGE_BYTES, 'chat-message') };
}

/** Writes a chat message's body. */
export function writeChatMessage(writer: ByteWriter, body: ChatMessageBody): void {
  writeActionText(writer.writeU64(body.createdAt), body, MAX_MESSAGE_BYTES, 'chat-message');
}

/** Reads the body of an ack or read receipt. */
export function readReceipt(reader: ByteReader): ReceiptBody {
  return { ids: readIdList(reader, 'receipt ids') };
}

/** Writes the body of an ack or read receipt. */
export function writeReceipt(writer: ByteWriter, body: ReceiptBody): void {
  writeIdList(writer, body.ids, 'receipt ids');
}
