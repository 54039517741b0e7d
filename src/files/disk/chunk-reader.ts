/**
 * Reads chunks of a file we serve (the original we offered, or a download in progress or
 * finished) and checks each against the manifest before it leaves: if the file was edited,
 * truncated or damaged after it was offered, the node stops serving it instead of sending bytes
 * the downloader would only throw away (and blame us for).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { FileChangedError, fileIo, fileClosed } from '../errors.js';
import { readExactly, throwIfAborted } from './file-io.js';
import type { Manifest } from '../manifest.js';

/** Serves checked chunks of one file (see the module comment). */
export class ChunkReader {
  readonly #manifest: Manifest;
  #handle: FileHandle | undefined;

  private constructor(manifest: Manifest, handle: FileHandle) {
    this.#manifest = manifest;
    this.#handle = handle;
  }

  /**
   * Opens `path` (read-only) to serve `manifest`'s chunks from it. Throws `FileIoError`.
   * @example const reader = await ChunkReader.open(offeredPath, manifest)
   */
  static async open(path: string, manifest: Manifest): Promise<ChunkReader> {
    try {
      return new ChunkReader(manifest, await open(path, 'r'));
    } catch (error) {
      throw fileIo('open the shared file', error);
    }
  }

  /**
   * Chunk `index`, checked against the manifest. Throws `FileChangedError` if the file no
   * longer holds that chunk, `FileIoError` on a read error.
   */
  async read(index: number, signal?: AbortSignal): Promise<Uint8Array> {
    const handle = this.#handle;
    if (handle === undefined) throw fileClosed();
    throwIfAborted(signal, 'reading a chunk');
    const length = this.#manifest.chunkLength(index);
    const bytes = new Uint8Array(length);
    try {
      await readExactly(handle, bytes, length, this.#manifest.chunkOffset(index));
    } catch (error) {
      if (error instanceof FileChangedError) throw error;
      throw fileIo('read the shared file', error);
    }
    if (!this.#manifest.verifyChunk(index, bytes)) throw new FileChangedError();
    return bytes;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
