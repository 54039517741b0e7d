/**
 * The wall messages (docs/PROTOCOL.md "Walls"): a star between a wall's owner and each reader,
 * kinds 0x60–0x6f of the envelope.
 *
 *   wall-key    (owner → reader) = 16-byte epoch ‖ 32-byte ephemeral x25519 key ‖ 32-byte
 *                                  commitment ‖ 48-byte sealed epoch key (to this reader only)
 *   wall-item   (owner → reader) = u64 seq ‖ 16-byte epoch ‖ 24-byte nonce ‖ u16 length ‖ ciphertext
 *   wall-submit (reader → owner) = u16 length ‖ signed entry (walls/wall-entry.ts)
 *   wall-sync   (either way)     = u64 since (the asker's high-water mark of the other's wall)
 *
 * The wall a key or an item belongs to is its sender's: nobody can hand over items of someone
 * else's wall. A relayed copy (protocol/relay/inner-codec.ts kind 'wall') is one item with the
 * key of its epoch in front: u8 has-key ‖ [wall-key body] ‖ wall-item body.
 *
 * Decoding is strict (sizes, no byte left over); it throws only `DecodeError`s.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import { checkRange, readFixed, writeFixed } from '../sorted-fields.js';

/** Bytes of an epoch id (random: it counts nothing). */
export const WALL_EPOCH_ID_BYTES = 16;
/** Bytes of an x25519 key, a commitment, a sealed 32-byte key (with its tag), a nonce. */
const KEY_BYTES = 32;
const SEALED_KEY_BYTES = 48;
export const WALL_NONCE_BYTES = 24;
/** Largest signed entry: header, name, text and signature (walls/wall-entry.ts). */
export const MAX_WALL_ENTRY_BYTES = 17 * 1024;
/** Largest item ciphertext: an entry and the AEAD tag. */
export const MAX_WALL_CIPHERTEXT_BYTES = MAX_WALL_ENTRY_BYTES + 16;

/** Kind bytes of the wall messages. A number keeps its meaning forever. */
export const WALL_MESSAGE_KINDS = Object.freeze({
  'wall-key': 0x60,
  'wall-item': 0x61,
  'wall-submit': 0x62,
  'wall-sync': 0x63,
} as const);

export type WallMessageKind = keyof typeof WALL_MESSAGE_KINDS;

/** An epoch key sealed to one reader (groups/epoch-key-seal.ts with a single recipient). */
export interface WallKeyBody {
  readonly epoch: Uint8Array;
  readonly ephemeralKey: Uint8Array;
  readonly commitment: Uint8Array;
  readonly sealedKey: Uint8Array;
}

/** One published item, encrypted under its epoch's key. */
export interface WallItemBody {
  /** The owner's publication number: readers ask for what came after the highest they hold. */
  readonly seq: number;
  readonly epoch: Uint8Array;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** Every wall message, told apart by `kind`. */
export type WallMessage =
  | ({ readonly kind: 'wall-key' } & WallKeyBody)
  | ({ readonly kind: 'wall-item' } & WallItemBody)
  | { readonly kind: 'wall-submit'; readonly entry: Uint8Array }
  | { readonly kind: 'wall-sync'; readonly since: number };

/** A relayed item with, if the reader may lack it, its epoch's key. */
export interface RelayedWallItem {
  readonly key?: WallKeyBody | undefined;
  readonly item: WallItemBody;
}

const BY_NUMBER: ReadonlyMap<number, WallMessageKind> = new Map(
  (Object.entries(WALL_MESSAGE_KINDS) as [WallMessageKind, number][]).map(([name, number]) => [number, name]),
);

/** The wall message kind with this envelope kind byte, or undefined. */
export function wallMessageKind(kindByte: number): WallMessageKind | undefined {
  return BY_NUMBER.get(kindByte);
}

function readKey(reader: ByteReader): WallKeyBody {
  return {
    epoch: readFixed(reader, WALL_EPOCH_ID_BYTES, 'wall epoch'),
    ephemeralKey: readFixed(reader, KEY_BYTES, 'wall key ephemeral key'),
    commitment: readFixed(reader, KEY_BYTES, 'wall key commitment'),
    sealedKey: readFixed(reader, SEALED_KEY_BYTES, 'wall sealed key'),
  };
}

function writeKey(writer: ByteWriter, key: WallKeyBody): void {
  writeFixed(writer, key.epoch, WALL_EPOCH_ID_BYTES, 'wall epoch');
  writeFixed(writer, key.ephemeralKey, KEY_BYTES, 'wall key ephemeral key');
  writeFixed(writer, key.commitment, KEY_BYTES, 'wall key commitment');
  writeFixed(writer, key.sealedKey, SEALED_KEY_BYTES, 'wall sealed key');
}

function readItem(reader: ByteReader): WallItemBody {
  const seq = reader.readU64Number('wall item seq');
  if (seq < 1) throw malformedInput('wall item seq', 'starts at 1');
  return {
    seq,
    epoch: readFixed(reader, WALL_EPOCH_ID_BYTES, 'wall epoch'),
    nonce: readFixed(reader, WALL_NONCE_BYTES, 'wall item nonce'),
    ciphertext: reader.readVarBytes16(MAX_WALL_CIPHERTEXT_BYTES, 'wall item ciphertext'),
  };
}

function writeItem(writer: ByteWriter, item: WallItemBody): void {
  checkRange(item.seq, 1, Number.MAX_SAFE_INTEGER, 'wall item seq');
  writer.writeU64(item.seq);
  writeFixed(writer, item.epoch, WALL_EPOCH_ID_BYTES, 'wall epoch');
  writeFixed(writer, item.nonce, WALL_NONCE_BYTES, 'wall item nonce');
  if (!(item.ciphertext instanceof Uint8Array)) throw invalidArgument('wall item ciphertext', 'a Uint8Array');
  writer.writeVarBytes16(item.ciphertext, MAX_WALL_CIPHERTEXT_BYTES);
}

/** Reads the body of a wall message of kind `kind` (the envelope already read the kind byte). */
export function readWallMessageBody(kind: WallMessageKind, reader: ByteReader): WallMessage {
  switch (kind) {
    case 'wall-key':
      return { kind, ...readKey(reader) };
    case 'wall-item':
      return { kind, ...readItem(reader) };
    case 'wall-submit':
      return { kind, entry: reader.readVarBytes16(MAX_WALL_ENTRY_BYTES, 'wall entry') };
    case 'wall-sync':
      return { kind, since: reader.readU64Number('wall sync since') };
  }
}

/** Writes the body of `message`; throws `InvalidArgumentError` for what the decoder would refuse. */
export function writeWallMessageBody(writer: ByteWriter, message: WallMessage): void {
  switch (message?.kind) {
    case 'wall-key':
      return writeKey(writer, message);
    case 'wall-item':
      return writeItem(writer, message);
    case 'wall-submit':
      if (!(message.entry instanceof Uint8Array)) throw invalidArgument('wall entry', 'a Uint8Array');
      writer.writeVarBytes16(message.entry, MAX_WALL_ENTRY_BYTES);
      return;
    case 'wall-sync':
      checkRange(message.since, 0, Number.MAX_SAFE_INTEGER, 'wall sync since');
      writer.writeU64(message.since);
      return;
    default:
      throw invalidArgument('message.kind', `one of ${Object.keys(WALL_MESSAGE_KINDS).join(', ')}`);
  }
}

/** The body of a relayed wall item (the relay's inner kind 'wall'). */
export function encodeRelayedWallItem(relayed: RelayedWallItem): Uint8Array {
  const writer = new ByteWriter().writeU8(relayed.key === undefined ? 0 : 1);
  if (relayed.key !== undefined) writeKey(writer, relayed.key);
  writeItem(writer, relayed.item);
  return writer.finish();
}

/** Decodes a relayed wall item; throws only `DecodeError`s. */
export function decodeRelayedWallItem(bytes: Uint8Array): RelayedWallItem {
  return ByteReader.decode(
    bytes,
    (reader) => {
      const hasKey = reader.readU8('wall relayed has-key');
      if (hasKey > 1) throw malformedInput('wall relayed has-key', 'is 0 or 1');
      const key = hasKey === 1 ? readKey(reader) : undefined;
      return { key, item: readItem(reader) };
    },
    'relayed wall item',
  );
}

/** Most bytes of a relayed wall item. */
export const MAX_RELAYED_WALL_ITEM_BYTES =
  1 +
  WALL_EPOCH_ID_BYTES +
  2 * KEY_BYTES +
  SEALED_KEY_BYTES +
  8 +
  WALL_EPOCH_ID_BYTES +
  WALL_NONCE_BYTES +
  2 +
  MAX_WALL_CIPHERTEXT_BYTES;
