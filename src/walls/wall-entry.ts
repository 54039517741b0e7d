/**
 * A wall entry (docs/PROTOCOL.md "Walls"): one post, comment, reaction or delete, signed by its
 * author, naming the wall it is for. The owner publishes entries (their own, and readers'
 * comments after checking them) inside encrypted items; every reader checks the signature, so
 * the owner can carry a commenter's words but not change them, and nobody can pass an entry
 * made for one wall off on another.
 *
 *   signed = u8 format (1) ‖ 32-byte owner key ‖ 32-byte author key ‖ u64 created_at (unix ms)
 *          ‖ u8 length ‖ author's display name ‖ u16 length ‖ item text (walls/wall-item.ts)
 *   entry  = signed ‖ 64-byte ed25519 signature by the author over ENTRY_SIGNATURE_LABEL ‖ signed
 *   id     = SHA-256(entry-id label ‖ signed), 64 hex characters
 *
 * Decoding is strict (protocol/bytes.ts); {@link openEntry} also checks the signature and the
 * item text (wall-item.ts) and throws `WallEntryInvalidError` for anything else.
 */
import { onionAddressFromPublicKey, publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { signWithIdentity, verifyIdentitySignature, type IdentityKeyPair } from '../crypto/identity.js';
import { ByteReader, ByteWriter } from '../protocol/bytes.js';
import { readDisplayName, toWireDisplayName, writeDisplayName } from '../protocol/envelope/fields.js';
import { readFixed } from '../protocol/sorted-fields.js';
import { MAX_WALL_ENTRY_BYTES } from '../protocol/walls/wall-wire.js';
import { ENTRY_SIGNATURE_LABEL, entryIdOf } from './domains.js';
import { wallEntryInvalid } from './errors.js';
import { MAX_WALL_ITEM_TEXT_BYTES } from './limits.js';
import { decodeWallItem, encodeWallItem, type WallItem, type WallItemId } from './wall-item.js';
import { hex } from '../lib/hex.js';

const ENTRY_FORMAT = 1;
const SIGNATURE_BYTES = 64;

/** An entry whose signature verified. */
export interface WallEntryRecord {
  readonly id: WallItemId;
  /** The wall's owner. */
  readonly owner: OnionAddress;
  readonly author: OnionAddress;
  /** The name the author gave (their choice: shown with the fingerprint to non-friends). */
  readonly authorName: string;
  /** The author's clock (untrusted), unix ms. */
  readonly createdAt: number;
  readonly item: WallItem;
  /** The whole entry as signed, for publishing it again. */
  readonly bytes: Uint8Array;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Signs `item` as `author` for the wall of `owner`. Throws `WallTextTooLongError` or
 * `InvalidWallReactionError` for what the user typed.
 * @example signEntry(identity, owner, { type: 'post', text: 'hello' }, 'ada', Date.now())
 */
export function signEntry(
  author: IdentityKeyPair,
  owner: OnionAddress,
  item: WallItem,
  authorName: string,
  createdAt: number,
): WallEntryRecord {
  const text = encodeWallItem(item);
  const writer = new ByteWriter().writeU8(ENTRY_FORMAT);
  writer.writeBytes(publicKeyFromOnionAddress(owner)).writeBytes(author.publicKey).writeU64(createdAt);
  writeDisplayName(writer, toWireDisplayName(authorName), 'author name');
  writer.writeString16(text, MAX_WALL_ITEM_TEXT_BYTES);
  const signed = writer.finish();
  const signature = signWithIdentity(author, concat(ENTRY_SIGNATURE_LABEL, signed));
  const bytes = concat(signed, signature);
  return {
    id: hex(entryIdOf(signed)),
    owner,
    author: author.onionAddress,
    authorName: toWireDisplayName(authorName),
    createdAt,
    item,
    bytes,
  };
}

/** Reads and checks an entry (see the module comment); throws `WallEntryInvalidError`. */
export function openEntry(bytes: Uint8Array): WallEntryRecord {
  if (!(bytes instanceof Uint8Array) || bytes.length <= SIGNATURE_BYTES || bytes.length > MAX_WALL_ENTRY_BYTES)
    throw wallEntryInvalid('size');
  const signed = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  const signature = bytes.subarray(bytes.length - SIGNATURE_BYTES);
  let fields: { owner: Uint8Array; author: Uint8Array; createdAt: number; authorName: string; text: string };
  try {
    fields = ByteReader.decode(
      signed,
      (reader) => {
        if (reader.readU8('entry format') !== ENTRY_FORMAT) throw wallEntryInvalid('format');
        return {
          owner: readFixed(reader, 32, 'entry owner'),
          author: readFixed(reader, 32, 'entry author'),
          createdAt: reader.readU64Number('entry created_at'),
          authorName: readDisplayName(reader, 'entry author name'),
          text: reader.readString16(MAX_WALL_ITEM_TEXT_BYTES, 'entry text'),
        };
      },
      'wall entry',
    );
  } catch {
    throw wallEntryInvalid('encoding');
  }
  if (!verifyIdentitySignature(fields.author, concat(ENTRY_SIGNATURE_LABEL, signed), signature))
    throw wallEntryInvalid('signature');
  let owner: OnionAddress;
  let author: OnionAddress;
  let item: WallItem;
  try {
    owner = onionAddressFromPublicKey(fields.owner);
    author = onionAddressFromPublicKey(fields.author);
    item = decodeWallItem(fields.text);
  } catch {
    throw wallEntryInvalid('content');
  }
  return {
    id: hex(entryIdOf(signed)),
    owner,
    author,
    authorName: fields.authorName,
    createdAt: fields.createdAt,
    item,
    bytes: Uint8Array.from(bytes),
  };
}
