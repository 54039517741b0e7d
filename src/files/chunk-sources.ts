/**
 * The files we serve chunks from, kept open while they are in use: the original of a file we
 * offered, a finished download, or the `.part` file of a download in progress (swarming: we
 * serve the chunks we already hold). One reader per file, opened on the first request, closed
 * after READER_IDLE_MS without one, or at once when the file moves (a download finished) or
 * stops being served.
 */
import { ChunkReader } from './disk/chunk-reader.js';
import type { Manifest } from './manifest.js';

/** How long a served file stays open without a request. */
export const READER_IDLE_MS = 60_000;

/** Reads checked chunks of one file ({@link ChunkReader} is the real one). */
export interface ChunkSource {
  read(index: number, signal?: AbortSignal): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Opens a {@link ChunkSource} (a test may wrap the real one, e.g. to play a lying peer). */
export type OpenChunkSource = (path: string, manifest: Manifest) => Promise<ChunkSource>;

/** Where a file's bytes are now. */
export interface ServedFile {
  readonly path: string;
  readonly manifest: Manifest;
}

interface Entry {
  readonly path: string;
  readonly source: Promise<ChunkSource>;
  lastUsed: number;
}

/** The open files we serve from, by hex file id (see the module comment). */
export class ChunkSources {
  readonly #open: OpenChunkSource;
  readonly #entries = new Map<string, Entry>();

  constructor(open: OpenChunkSource = (path, manifest) => ChunkReader.open(path, manifest)) {
    this.#open = open;
  }

  /** Reads chunk `index` of `file` (opening it, or reopening it if it moved). */
  async read(fileIdHex: string, file: ServedFile, index: number, now: number): Promise<Uint8Array> {
    let entry = this.#entries.get(fileIdHex);
    if (entry !== undefined && entry.path !== file.path) {
      this.close(fileIdHex);
      entry = undefined;
    }
    if (entry === undefined) {
      const source = this.#open(file.path, file.manifest);
      entry = { path: file.path, source, lastUsed: now };
      this.#entries.set(fileIdHex, entry);
      // A failed open is forgotten, so the next request tries again.
      source.catch(() => {
        if (this.#entries.get(fileIdHex) === entry) this.#entries.delete(fileIdHex);
      });
    }
    entry.lastUsed = now;
    return (await entry.source).read(index);
  }

  /** Closes the file of `fileIdHex` if open. */
  close(fileIdHex: string): void {
    const entry = this.#entries.get(fileIdHex);
    if (entry === undefined) return;
    this.#entries.delete(fileIdHex);
    void closeQuietly(entry.source);
  }

  /** Closes files not read for READER_IDLE_MS. */
  closeIdle(now: number): void {
    for (const [fileIdHex, entry] of [...this.#entries])
      if (now - entry.lastUsed >= READER_IDLE_MS) this.close(fileIdHex);
  }

  /** Closes every file. */
  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => closeQuietly(entry.source)));
  }
}

async function closeQuietly(source: Promise<ChunkSource>): Promise<void> {
  try {
    await (await source).close();
  } catch {
    // A file that failed to open has nothing to close; a failed close loses nothing we need.
  }
}
