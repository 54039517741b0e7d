/**
 * The manifest as offers carry it (src/protocol/files/file-offer.ts): the offer message of a
 * stored manifest (its first hash piece), the manifest an offer carries checked against the
 * file id, and the stored form of a checked manifest.
 */
import { ManifestMismatchError } from '../errors.js';
import { Manifest } from '../manifest.js';
import type { FileMessage } from '../../protocol/files/file-message-codec.js';
import { firstPieceHashCount, type FileOfferBody } from '../../protocol/files/file-offer.js';
import { CHUNK_HASH_BYTES, HASHES_PER_PIECE } from '../../protocol/files/file-wire-limits.js';
import { chunkCountOf } from '../../protocol/files/manifest-header.js';
import type { StoredManifest } from '../store/files-repository.js';

/** The stored form of a checked manifest (its whole hash list). */
export function storedManifest(manifest: Manifest, now: number): StoredManifest {
  return {
    fileId: manifest.fileId,
    ...manifest.header,
    chunkHashes: manifest.chunkHashes,
    complete: true,
    createdAt: now,
  };
}

/** The offer of a stored manifest (its first hash piece), direct or in a group. */
export function offerMessage(stored: StoredManifest, groupId: Uint8Array | undefined): FileMessage {
  const header = { name: stored.name, size: stored.size, chunkSize: stored.chunkSize };
  const firstHashes = stored.chunkHashes.subarray(
    0,
    firstPieceHashCount(chunkCountOf(stored.size, stored.chunkSize)) * CHUNK_HASH_BYTES,
  );
  return {
    kind: 'file-offer',
    scope: groupId === undefined ? { kind: 'direct' } : { kind: 'group', groupId },
    fileId: stored.fileId,
    header,
    firstHashes,
  };
}

/** The offer's manifest checked; undefined when its hash list needs more pieces; or the mismatch. */
export function manifestFromOffer(offer: FileOfferBody): Manifest | ManifestMismatchError | undefined {
  if (chunkCountOf(offer.header.size, offer.header.chunkSize) > HASHES_PER_PIECE) return undefined;
  try {
    return Manifest.check({ header: offer.header, rootHash: offer.fileId, chunkHashes: offer.firstHashes });
  } catch (error) {
    if (error instanceof ManifestMismatchError) return error;
    throw error;
  }
}

/** Whether two offers are in the same group (or both direct). */
export function sameGroup(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : Buffer.from(a).equals(Buffer.from(b));
}
