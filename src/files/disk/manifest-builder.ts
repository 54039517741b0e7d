/**
 * Builds the manifest of a file on disk for offering it: reads it once, chunk by chunk (memory
 * stays at one chunk whatever the file size), hashing each chunk, and refuses a file that
 * changes while it is read.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkInteger } from '../../lib/argument-checks.js';
import {
  CHUNK_HASH_BYTES,
  DEFAULT_BLOCKS_PER_CHUNK,
  BLOCK_BYTES,
  MAX_BLOCKS_PER_CHUNK,
  MAX_CHUNK_COUNT,
  MAX_FILE_SIZE,
} from '../../protocol/files/file-wire-limits.js';
import { checkManifestHeader, chunkCountOf } from '../../protocol/files/manifest-header.js';
import { FileChangedError, fileIo, fileTooLarge } from '../errors.js';
import { readExactly, throwIfAborted } from './file-io.js';
import { chunkHash, manifestFromHashes, type Manifest } from '../manifest.js';
import { toWireFileName } from '../safe-file-name.js';

/** Options of {@link buildManifest}. */
export interface BuildManifestOptions {
  /** The name to offer (default: the file's own name, made fit for the wire). */
  readonly name?: string;
  /** Chunk size (default: {@link chooseChunkSize} of the file's size). */
  readonly chunkSize?: number;
  /** Refuse files larger than this (the user's limit; default MAX_FILE_SIZE). */
  readonly maxSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * The chunk size for a new manifest of a `size`-byte file: DEFAULT_CHUNK_SIZE (~255 KiB) while
 * the file fits MAX_CHUNK_COUNT chunks of it (~16 GiB), else the fewest whole blocks per chunk
 * that do. Throws `FileTooLargeError` above MAX_FILE_SIZE.
 * @example chooseChunkSize(1_000_000) // 261_120
 */
export function chooseChunkSize(size: number): number {
  checkInteger(size, 'size', 0, Number.MAX_SAFE_INTEGER);
  if (size > MAX_FILE_SIZE) throw fileTooLarge(size, MAX_FILE_SIZE);
  const blocks = Math.max(DEFAULT_BLOCKS_PER_CHUNK, Math.ceil(size / (MAX_CHUNK_COUNT * BLOCK_BYTES)));
  return Math.min(blocks, MAX_BLOCKS_PER_CHUNK) * BLOCK_BYTES;
}

/**
 * Hashes the file at `path` into a manifest. Throws `FileTooLargeError`, `FileChangedError`
 * (its size or modification time changed while it was read), `FileIoError`, `AbortedError`.
 *
 * @example const manifest = await buildManifest('/home/ada/photo.jpg', { signal });
 */
export async function buildManifest(path: string, options: BuildManifestOptions = {}): Promise<Manifest> {
  const { signal } = options;
  const maxSize = options.maxSize ?? MAX_FILE_SIZE;
  checkInteger(maxSize, 'maxSize', 0, MAX_FILE_SIZE);
  throwIfAborted(signal, 'hashing the file');
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw fileIo('open the file to share', error);
  });
  try {
    const before = await handle.stat();
    if (!before.isFile()) throw fileIo('share it: it is not a regular file', undefined);
    if (before.size > maxSize) throw fileTooLarge(before.size, maxSize);
    const chunkSize = options.chunkSize ?? chooseChunkSize(before.size);
    const header = { name: options.name ?? toWireFileName(basename(path)), size: before.size, chunkSize };
    checkManifestHeader(header, 'manifest header');
    const count = chunkCountOf(header.size, chunkSize);
    const hashes = new Uint8Array(count * CHUNK_HASH_BYTES);
    const buffer = new Uint8Array(chunkSize);
    for (let index = 0; index < count; index++) {
      throwIfAborted(signal, 'hashing the file');
      const length = Math.min(chunkSize, header.size - index * chunkSize);
      await readExactly(handle, buffer, length, index * chunkSize);
      hashes.set(chunkHash(buffer.subarray(0, length)), index * CHUNK_HASH_BYTES);
    }
    // One more byte past the end means the file grew while it was read.
    const extra = await handle.read(new Uint8Array(1), 0, 1, header.size);
    const after = await handle.stat();
    if (extra.bytesRead !== 0 || after.size !== before.size || after.mtimeMs !== before.mtimeMs)
      throw new FileChangedError();
    return manifestFromHashes(header, hashes);
  } finally {
    await handle.close();
  }
}
