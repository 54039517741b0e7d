/**
 * What a chat message may carry besides its text (docs/PROTOCOL.md "Message lifecycle"): a
 * reply's target, or an action on an earlier message. It follows the text, so a plain message
 * keeps its old bytes:
 *
 *   action = u8 tag ‖ fields
 *     1 reply  = 16-byte target id          text: the reply, 1 byte to MAX_MESSAGE_BYTES
 *     2 edit   = 16-byte target id          text: the new text, 1 byte to MAX_MESSAGE_BYTES
 *     3 delete = 16-byte target id          text: empty
 *     4 react  = 16-byte target id          text: one emoji (≤ MAX_REACTION_BYTES), empty = remove
 *     5 timer  = u32 seconds (0 = off, else MIN_TIMER_SECONDS to MAX_TIMER_SECONDS)   text: empty
 *
 * Only the shape is checked here; whether the emoji is one emoji and who may act is the
 * service's call (lib/message-lifecycle.ts).
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { isValidTimer } from '../../lib/disappearing-timer.js';
import { MAX_REACTION_BYTES } from '../../lib/single-emoji.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { MESSAGE_ID_BYTES } from '../envelope/limits.js';

/** Tag bytes of the actions. A number keeps its meaning forever. */
export const CHAT_ACTION_TAGS = Object.freeze({ reply: 1, edit: 2, delete: 3, react: 4, timer: 5 } as const);

/** Bytes an action adds after the text, at most (tag ‖ 16-byte id). */
export const MAX_CHAT_ACTION_BYTES = 17;

/** A message's extra meaning. */
export type ChatAction =
  | { readonly kind: 'reply' | 'edit' | 'delete' | 'react'; readonly target: Uint8Array }
  | { readonly kind: 'timer'; readonly seconds: number };

type ActionKind = ChatAction['kind'];
const KIND_BY_TAG = new Map<number, ActionKind>(
  Object.entries(CHAT_ACTION_TAGS).map(([kind, tag]) => [tag, kind as ActionKind]),
);

/**
 * Reads an action (the text before it already read). `targetBytes`: the size of a message id
 * where it travels (16 in 1:1 chat, 32 in groups).
 */
export function readChatAction(reader: ByteReader, field: string, targetBytes = MESSAGE_ID_BYTES): ChatAction {
  const tag = reader.readU8(`${field} tag`);
  const kind = KIND_BY_TAG.get(tag);
  if (kind === undefined) throw malformedInput(`${field} tag`, `is ${tag}, not a known action`);
  if (kind !== 'timer') return { kind, target: reader.readBytes(targetBytes, `${field} target`) };
  const seconds = reader.readU32(`${field} seconds`);
  if (!isValidTimer(seconds)) throw malformedInput(`${field} seconds`, `is ${seconds}, out of range`);
  return { kind, seconds };
}

/** Writes an action. Throws `InvalidArgumentError` for one the reader would refuse. */
export function writeChatAction(
  writer: ByteWriter,
  action: ChatAction,
  field: string,
  targetBytes = MESSAGE_ID_BYTES,
): void {
  const tag = (CHAT_ACTION_TAGS as Record<string, number | undefined>)[action?.kind];
  if (tag === undefined) throw invalidArgument(`${field} kind`, Object.keys(CHAT_ACTION_TAGS).join(', '));
  writer.writeU8(tag);
  if (action.kind !== 'timer') {
    if (!(action.target instanceof Uint8Array) || action.target.length !== targetBytes)
      throw invalidArgument(`${field} target`, `a ${targetBytes}-byte Uint8Array`);
    writer.writeBytes(action.target);
    return;
  }
  if (!isValidTimer(action.seconds)) throw invalidArgument(`${field} seconds`, 'off (0) or a timer in range');
  writer.writeU32(action.seconds);
}

/** Why `text` may not go with `action` (undefined: it may): the text rules of the table above. */
export function chatActionTextProblem(action: ChatAction | undefined, utf8Bytes: number): string | undefined {
  switch (action?.kind) {
    case undefined:
    case 'reply':
    case 'edit':
      return utf8Bytes === 0 ? 'is empty' : undefined;
    case 'delete':
    case 'timer':
      return utf8Bytes === 0 ? undefined : `must be empty for a ${action.kind}`;
    case 'react':
      return utf8Bytes > MAX_REACTION_BYTES ? `is over ${MAX_REACTION_BYTES} bytes for a reaction` : undefined;
  }
}

/** A text with the action that may follow it. */
export interface ActionText {
  readonly text: string;
  readonly action?: ChatAction | undefined;
}

const UTF8 = new TextEncoder();

/**
 * Reads `u16 len ‖ text ‖ [action]` to the end of the reader (an action follows exactly when
 * bytes remain), with the text rules of the table above.
 */
export function readActionText(reader: ByteReader, maxTextBytes: number, field: string, targetBytes?: number) {
  const text = reader.readString16(maxTextBytes, `${field} text`);
  const action = reader.remaining > 0 ? readChatAction(reader, `${field} action`, targetBytes) : undefined;
  const problem = chatActionTextProblem(action, UTF8.encode(text).length);
  if (problem !== undefined) throw malformedInput(`${field} text`, problem);
  return action === undefined ? { text } : { text, action };
}

/** Writes what {@link readActionText} reads. Throws `InvalidArgumentError` for a text its action does not allow. */
export function writeActionText(
  writer: ByteWriter,
  value: ActionText,
  maxTextBytes: number,
  field: string,
  targetBytes?: number,
): void {
  if (typeof value.text !== 'string' || chatActionTextProblem(value.action, UTF8.encode(value.text).length))
    throw invalidArgument(`${field} text`, 'a string its action allows');
  writer.writeString16(value.text, maxTextBytes);
  if (value.action !== undefined) writeChatAction(writer, value.action, `${field} action`, targetBytes);
}
