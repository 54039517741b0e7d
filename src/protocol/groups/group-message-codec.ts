/**
 * Group messages: a member's post, encrypted under the group's epoch key and signed by its
 * sender (docs/ARCHITECTURE.md "Services/Groups"; sealing and checking are in src/groups/group-message.ts).
 *
 *   message = header ‖ 24-byte nonce ‖ u16 length ‖ ciphertext (20 to 16 403 bytes) ‖ 64-byte signature
 *   header  = u8 format (2) ‖ 32-byte group id ‖ 32-byte epoch id ‖ 32-byte sender key
 *           ‖ u32 seq (≥ 1; per sender, per epoch) ‖ 32-byte prev ‖ u64 lamport
 *           ‖ u64 created_at (sender's clock, unix ms)
 *
 * `prev` is the id of the sender's message seq − 1 in the same epoch (all zeros exactly when
 * seq is 1): each sender's messages of an epoch form a hash chain, so a departure op that
 * names the last one fixes every earlier one too (src/groups/departure-chain.ts).
 *
 * The ciphertext is XChaCha20-Poly1305 of the content below, with the header as associated
 * data; the signature covers header ‖ nonce ‖ length ‖ ciphertext (with a domain prefix).
 *
 *   content = u8 type (1 = text) ‖ u16 length ‖ UTF-8 text (0 to 16 KiB) ‖ [action]
 *
 * The action is the 1:1 chat's (../chat/chat-action.ts: a reply, an edit, a delete, a reaction
 * or a timer) with 32-byte group message ids as targets; the text may be empty only where the
 * action allows (docs/PROTOCOL.md "Message lifecycle in groups"). A plain post keeps its old bytes.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import { readActionText, writeActionText, type ChatAction } from '../chat/chat-action.js';
import { unsupportedGroupFormat } from './errors.js';
import { checkRange, readFixed, writeFixed } from './fields.js';
import {
  GROUP_HASH_BYTES,
  GROUP_MESSAGE_NONCE_BYTES,
  GROUP_SIGNATURE_BYTES,
  MAX_GROUP_CIPHERTEXT_BYTES,
  MAX_GROUP_MESSAGE_WIRE_BYTES,
  MAX_GROUP_SEQ,
  MAX_GROUP_TEXT_BYTES,
  MEMBER_KEY_BYTES,
  MIN_GROUP_CIPHERTEXT_BYTES,
} from './limits.js';

/** The message format this Burrow writes and the only one it reads. */
export const GROUP_MESSAGE_FORMAT = 2;

/** Content type byte of a text post. */
const CONTENT_TEXT = 1;

/** A group message's cleartext header (authenticated as the ciphertext's associated data). */
export interface GroupMessageHeader {
  readonly groupId: Uint8Array;
  /** The id of the op that granted the epoch key the message is encrypted under. */
  readonly epoch: Uint8Array;
  /** The sender's identity key. */
  readonly sender: Uint8Array;
  /** 1, 2, 3, … per sender within one epoch. */
  readonly seq: number;
  /** The id of the sender's message `seq − 1` in this epoch; 32 zero bytes for seq 1. */
  readonly prev: Uint8Array;
  /** Lamport clock: 1 + the largest lamport the sender had seen (display order). */
  readonly lamport: number;
  /** The sender's clock, unix ms (untrusted: for display only). */
  readonly createdAt: number;
}

/**
 * A group message as decoded from a peer: neither its signature nor its ciphertext is checked.
 * Only src/groups/group-message.ts `verifyGroupMessage` makes something readable of it.
 */
export interface UnverifiedGroupMessage {
  readonly header: GroupMessageHeader;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
  /** The header's encoding: the AEAD's associated data. */
  readonly headerBytes: Uint8Array;
  /** header ‖ nonce ‖ length ‖ ciphertext: what the signature and the message id cover. */
  readonly signedBytes: Uint8Array;
  readonly signature: Uint8Array;
}

/** What a group message says, once decrypted. */
export interface GroupContent {
  readonly type: 'text';
  /** Up to {@link MAX_GROUP_TEXT_BYTES} bytes of UTF-8 (empty only where the action allows). */
  readonly text: string;
  /** A reply's target or an action on an earlier message (targets are 32-byte group message ids). */
  readonly action?: ChatAction | undefined;
}

/** The `prev` of a sender's first message in an epoch. */
export const NO_PREVIOUS_MESSAGE: Uint8Array = new Uint8Array(GROUP_HASH_BYTES);

function isZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

function readHeader(reader: ByteReader): GroupMessageHeader {
  const format = reader.readU8('group message format');
  if (format !== GROUP_MESSAGE_FORMAT) throw unsupportedGroupFormat('group message', format);
  const groupId = readFixed(reader, GROUP_HASH_BYTES, 'group id');
  const epoch = readFixed(reader, GROUP_HASH_BYTES, 'epoch');
  const sender = readFixed(reader, MEMBER_KEY_BYTES, 'sender');
  const seq = reader.readU32('seq');
  if (seq === 0) throw malformedInput('seq', 'is 0; sequence numbers start at 1');
  const prev = readFixed(reader, GROUP_HASH_BYTES, 'prev');
  if (isZero(prev) !== (seq === 1)) throw malformedInput('prev', 'must be all zeros exactly when seq is 1');
  const lamport = reader.readU64Number('lamport');
  const createdAt = reader.readU64Number('created_at');
  return { groupId, epoch, sender, seq, prev, lamport, createdAt };
}

/** Decodes a header alone (a redacted message's, from our own store); throws only `DecodeError`s. */
export function decodeGroupMessageHeader(bytes: Uint8Array): GroupMessageHeader {
  return ByteReader.decode(bytes, readHeader, 'group message header');
}

/** The header's bytes (the associated data of the ciphertext). Throws `InvalidArgumentError` on values the decoder would refuse. */
export function encodeGroupMessageHeader(header: GroupMessageHeader): Uint8Array {
  const writer = new ByteWriter().writeU8(GROUP_MESSAGE_FORMAT);
  writeFixed(writer, header.groupId, GROUP_HASH_BYTES, 'group id');
  writeFixed(writer, header.epoch, GROUP_HASH_BYTES, 'epoch');
  writeFixed(writer, header.sender, MEMBER_KEY_BYTES, 'sender');
  checkRange(header.seq, 1, MAX_GROUP_SEQ, 'seq');
  writer.writeU32(header.seq);
  writeFixed(writer, header.prev, GROUP_HASH_BYTES, 'prev');
  if (isZero(header.prev) !== (header.seq === 1)) throw invalidArgument('prev', 'all zeros exactly when seq is 1');
  return writer.writeU64(header.lamport).writeU64(header.createdAt).finish();
}

/** header ‖ nonce ‖ u16 length ‖ ciphertext: the bytes a sender signs. */
export function encodeGroupMessageSignedBytes(
  headerBytes: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  const writer = new ByteWriter().writeBytes(headerBytes);
  writeFixed(writer, nonce, GROUP_MESSAGE_NONCE_BYTES, 'nonce');
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < MIN_GROUP_CIPHERTEXT_BYTES) {
    throw invalidArgument('ciphertext', `at least ${MIN_GROUP_CIPHERTEXT_BYTES} bytes`);
  }
  return writer.writeVarBytes16(ciphertext, MAX_GROUP_CIPHERTEXT_BYTES).finish();
}

/** A group message's wire form. */
export function encodeGroupMessage(message: UnverifiedGroupMessage): Uint8Array {
  const writer = new ByteWriter().writeBytes(message.signedBytes);
  writeFixed(writer, message.signature, GROUP_SIGNATURE_BYTES, 'signature');
  return writer.finish();
}

/** Decodes a group message from a peer; throws only `DecodeError`s. */
export function decodeGroupMessage(bytes: Uint8Array): UnverifiedGroupMessage {
  if (bytes.length > MAX_GROUP_MESSAGE_WIRE_BYTES) {
    throw malformedInput(
      'group message',
      `is ${bytes.length} bytes long, over the limit of ${MAX_GROUP_MESSAGE_WIRE_BYTES}`,
    );
  }
  return ByteReader.decode(
    bytes,
    (reader) => {
      const header = readHeader(reader);
      const headerBytes = bytes.slice(0, reader.offset);
      const nonce = readFixed(reader, GROUP_MESSAGE_NONCE_BYTES, 'nonce');
      const ciphertext = reader.readVarBytes16(MAX_GROUP_CIPHERTEXT_BYTES, 'ciphertext');
      if (ciphertext.length < MIN_GROUP_CIPHERTEXT_BYTES)
        throw malformedInput(
          'ciphertext',
          `is ${ciphertext.length} bytes, under the minimum of ${MIN_GROUP_CIPHERTEXT_BYTES}`,
        );
      const signedBytes = bytes.slice(0, reader.offset);
      const signature = readFixed(reader, GROUP_SIGNATURE_BYTES, 'message signature');
      return { header, nonce, ciphertext, headerBytes, signedBytes, signature };
    },
    'group message',
  );
}

/** The plaintext of a group message. Throws `InvalidArgumentError` for text its action does not allow, or oversized. */
export function encodeGroupContent(content: GroupContent): Uint8Array {
  if (content?.type !== 'text') throw invalidArgument('content type', "'text'");
  const writer = new ByteWriter().writeU8(CONTENT_TEXT);
  writeActionText(writer, content, MAX_GROUP_TEXT_BYTES, 'content', GROUP_HASH_BYTES);
  return writer.finish();
}

/** Decodes a decrypted plaintext; throws only `DecodeError`s (the sender wrote nonsense). */
export function decodeGroupContent(bytes: Uint8Array): GroupContent {
  return ByteReader.decode(
    bytes,
    (reader) => {
      const type = reader.readU8('content type');
      if (type !== CONTENT_TEXT) throw malformedInput('content type', `is ${type}, which this Burrow does not know`);
      return { type: 'text' as const, ...readActionText(reader, MAX_GROUP_TEXT_BYTES, 'content', GROUP_HASH_BYTES) };
    },
    'group content',
  );
}
