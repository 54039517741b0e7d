/**
 * The on-disk side of one download: a `.part` file next to where the file will be, written
 * chunk by chunk at each chunk's offset, and published under its final name only after the
 * whole file re-hashes to its manifest.
 *
 * Resume state: which chunks are on disk is *returned* ({@link PartFileState}) for the node to
 * keep in the encrypted store, not written in a sidecar next to the file: what someone
 * downloaded is metadata that belongs encrypted at rest. {@link PartFile.checkpoint} first
 * fdatasyncs the part file and then returns the state, so a stored bitmap never claims a chunk
 * that could be lost in a crash. Even so, the bitmap is not trusted at the end:
 * {@link PartFile.finish} re-reads and re-hashes every chunk, and a chunk that does not match is
 * dropped and must be fetched again (`DownloadIncompleteError`). A partial file never gets the
 * final name.
 *
 * Disk full: a write that fails with ENOSPC/EDQUOT throws `DiskFullError` and leaves the chunk
 * unmarked; the part file is still consistent (a half-written chunk is simply not in the
 * bitmap), so the download pauses and resumes later.
 *
 * @example
 * ```ts
 * const part = await PartFile.create({ folder, manifest });
 * await part.writeChunk(0, bytes);             // verified against the manifest first
 * store.saveTransfer(await part.checkpoint()); // durable resume state
 * const { name } = await part.finish();        // re-hash, fsync, link to the final name
 * ```
 */
import type { FileHandle } from 'node:fs/promises';
import { checkInteger, invalidArgument } from '../../lib/argument-checks.js';
import { logger, sensitive } from '../../log.js';
import { Bitfield } from '../../protocol/files/bitfield.js';
import { checkDiskSpace, defaultStatFs, type StatFs } from './disk-space.js';
import {
  childPath,
  createPartExclusive,
  publishNoClobber,
  removePart,
  reopenPart,
  resolveDownloadFolder,
  syncFolder,
} from './download-folder.js';
import { chunkHashMismatch, DiskFullError, DownloadIncompleteError, fileIo, fileClosed } from '../errors.js';
import { isDiskFull, readExactly, throwIfAborted } from './file-io.js';
import type { Manifest } from '../manifest.js';
import { safeFileName } from '../safe-file-name.js';

const log = logger('files');

/** What the node stores to resume a download after a restart. */
export interface PartFileState {
  /** Real path of the download folder. */
  readonly folder: string;
  /** Name of the part file in the folder. */
  readonly partName: string;
  /** The name the finished file will get if it is still free then. */
  readonly finalName: string;
  /** Bitfield bytes (bitfield.ts form) of the chunks on disk. */
  readonly have: Uint8Array;
}

/** Writes `bytes` at `position`; returns how many bytes were written (may be fewer). */
export type PositionalWrite = (handle: FileHandle, bytes: Uint8Array, position: number) => Promise<number>;

/** I/O a test may replace (to simulate a full disk). */
export interface PartFileIo {
  readonly write: PositionalWrite;
  readonly statfs: StatFs;
}

const DEFAULT_IO: PartFileIo = {
  write: async (handle, bytes, position) => (await handle.write(bytes, 0, bytes.length, position)).bytesWritten,
  statfs: defaultStatFs,
};

/** Options of {@link PartFile.create}. */
export interface CreatePartFileOptions {
  /** The folder to save in (the user's choice, default the XDG download dir: the node resolves it). */
  readonly folder: string;
  readonly manifest: Manifest;
  readonly signal?: AbortSignal;
  readonly io?: Partial<PartFileIo>;
}

/** Options of {@link PartFile.resume}. */
export interface ResumePartFileOptions {
  readonly manifest: Manifest;
  /** What {@link PartFile.checkpoint} returned last time. */
  readonly state: PartFileState;
  readonly signal?: AbortSignal;
  readonly io?: Partial<PartFileIo>;
}

/** Where a finished download ended up. */
export interface FinishedFile {
  /** Absolute path. */
  readonly path: string;
  /** Its name in the folder (the preferred one, or with a conflict number). */
  readonly name: string;
}

/** One download's `.part` file (see the module comment). Make one with {@link PartFile.create} or {@link PartFile.resume}. */
export class PartFile {
  readonly #manifest: Manifest;
  readonly #folder: string;
  readonly #partName: string;
  readonly #finalName: string;
  readonly #have: Bitfield;
  readonly #io: PartFileIo;
  #handle: FileHandle | undefined;
  // Operations run one at a time: a finish or checkpoint never overlaps a write.
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(
    manifest: Manifest,
    folder: string,
    names: { partName: string; finalName: string },
    have: Bitfield,
    handle: FileHandle,
    io: PartFileIo,
  ) {
    this.#manifest = manifest;
    this.#folder = folder;
    this.#partName = names.partName;
    this.#finalName = names.finalName;
    this.#have = have;
    this.#handle = handle;
    this.#io = io;
  }

  /**
   * Starts a download: checks the free space, then creates `<name>.part` (name = the offered
   * name made safe, with ` (n)` if taken) in `folder`. Throws `UnsafeDownloadTargetError`,
   * `InsufficientDiskSpaceError`, `FileIoError`, `AbortedError`.
   */
  static async create(options: CreatePartFileOptions): Promise<PartFile> {
    const io = { ...DEFAULT_IO, ...options.io };
    throwIfAborted(options.signal, 'starting the download');
    const folder = await resolveDownloadFolder(options.folder);
    await checkDiskSpace(folder, options.manifest.header.size, io.statfs);
    throwIfAborted(options.signal, 'starting the download');
    const created = await createPartExclusive(folder, safeFileName(options.manifest.header.name));
    log.debug('created part file', { name: sensitive(created.partName) });
    return new PartFile(
      options.manifest,
      folder,
      created,
      new Bitfield(options.manifest.chunkCount),
      created.handle,
      io,
    );
  }

  /**
   * Resumes a download from its stored state: reopens the part file (refusing a symlink or a
   * foreign file put in its place), and checks the free space for what is left. If the part
   * file is gone, starts over with a new one. Throws like {@link create}, and
   * `MalformedInputError` for a damaged stored bitmap.
   */
  static async resume(options: ResumePartFileOptions): Promise<PartFile> {
    const { manifest, state } = options;
    const io = { ...DEFAULT_IO, ...options.io };
    throwIfAborted(options.signal, 'resuming the download');
    const have = Bitfield.fromBytes(state.have, manifest.chunkCount, 'stored download bitmap');
    const folder = await resolveDownloadFolder(state.folder);
    childPath(folder, state.finalName);
    const handle = await reopenPart(folder, state.partName);
    if (handle === undefined) {
      log.info('part file is gone; starting the download over');
      return PartFile.create({
        folder,
        manifest,
        io,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    }
    try {
      const stats = await handle.stat();
      // Longer than the file can only be damage: cut it back (it is our own part file).
      if (stats.size > manifest.header.size) await handle.truncate(manifest.header.size);
      let onDisk = 0;
      for (const index of have.indices()) onDisk += manifest.chunkLength(index);
      await checkDiskSpace(folder, manifest.header.size - onDisk, io.statfs);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new PartFile(manifest, folder, { partName: state.partName, finalName: state.finalName }, have, handle, io);
  }

  /** The chunks written so far (a copy). */
  get have(): Bitfield {
    return this.#have.clone();
  }

  /** Whether every chunk has been written (the file may still fail {@link finish}'s check). */
  get isComplete(): boolean {
    return this.#have.isFull;
  }

  /** The current state, including writes not yet synced: store {@link checkpoint}'s result instead. */
  get state(): PartFileState {
    return { folder: this.#folder, partName: this.#partName, finalName: this.#finalName, have: this.#have.toBytes() };
  }

  /**
   * Writes chunk `index`, after checking `bytes` against the manifest (`ChunkHashMismatchError`
   * if they do not match: nothing is written). A full disk throws `DiskFullError` and leaves the
   * chunk missing. Writing a chunk already written is a no-op.
   */
  async writeChunk(index: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    checkInteger(index, 'index', 0, this.#manifest.chunkCount - 1);
    if (!(bytes instanceof Uint8Array)) throw invalidArgument('bytes', 'a Uint8Array');
    return this.#serial(async (handle) => {
      if (this.#have.has(index)) return;
      if (!this.#manifest.verifyChunk(index, bytes)) throw chunkHashMismatch(index);
      throwIfAborted(signal, 'writing a chunk');
      const offset = this.#manifest.chunkOffset(index);
      let written = 0;
      while (written < bytes.length) {
        let count: number;
        try {
          count = await this.#io.write(handle, bytes.subarray(written), offset + written);
        } catch (error) {
          if (isDiskFull(error)) throw new DiskFullError(error);
          throw fileIo('write to the download file', error);
        }
        if (count <= 0) throw fileIo('write to the download file', undefined);
        written += count;
      }
      this.#have.set(index);
    });
  }

  /**
   * Flushes written chunks to disk (fdatasync) and returns the state to store: every chunk its
   * bitmap names is durable.
   */
  checkpoint(): Promise<PartFileState> {
    return this.#serial(async (handle) => {
      const state = this.state;
      try {
        await handle.datasync();
      } catch (error) {
        if (isDiskFull(error)) throw new DiskFullError(error);
        throw fileIo('save the download file to disk', error);
      }
      return state;
    });
  }

  /**
   * Finishes the download: re-reads every chunk and checks it against the manifest, fsyncs, and
   * gives the file its final name without replacing any existing file. If a chunk is missing or
   * does not match, it is dropped from the bitmap and `DownloadIncompleteError` lists what to
   * fetch again (the part file stays open and usable). Closes the part file on success.
   */
  finish(signal?: AbortSignal): Promise<FinishedFile> {
    return this.#serial(async (handle) => {
      const bad = await this.#verifyAll(handle, signal);
      if (bad.length > 0) {
        for (const index of bad) this.#have.clear(index);
        throw new DownloadIncompleteError(bad);
      }
      try {
        await handle.sync();
      } catch (error) {
        if (isDiskFull(error)) throw new DiskFullError(error);
        throw fileIo('save the download file to disk', error);
      }
      this.#handle = undefined;
      await handle.close();
      const name = await publishNoClobber(
        this.#folder,
        this.#partName,
        this.#finalName,
        safeFileName(this.#manifest.header.name),
      );
      await syncFolder(this.#folder);
      log.info('download complete', { name: sensitive(name) });
      return { path: childPath(this.#folder, name), name };
    });
  }

  /** Closes the part file, keeping it for a later resume. */
  close(): Promise<void> {
    return this.#serialClose(false);
  }

  /** Closes and deletes the part file (the download was cancelled). */
  discard(): Promise<void> {
    return this.#serialClose(true);
  }

  async #verifyAll(handle: FileHandle, signal: AbortSignal | undefined): Promise<number[]> {
    const { size, chunkSize } = this.#manifest.header;
    const fileSize = (await handle.stat()).size;
    const buffer = new Uint8Array(Math.min(chunkSize, Math.max(size, 1)));
    const bad: number[] = [];
    for (let index = 0; index < this.#manifest.chunkCount; index++) {
      throwIfAborted(signal, 'checking the download');
      const offset = this.#manifest.chunkOffset(index);
      const length = this.#manifest.chunkLength(index);
      if (!this.#have.has(index) || offset + length > fileSize) {
        bad.push(index);
        continue;
      }
      await readExactly(handle, buffer, length, offset);
      if (!this.#manifest.verifyChunk(index, buffer.subarray(0, length))) bad.push(index);
    }
    if (bad.length === 0 && fileSize !== size) await handle.truncate(size);
    return bad;
  }

  #serial<T>(operation: (handle: FileHandle) => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => {
      const handle = this.#handle;
      if (handle === undefined) throw fileClosed();
      return operation(handle);
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  #serialClose(remove: boolean): Promise<void> {
    const run = this.#tail.then(async () => {
      const handle = this.#handle;
      this.#handle = undefined;
      await handle?.close();
      if (remove && handle !== undefined) await removePart(this.#folder, this.#partName);
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
