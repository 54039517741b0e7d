/**
 * One running download: its {@link DownloadEngine} (which chunk from whom, verification) joined
 * to its {@link PartFile} (the bytes on disk), with the bookkeeping the node needs around them:
 *
 * - every verified chunk is written at once (the part file runs writes one at a time), and
 *   counts towards progress and the rate only once it is on disk;
 * - every CHECKPOINT_BYTES written, or CHECKPOINT_INTERVAL_MS after the last write, the part
 *   file is synced and its state handed to `checkpoint` for the encrypted store, so a crash or
 *   restart resumes from there;
 * - when every chunk is written, the part file re-hashes the whole file and only then gives it
 *   its final name (a chunk found bad on disk is fetched again);
 * - a full disk or a failing write pauses the download (every request cancelled) until
 *   {@link ActiveDownload.resume}.
 *
 * No timers and no sessions here: the node routes this file's messages in, sends what
 * `send` is given, and calls {@link ActiveDownload.tick} about once a second.
 */
import type { DownloadWindowShare } from './window-share.js';
import { BurrowError } from '../errors.js';
import { logger } from '../log.js';
import { Bitfield } from '../protocol/files/bitfield.js';
import type { ChunkDataBody } from '../protocol/files/chunk-messages.js';
import type { FileMessage } from '../protocol/files/file-message-codec.js';
import type { HaveSet } from '../protocol/files/have-message.js';
import { DownloadEngine, type BlockOutcome } from './download-engine.js';
import type { SourceId } from './download-scheduler.js';
import { DownloadIncompleteError, fileIo } from './errors.js';
import type { Manifest } from './manifest.js';
import type { FinishedFile, PartFile, PartFileState } from './disk/part-file.js';
import { RateMeter } from './rate-meter.js';
import type { SourceStats } from './source-state.js';

const log = logger('files');

/** Bytes written between two checkpoints of the resume state ("every few MiB"). */
export const CHECKPOINT_BYTES = 4 * 1024 * 1024;

/** A slow download is checkpointed at least this often while it makes progress. */
export const CHECKPOINT_INTERVAL_MS = 10_000;

/** Where a running download stands. */
export type ActiveDownloadState = 'active' | 'paused' | 'finishing' | 'complete' | 'closed';

/** What a download tells its owner. */
export interface ActiveDownloadHooks {
  /** Sends a file message to a source (chunk requests, cancels). */
  send(to: SourceId, message: FileMessage): void;
  /** The part file is synced: store `state` (and the `bytesDone` it holds) to resume from. */
  checkpoint(state: PartFileState, bytesDone: number): void;
  /** The whole file checked out and has its final name. */
  finished(file: FinishedFile): void;
  /** The download stopped on an error the user must see (a full disk, a failing disk). */
  paused(error: BurrowError): void;
}

/** A source as the UI shows it. */
export interface DownloadSource extends SourceStats {
  readonly id: SourceId;
  /** Bytes of verified chunks it delivered. */
  readonly bytes: number;
}

/** One running download (see the module comment). */
export class ActiveDownload {
  readonly manifest: Manifest;
  readonly #part: PartFile;
  readonly #engine: DownloadEngine;
  readonly #hooks: ActiveDownloadHooks;
  readonly #now: () => number;
  readonly #rate = new RateMeter();
  readonly #sources = new Map<SourceId, number>();
  #state: ActiveDownloadState = 'active';
  #bytesDone: number;
  #pendingWrites = 0;
  #unsaved = 0;
  #lastCheckpointAt: number;
  #checkpointing = false;
  #newChunks: number[] = [];
  #finishing: Promise<void> | undefined;

  /**
   * Runs a download into `part`, which already holds the chunks in its `have` (a resumed
   * download). `startIndex` spreads downloaders over the file (pick it at random).
   */
  constructor(options: {
    manifest: Manifest;
    part: PartFile;
    hooks: ActiveDownloadHooks;
    clock: () => number;
    startIndex?: number;
    windowShare?: DownloadWindowShare;
  }) {
    this.manifest = options.manifest;
    this.#part = options.part;
    this.#hooks = options.hooks;
    this.#now = options.clock;
    const done = options.part.have;
    this.#engine = new DownloadEngine({
      manifest: options.manifest,
      done,
      ...(options.startIndex === undefined ? {} : { startIndex: options.startIndex }),
      ...(options.windowShare === undefined ? {} : { windowShare: options.windowShare }),
    });
    this.#bytesDone = bytesOf(options.manifest, done);
    this.#lastCheckpointAt = this.#now();
  }

  /** Where it stands. */
  get state(): ActiveDownloadState {
    return this.#state;
  }

  /** Bytes of verified chunks on disk. */
  get bytesDone(): number {
    return this.#bytesDone;
  }

  /** The chunks on disk, verified (what we may serve to others). */
  get have(): Bitfield {
    return this.#part.have;
  }

  /** The part file's state (for a checkpoint that does not need a sync, e.g. its location). */
  get partState(): PartFileState {
    return this.#part.state;
  }

  /** Bytes per second over the last few seconds. */
  get rate(): number {
    return this.#rate.rate(this.#now());
  }

  /** The sources in use, fastest first. */
  sources(): DownloadSource[] {
    const list: DownloadSource[] = [];
    const now = this.#now();
    for (const [id, bytes] of this.#sources) {
      const stats = this.#engine.sourceStats(id, now);
      if (stats !== undefined) list.push({ id, bytes, ...stats });
    }
    return list.sort((a, b) => (b.throughput ?? -1) - (a.throughput ?? -1));
  }

  /** Whether `source` is one of the download's sources. */
  hasSource(source: SourceId): boolean {
    return this.#sources.has(source);
  }

  /**
   * What a source has (its `have`). Returns false for a `have` that does not fit the file
   * (a broken peer: the caller ignores it).
   */
  sourceHave(source: SourceId, have: HaveSet): boolean {
    if (this.#state === 'complete' || this.#state === 'closed') return true;
    if (!this.#engine.sourceHave(source, have, this.#now())) return false;
    if (!this.#sources.has(source)) this.#sources.set(source, 0);
    this.#pump();
    return true;
  }

  /** A source left (offline, or it withdrew its offer): its requests go elsewhere. */
  removeSource(source: SourceId): void {
    if (!this.#sources.delete(source)) return;
    this.#engine.removeSource(source);
    this.#pump();
  }

  /** One block of chunk data from `source`. */
  receiveBlock(source: SourceId, body: ChunkDataBody): BlockOutcome {
    if (this.#state !== 'active') return { kind: 'ignored' };
    const now = this.#now();
    const outcome = this.#engine.receiveBlock(source, body, now);
    if (outcome.kind === 'chunk') {
      this.#sources.set(source, (this.#sources.get(source) ?? 0) + outcome.bytes.length);
      this.#write(outcome.index, outcome.bytes);
    }
    if (outcome.kind === 'chunk' || outcome.kind === 'rejected') this.#pump(now);
    return outcome;
  }

  /** Stall detection, planning and the timed checkpoint; call about once a second. */
  tick(): void {
    if (this.#state !== 'active') return;
    const now = this.#now();
    this.#engine.tick(now);
    this.#pump(now);
    if (this.#unsaved > 0 && now - this.#lastCheckpointAt >= CHECKPOINT_INTERVAL_MS) void this.#checkpoint();
  }

  /** Finishes at once if nothing is missing (an empty file, or a restart after the last write). */
  finishIfComplete(): void {
    this.#maybeFinish();
  }

  /** Chunks written since the last call (to announce to other downloaders). */
  takeNewChunks(): number[] {
    const chunks = this.#newChunks;
    this.#newChunks = [];
    return chunks;
  }

  /** Resumes after a pause (the user freed some space). */
  resume(): void {
    if (this.#state !== 'paused') return;
    this.#state = 'active';
    this.#engine.resume();
    this.#pump();
    this.#maybeFinish();
  }

  /** Syncs what was written and closes the part file, keeping it to resume later. */
  async close(): Promise<void> {
    await this.#finishing;
    if (this.#state === 'complete' || this.#state === 'closed') return;
    this.#state = 'closed';
    this.#engine.pause();
    await this.#checkpoint(true);
    await this.#part.close();
  }

  /** Stops and deletes the part file (cancelled). */
  async discard(): Promise<void> {
    await this.#finishing;
    if (this.#state === 'complete') return;
    this.#state = 'closed';
    this.#engine.pause();
    await this.#part.discard();
  }

  #pump(now = this.#now()): void {
    if (this.#state !== 'active') return;
    for (const out of this.#engine.plan(now)) this.#hooks.send(out.to, out.message);
  }

  #write(index: number, bytes: Uint8Array): void {
    this.#pendingWrites += 1;
    this.#part.writeChunk(index, bytes).then(
      () => {
        this.#pendingWrites -= 1;
        this.#bytesDone += bytes.length;
        this.#unsaved += bytes.length;
        this.#rate.add(bytes.length, this.#now());
        this.#newChunks.push(index);
        if (this.#unsaved >= CHECKPOINT_BYTES) void this.#checkpoint();
        this.#maybeFinish();
      },
      (error: unknown) => {
        this.#pendingWrites -= 1;
        this.#engine.chunkWriteFailed(index, error);
        if (this.#state === 'closed') return;
        this.#pause(error instanceof BurrowError ? error : fileIo('write to the download file', error));
      },
    );
  }

  #maybeFinish(): void {
    if (this.#state === 'active' && this.#pendingWrites === 0 && this.#engine.isComplete)
      this.#finishing = this.#finish();
  }

  async #finish(): Promise<void> {
    this.#state = 'finishing';
    try {
      const file = await this.#part.finish();
      this.#state = 'complete';
      this.#hooks.finished(file);
    } catch (error) {
      if (error instanceof DownloadIncompleteError) {
        log.warn('chunks of a finished download did not check out on disk; fetching them again', {
          chunks: error.chunks.length,
        });
        this.#engine.chunksLost(error.chunks);
        this.#bytesDone = bytesOf(this.manifest, this.#part.have);
        this.#state = 'active';
        this.#pump();
        return;
      }
      this.#state = 'active';
      this.#pause(error instanceof BurrowError ? error : fileIo('finish the download', error));
    }
  }

  #pause(error: BurrowError): void {
    if (this.#state !== 'active') return;
    this.#state = 'paused';
    this.#engine.pause();
    // Sends the cancels pause() queued (the plan is empty while paused).
    for (const out of this.#engine.plan(this.#now())) this.#hooks.send(out.to, out.message);
    log.warn('download paused', { error });
    this.#hooks.paused(error);
  }

  async #checkpoint(final = false): Promise<void> {
    if (this.#checkpointing && !final) return;
    this.#checkpointing = true;
    const unsaved = this.#unsaved;
    try {
      const state = await this.#part.checkpoint();
      this.#unsaved -= unsaved;
      this.#lastCheckpointAt = this.#now();
      this.#hooks.checkpoint(state, bytesOf(this.manifest, Bitfield.fromBytes(state.have, this.manifest.chunkCount)));
    } catch (error) {
      if (!final) this.#pause(error instanceof BurrowError ? error : fileIo('save the download file to disk', error));
    } finally {
      this.#checkpointing = false;
    }
  }
}

/** The bytes of the chunks in `have`. */
export function bytesOf(manifest: Manifest, have: Bitfield): number {
  if (have.count === 0) return 0;
  const last = manifest.chunkCount - 1;
  return (
    have.count * manifest.header.chunkSize -
    (have.has(last) ? manifest.header.chunkSize - manifest.chunkLength(last) : 0)
  );
}
