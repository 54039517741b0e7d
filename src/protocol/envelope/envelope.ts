/**
 * The one versioned envelope every application message travels in (docs/ARCHITECTURE.md "Session
 * protocol" 3), as the body of one session frame:
 *
 *   envelope = u8 version (1) ‖ u8 kind ‖ 16-byte random id ‖ kind-specific body
 *
 * The id is fresh random bytes for every message: acks, read receipts and dedupe refer to it
 * (for a chat message it *is* the message id). Decoding is strict: an unknown version or kind,
 * a field out of its limits, invalid UTF-8 or a byte left over is refused with a typed
 * `DecodeError`, never half-accepted.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter } from '../bytes.js';
import {
  readChatMessage,
  readReceipt,
  writeChatMessage,
  writeReceipt,
  type ChatMessageBody,
  type ReceiptBody,
} from '../chat/chat-messages.js';
import {
  readContactAccept,
  readContactRequest,
  writeContactAccept,
  writeContactRequest,
  type ContactAcceptBody,
  type ContactRequestBody,
} from '../contacts/contact-messages.js';
import { readEndpointOffer, writeEndpointOffer, type EndpointOfferBody } from '../contacts/endpoint-offer.js';
import { unknownMessageKind, unsupportedMessageVersion } from './errors.js';
import { readMessageId, writeMessageId } from './fields.js';
import { readPong, writePong, type PongBody } from './keepalive.js';
import { MESSAGE_KINDS, messageKindName, type MessageKindName } from './kinds.js';
import {
  GROUP_WIRE_KINDS,
  groupWireKindName,
  readGroupWireBody,
  writeGroupWireBody,
  type GroupWireMessage,
} from '../groups/group-wire.js';
import {
  FILE_MESSAGE_KINDS,
  fileMessageKind,
  readFileMessageBody,
  writeFileMessageBody,
  type FileMessage,
} from '../files/file-message-codec.js';
import { readRelayMessage, writeRelayMessage, type RelayMessage } from '../relay/relay-message-codec.js';
import { RELAY_ENVELOPE_KIND } from './kinds.js';
import {
  WALL_MESSAGE_KINDS,
  readWallMessageBody,
  wallMessageKind,
  writeWallMessageBody,
  type WallMessage,
} from '../walls/wall-wire.js';

/** The envelope version this Burrow writes and the only one it reads. */
export const MESSAGE_FORMAT_VERSION = 1;

interface Envelope<K extends MessageKindName> {
  readonly kind: K;
  /** 16 random bytes. */
  readonly id: Uint8Array;
}

export type ContactRequestMessage = Envelope<'contact-request'> & ContactRequestBody;
export type ContactAcceptMessage = Envelope<'contact-accept'> & ContactAcceptBody;
export type EndpointOfferMessage = Envelope<'endpoint-offer'> & EndpointOfferBody;
export type ChatMessage = Envelope<'chat-message'> & ChatMessageBody;
export type AckMessage = Envelope<'ack'> & ReceiptBody;
export type ReadReceiptMessage = Envelope<'read-receipt'> & ReceiptBody;
export type PingMessage = Envelope<'ping'>;
export type PongMessage = Envelope<'pong'> & PongBody;
/** A group message (kinds 0x30–0x3f; codecs in protocol/groups). */
export type GroupEnvelope = Envelope<'group'> & { readonly message: GroupWireMessage };
/** A file-sharing message (kinds 0x40–0x4f; codecs in protocol/files). */
export type FileEnvelope = Envelope<'file'> & { readonly message: FileMessage };
/** An offline-delivery message (kind 0x50; codecs in protocol/relay). */
export type RelayEnvelopeMessage = Envelope<'relay'> & { readonly message: RelayMessage };
/** A wall message (kinds 0x60–0x6f; codecs in protocol/walls). */
export type WallEnvelope = Envelope<'wall'> & { readonly message: WallMessage };

/** Every message a session carries, told apart by `kind`. */
export type WireMessage =
  | ContactRequestMessage
  | ContactAcceptMessage
  | EndpointOfferMessage
  | ChatMessage
  | AckMessage
  | ReadReceiptMessage
  | PingMessage
  | PongMessage
  | GroupEnvelope
  | FileEnvelope
  | RelayEnvelopeMessage
  | WallEnvelope;

/**
 * Encodes a message into one frame body. Throws `InvalidArgumentError` for a value the decoder
 * would refuse (a caller bug: check user input first, e.g. against MAX_MESSAGE_BYTES).
 *
 * @example encodeMessage({ kind: 'chat-message', id: randomBytes(16), createdAt: Date.now(), text: 'hi' })
 */
export function encodeMessage(message: WireMessage): Uint8Array {
  const kindNumber = kindByteOf(message);
  if (kindNumber === undefined)
    throw invalidArgument('message.kind', `one of ${Object.keys(MESSAGE_KINDS).join(', ')}`);
  const writer = new ByteWriter().writeU8(MESSAGE_FORMAT_VERSION).writeU8(kindNumber);
  writeMessageId(writer, message.id, 'message id');
  switch (message.kind) {
    case 'contact-request':
      writeContactRequest(writer, message);
      break;
    case 'contact-accept':
      writeContactAccept(writer, message);
      break;
    case 'endpoint-offer':
      writeEndpointOffer(writer, message);
      break;
    case 'chat-message':
      writeChatMessage(writer, message);
      break;
    case 'ack':
    case 'read-receipt':
      writeReceipt(writer, message);
      break;
    case 'ping':
      break;
    case 'pong':
      writePong(writer, message);
      break;
    case 'group':
      writeGroupWireBody(writer, message.message);
      break;
    case 'file':
      writeFileMessageBody(writer, message.message);
      break;
    case 'relay':
      writeRelayMessage(writer, message.message);
      break;
    case 'wall':
      writeWallMessageBody(writer, message.message);
      break;
  }
  return writer.finish();
}

/** The kind byte of a message: the service codecs own their numbers inside their block. */
function kindByteOf(message: WireMessage): number | undefined {
  switch (message.kind) {
    case 'group':
      return GROUP_WIRE_KINDS[message.message.kind];
    case 'file':
      return FILE_MESSAGE_KINDS[message.message.kind];
    case 'relay':
      return RELAY_ENVELOPE_KIND;
    case 'wall':
      return WALL_MESSAGE_KINDS[message.message.kind];
    default:
      return (MESSAGE_KINDS as Record<string, number | undefined>)[message.kind];
  }
}

/**
 * Decodes one frame body into a message; throws only `DecodeError`s
 * (`UnsupportedMessageVersionError`, `UnknownMessageKindError`,
 * `MalformedInputError`, `IncompleteInputError`, `TrailingBytesError`).
 */
export function decodeMessage(bytes: Uint8Array): WireMessage {
  return ByteReader.decode(bytes, readEnvelope, 'message');
}

function readEnvelope(reader: ByteReader): WireMessage {
  const version = reader.readU8('message version');
  if (version !== MESSAGE_FORMAT_VERSION) throw unsupportedMessageVersion(version);
  const kindNumber = reader.readU8('message kind');
  const groupKind = groupWireKindName(kindNumber);
  if (groupKind !== undefined)
    return { kind: 'group', id: readMessageId(reader, 'message id'), message: readGroupWireBody(groupKind, reader) };
  const fileKind = fileMessageKind(kindNumber);
  if (fileKind !== undefined)
    return { kind: 'file', id: readMessageId(reader, 'message id'), message: readFileMessageBody(fileKind, reader) };
  const wallKind = wallMessageKind(kindNumber);
  if (wallKind !== undefined)
    return { kind: 'wall', id: readMessageId(reader, 'message id'), message: readWallMessageBody(wallKind, reader) };
  if (kindNumber === RELAY_ENVELOPE_KIND)
    return { kind: 'relay', id: readMessageId(reader, 'message id'), message: readRelayMessage(reader) };
  const kind = messageKindName(kindNumber);
  if (kind === undefined) throw unknownMessageKind(kindNumber);
  const id = readMessageId(reader, 'message id');
  switch (kind) {
    case 'contact-request':
      return { kind, id, ...readContactRequest(reader) };
    case 'contact-accept':
      return { kind, id, ...readContactAccept(reader) };
    case 'endpoint-offer':
      return { kind, id, ...readEndpointOffer(reader) };
    case 'chat-message':
      return { kind, id, ...readChatMessage(reader) };
    case 'ack':
    case 'read-receipt':
      return { kind, id, ...readReceipt(reader) };
    case 'ping':
      return { kind, id };
    case 'pong':
      return { kind, id, ...readPong(reader) };
  }
}
