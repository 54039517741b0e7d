/**
 * The inner payload of a sealed envelope: what only the recipient reads (src/relay/seal.ts).
 *
 *   plaintext     = inner ‖ zero bytes up to one of SEALED_PADDED_SIZES
 *   inner         = authenticated ‖ 32-byte HMAC-SHA256
 *   authenticated = u8 format (2) ‖ 32-byte sender identity key ‖ u8 kind ‖ u64 created_at (unix ms)
 *                 ‖ u16 length ‖ body
 *   kind          = 1 chat-message | 2 group-message | 3 group-op (an epoch-key update is a group op)
 *                 | 4 wall-item
 *
 * The MAC is keyed by the pair key of sender and recipient (src/relay/pair-keys.ts) and covers
 * a domain label, the envelope id and the recipient's key as well as `authenticated`
 * (src/relay/seal.ts), so the payload cannot be re-sealed under another id or to someone else.
 * It is deniable: the recipient can compute the same MAC, so it proves authorship to the
 * recipient only. (Format 1 carried an ed25519 signature by the sender instead: transferable
 * proof; it is no longer read.) Padding is not MACed (the AEAD covers it) and must be all zero;
 * a sender may pad to a larger bucket than needed to hide the size better.
 *
 * The body's own format depends on the kind; {@link readInnerBody} decodes it:
 *
 *   chat-message  = 16-byte message id ‖ u16 length ‖ UTF-8 text ‖ [action], text and action as
 *                   in a direct chat message (protocol/chat/chat-messages.ts)
 *   group-message = one group message (group-message-codec.ts)
 *   group-op      = one group membership op (group-op-codec.ts)
 *   wall-item     = one wall item with its epoch's key sealed to the recipient (walls/wall-wire.ts)
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import {
  decodeGroupMessage,
  decodeGroupOp,
  encodeGroupMessage,
  encodeGroupOp,
  type UnverifiedGroupMessage,
  type UnverifiedGroupOp,
} from '../groups/index.js';
import { decodeRelayedWallItem, encodeRelayedWallItem, type RelayedWallItem } from '../walls/wall-wire.js';
import { MAX_MESSAGE_BYTES, MESSAGE_ID_BYTES } from '../envelope/limits.js';
import { chatActionTextProblem, readChatAction, writeChatAction, type ChatAction } from '../chat/chat-action.js';
import { unsupportedRelayFormat } from './errors.js';

const UTF8 = new TextEncoder();
import { checkRange, readFixed, writeFixed } from './fields.js';
import {
  IDENTITY_KEY_BYTES,
  MAX_INNER_BODY_BYTES,
  INNER_MAC_BYTES,
  MAX_INNER_BODY_BYTES_BY_KIND,
  SEALED_PADDED_SIZES,
} from './limits.js';

/** The inner payload format this Burrow writes and the only one it reads. */
export const RELAY_INNER_FORMAT = 2;

/** Kind bytes of inner payloads. A number keeps its meaning forever. */
export const INNER_KINDS = Object.freeze({
  'chat-message': 1,
  'group-message': 2,
  'group-op': 3,
  'wall-item': 4,
} as const);

/** The name of an inner kind. */
export type InnerKind = keyof typeof INNER_KINDS;

const KIND_BY_NUMBER: ReadonlyMap<number, InnerKind> = new Map(
  (Object.entries(INNER_KINDS) as [InnerKind, number][]).map(([name, n]) => [n, name]),
);

/** A relayed 1:1 chat message: the same id the chat service uses, so a copy that also arrives directly is a duplicate. */
export interface RelayedChatMessage {
  /** The chat message id (16 bytes). */
  readonly id: Uint8Array;
  /** Up to MAX_MESSAGE_BYTES bytes of UTF-8 (empty only where the action allows). */
  readonly text: string;
  /** A reply's target or an action on an earlier message (protocol/chat/chat-action.ts). */
  readonly action?: ChatAction | undefined;
}

/** What an inner payload carries, by kind; group items are still unverified at the group level. */
export type InnerContent =
  | { readonly kind: 'chat-message'; readonly message: RelayedChatMessage }
  | { readonly kind: 'group-message'; readonly message: UnverifiedGroupMessage }
  | { readonly kind: 'group-op'; readonly op: UnverifiedGroupOp }
  | { readonly kind: 'wall-item'; readonly relayed: RelayedWallItem };

/** The authenticated fields of an inner payload. */
export interface InnerFields {
  /** The sender's ed25519 identity key. */
  readonly sender: Uint8Array;
  readonly kind: InnerKind;
  /** The sender's clock when sealing, unix ms (untrusted: for display only). */
  readonly createdAt: number;
  /** The kind's body, encoded. */
  readonly body: Uint8Array;
}

/** A decoded inner payload: nothing checked beyond its shape. */
export interface DecodedInner extends InnerFields {
  /** The bytes the MAC covers (after the domain label, id and recipient key). */
  readonly authenticatedBytes: Uint8Array;
  readonly mac: Uint8Array;
  /** The body, decoded according to `kind`. */
  readonly content: InnerContent;
}

/** The encoding of a chat message's body. */
export function encodeRelayedChatMessage(message: RelayedChatMessage): Uint8Array {
  const writer = new ByteWriter();
  writeFixed(writer, message?.id, MESSAGE_ID_BYTES, 'chat message id');
  if (typeof message.text !== 'string' || chatActionTextProblem(message.action, UTF8.encode(message.text).length))
    throw invalidArgument('chat message text', 'a string its action allows');
  writer.writeString16(message.text, MAX_MESSAGE_BYTES);
  if (message.action !== undefined) writeChatAction(writer, message.action, 'chat message action');
  return writer.finish();
}

/**
 * The body bytes of `content`. Throws `InvalidArgumentError` for content the decoder would
 * refuse, including a body over its kind's limit.
 * @example encodeInnerBody({ kind: 'chat-message', message: { id, text: 'hi' } })
 */
export function encodeInnerBody(content: InnerContent): Uint8Array {
  let body: Uint8Array;
  switch (content?.kind) {
    case 'chat-message':
      body = encodeRelayedChatMessage(content.message);
      break;
    case 'group-message':
      body = encodeGroupMessage(content.message);
      break;
    case 'group-op':
      body = encodeGroupOp(content.op);
      break;
    case 'wall-item':
      body = encodeRelayedWallItem(content.relayed);
      break;
    default:
      throw invalidArgument('content kind', Object.keys(INNER_KINDS).join(', '));
  }
  const max = MAX_INNER_BODY_BYTES_BY_KIND[content.kind];
  if (body.length > max) throw invalidArgument(`${content.kind} body`, `at most ${max} bytes (got ${body.length})`);
  return body;
}

/**
 * Decodes a body according to its kind; throws only `DecodeError`s.
 * @example readInnerBody('chat-message', body).kind // 'chat-message'
 */
export function readInnerBody(kind: InnerKind, body: Uint8Array): InnerContent {
  switch (kind) {
    case 'chat-message':
      return ByteReader.decode(
        body,
        (reader) => {
          const id = readFixed(reader, MESSAGE_ID_BYTES, 'chat message id');
          const text = reader.readString16(MAX_MESSAGE_BYTES, 'chat message text');
          const action = reader.remaining > 0 ? readChatAction(reader, 'chat message action') : undefined;
          const problem = chatActionTextProblem(action, UTF8.encode(text).length);
          if (problem !== undefined) throw malformedInput('chat message text', problem);
          return { kind, message: action === undefined ? { id, text } : { id, text, action } };
        },
        'chat message',
      );
    case 'group-message':
      return { kind, message: decodeGroupMessage(body) };
    case 'group-op':
      return { kind, op: decodeGroupOp(body) };
    case 'wall-item':
      return { kind, relayed: decodeRelayedWallItem(body) };
  }
}

/** The bytes a sender MACs (before the domain label, id and recipient key are put in front). */
export function encodeInnerAuthenticated(fields: InnerFields): Uint8Array {
  const kindNumber = (INNER_KINDS as Record<string, number | undefined>)[fields?.kind];
  if (kindNumber === undefined) throw invalidArgument('inner kind', Object.keys(INNER_KINDS).join(', '));
  const writer = new ByteWriter().writeU8(RELAY_INNER_FORMAT);
  writeFixed(writer, fields.sender, IDENTITY_KEY_BYTES, 'inner sender');
  writer.writeU8(kindNumber);
  checkRange(fields.createdAt, 0, Number.MAX_SAFE_INTEGER, 'inner created_at');
  writer.writeU64(fields.createdAt);
  return writer.writeVarBytes16(fields.body, MAX_INNER_BODY_BYTES_BY_KIND[fields.kind]).finish();
}

/** The smallest padded size that holds `length` bytes, or undefined when none does. */
export function paddedSizeFor(length: number): number | undefined {
  return SEALED_PADDED_SIZES.find((size) => size >= length);
}

/**
 * authenticated ‖ MAC ‖ zero padding: the plaintext to seal. `padTo` picks a bigger bucket than
 * needed (to hide the size better); it must be one of SEALED_PADDED_SIZES.
 */
export function encodeInnerPadded(authenticatedBytes: Uint8Array, mac: Uint8Array, padTo?: number): Uint8Array {
  if (!(authenticatedBytes instanceof Uint8Array)) throw invalidArgument('authenticatedBytes', 'a Uint8Array');
  if (!(mac instanceof Uint8Array) || mac.length !== INNER_MAC_BYTES)
    throw invalidArgument('mac', `a ${INNER_MAC_BYTES}-byte Uint8Array`);
  const length = authenticatedBytes.length + INNER_MAC_BYTES;
  const size = padTo === undefined ? paddedSizeFor(length) : padTo;
  if (size === undefined || !SEALED_PADDED_SIZES.includes(size) || size < length) {
    throw invalidArgument('padTo', `one of ${SEALED_PADDED_SIZES.join(', ')} of at least ${length} bytes`);
  }
  const out = new Uint8Array(size);
  out.set(authenticatedBytes, 0);
  out.set(mac, authenticatedBytes.length);
  return out;
}

/**
 * Decodes a padded plaintext (what the AEAD opened), body included; throws only `DecodeError`s
 * (the sender sealed nonsense).
 */
export function decodeInnerPadded(plaintext: Uint8Array): DecodedInner {
  if (!(plaintext instanceof Uint8Array) || !SEALED_PADDED_SIZES.includes(plaintext.length)) {
    throw malformedInput('inner payload', `is ${plaintext?.length} bytes, not a padded size`);
  }
  const reader = new ByteReader(plaintext);
  const format = reader.readU8('inner format');
  if (format !== RELAY_INNER_FORMAT) throw unsupportedRelayFormat('inner payload', format);
  const sender = readFixed(reader, IDENTITY_KEY_BYTES, 'inner sender');
  const kindNumber = reader.readU8('inner kind');
  const kind = KIND_BY_NUMBER.get(kindNumber);
  if (kind === undefined) throw malformedInput('inner kind', `is ${kindNumber}, which this Burrow does not know`);
  const createdAt = reader.readU64Number('inner created_at');
  const body = reader.readVarBytes16(Math.min(MAX_INNER_BODY_BYTES_BY_KIND[kind], MAX_INNER_BODY_BYTES), 'inner body');
  const authenticatedBytes = plaintext.slice(0, reader.offset);
  const mac = readFixed(reader, INNER_MAC_BYTES, 'inner mac');
  const padding = reader.readRest();
  if (padding.some((byte) => byte !== 0)) throw malformedInput('inner padding', 'is not all zero');
  const content = readInnerBody(kind, body);
  return { sender, kind, createdAt, body, authenticatedBytes, mac, content };
}
