/**
 * A whole manifest as one byte string, for keeping it (the node stores the manifests of files
 * it offers or downloads in the encrypted store) and for computing its root hash:
 *
 *   manifest record = u8 version (1) ‖ 32-byte root hash ‖ header ‖ chunk count × 32-byte hash
 *
 * Decoding gives an {@link UnverifiedManifest}: the root hash is only a claim until
 * src/files/manifest.ts recomputes it.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import { readFileId, readHashes, writeFileId, writeHashes } from './file-fields.js';
import { chunkCountOf, readManifestHeader, writeManifestHeader, type ManifestHeader } from './manifest-header.js';

/** The record format this Burrow writes and reads. */
export const MANIFEST_RECORD_VERSION = 1;

/** A manifest whose root hash has not been checked against its contents. */
export interface UnverifiedManifest {
  readonly header: ManifestHeader;
  /** The claimed root hash (file id). */
  readonly rootHash: Uint8Array;
  /** chunk count × 32 bytes: the hash of each chunk, in order. */
  readonly chunkHashes: Uint8Array;
}

/** The record bytes of `manifest`. */
export function encodeManifestRecord(manifest: UnverifiedManifest): Uint8Array {
  if (typeof manifest !== 'object' || manifest === null) throw invalidArgument('manifest', 'a manifest object');
  const writer = new ByteWriter().writeU8(MANIFEST_RECORD_VERSION);
  writeFileId(writer, manifest.rootHash, 'manifest root hash');
  writeManifestHeader(writer, manifest.header, 'manifest header');
  writeHashes(
    writer,
    manifest.chunkHashes,
    chunkCountOf(manifest.header.size, manifest.header.chunkSize),
    'manifest chunk hashes',
  );
  return writer.finish();
}

/** Decodes a manifest record; throws only `DecodeError`s. */
export function decodeManifestRecord(bytes: Uint8Array): UnverifiedManifest {
  return ByteReader.decode(
    bytes,
    (reader) => {
      const version = reader.readU8('manifest version');
      if (version !== MANIFEST_RECORD_VERSION)
        throw malformedInput('manifest version', `is ${version}, not ${MANIFEST_RECORD_VERSION}`);
      const rootHash = readFileId(reader, 'manifest root hash');
      const header = readManifestHeader(reader, 'manifest');
      const chunkHashes = readHashes(reader, chunkCountOf(header.size, header.chunkSize), 'manifest chunk hashes');
      return { header, rootHash, chunkHashes };
    },
    'manifest',
  );
}
