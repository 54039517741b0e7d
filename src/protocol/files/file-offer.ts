/**
 * The file offer: "here is a file for you (or for our group)". It carries the manifest's fixed
 * fields, its root hash (the file id) and the first hash piece, which for files of up to
 * HASHES_PER_PIECE chunks is the whole hash list.
 *
 *   file-offer = u8 scope (0 direct, 1 group) [‖ 32-byte group id if group]
 *              ‖ 32-byte file id ‖ header (manifest-header.ts)
 *              ‖ min(chunk count, HASHES_PER_PIECE) × 32-byte chunk hash
 *
 * The number of hashes follows from the header, so no length field can disagree with it.
 * Nothing here is verified: the receiver holds an *unverified* manifest until the whole hash
 * list is in and the root hash recomputes (src/files/manifest.ts).
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { readFileId, readHashes, writeFileId, writeHashes } from './file-fields.js';
import { GROUP_ID_BYTES, HASHES_PER_PIECE } from './file-wire-limits.js';
import { chunkCountOf, readManifestHeader, writeManifestHeader, type ManifestHeader } from './manifest-header.js';

/** Who a file was offered to: the friend the offer is sent to, or every member of a group. */
export type OfferScope = { readonly kind: 'direct' } | { readonly kind: 'group'; readonly groupId: Uint8Array };

/** A file offer's body. */
export interface FileOfferBody {
  readonly scope: OfferScope;
  /** The manifest's root hash. */
  readonly fileId: Uint8Array;
  readonly header: ManifestHeader;
  /** Hash piece 0: the first min(chunk count, HASHES_PER_PIECE) chunk hashes, concatenated. */
  readonly firstHashes: Uint8Array;
}

const SCOPE_DIRECT = 0;
const SCOPE_GROUP = 1;

/** The number of hashes in hash piece 0 of a file of `chunkCount` chunks. */
export function firstPieceHashCount(chunkCount: number): number {
  return Math.min(chunkCount, HASHES_PER_PIECE);
}

/** Reads an offer scope. */
export function readOfferScope(reader: ByteReader, field: string): OfferScope {
  const tag = reader.readU8(field);
  if (tag === SCOPE_DIRECT) return { kind: 'direct' };
  if (tag === SCOPE_GROUP) return { kind: 'group', groupId: reader.readBytes(GROUP_ID_BYTES, `${field} group id`) };
  throw malformedInput(field, `is ${tag}, not 0 (direct) or 1 (group)`);
}

/** Writes an offer scope. */
export function writeOfferScope(writer: ByteWriter, scope: OfferScope, field: string): void {
  if (scope?.kind === 'direct') {
    writer.writeU8(SCOPE_DIRECT);
    return;
  }
  if (scope?.kind === 'group' && scope.groupId instanceof Uint8Array && scope.groupId.length === GROUP_ID_BYTES) {
    writer.writeU8(SCOPE_GROUP).writeBytes(scope.groupId);
    return;
  }
  throw invalidArgument(field, `{ kind: 'direct' } or { kind: 'group', groupId: ${GROUP_ID_BYTES} bytes }`);
}

/** Reads a file offer's body. */
export function readFileOffer(reader: ByteReader): FileOfferBody {
  const scope = readOfferScope(reader, 'file-offer scope');
  const fileId = readFileId(reader, 'file-offer file id');
  const header = readManifestHeader(reader, 'file-offer');
  const count = firstPieceHashCount(chunkCountOf(header.size, header.chunkSize));
  const firstHashes = readHashes(reader, count, 'file-offer hashes');
  return { scope, fileId, header, firstHashes };
}

/** Writes a file offer's body. */
export function writeFileOffer(writer: ByteWriter, body: FileOfferBody): void {
  writeOfferScope(writer, body.scope, 'file-offer scope');
  writeFileId(writer, body.fileId, 'file-offer file id');
  writeManifestHeader(writer, body.header, 'file-offer header');
  const count = firstPieceHashCount(chunkCountOf(body.header.size, body.header.chunkSize));
  writeHashes(writer, body.firstHashes, count, 'file-offer hashes');
}
