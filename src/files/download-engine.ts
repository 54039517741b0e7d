/**
 * The pure core of one download, between the wire and the disk: it turns the sources' file
 * messages into verified chunks to write, and its scheduler's plan into messages to send. The
 * node's part: route this file's incoming messages here, send what {@link DownloadEngine.plan}
 * returns, write each verified chunk with `PartFile.writeChunk`, call `tick` and `plan` on a
 * timer (every second or so), and persist `PartFile.checkpoint()` now and then.
 *
 * @example
 * ```ts
 * const engine = new DownloadEngine({ manifest, done: part.have, startIndex: randomInt(manifest.chunkCount) });
 * engine.sourceHave(offerer, { form: 'all' }, now);
 * for (const out of engine.plan(now)) send(out.to, out.message);
 * const outcome = engine.receiveBlock(peer, chunkData, now);
 * if (outcome.kind === 'chunk') await part.writeChunk(outcome.index, outcome.bytes).catch((error) => engine.chunkWriteFailed(outcome.index, error));
 * ```
 */
import type { DownloadWindowShare } from './window-share.js';
import type { BurrowError } from '../errors.js';
import type { ChunkDataBody } from '../protocol/files/chunk-messages.js';
import type { FileMessage } from '../protocol/files/file-message-codec.js';
import type { HaveSet } from '../protocol/files/have-message.js';
import type { Bitfield } from '../protocol/files/bitfield.js';
import { ChunkAssembler } from './chunk-blocks.js';
import { DownloadScheduler, type SourceId } from './download-scheduler.js';
import { ChunkDataInvalidError, chunkHashMismatch, DiskFullError } from './errors.js';
import type { Manifest } from './manifest.js';
import type { SourceStats } from './source-state.js';

/** A file message to send to one source. */
export interface OutgoingFileMessage {
  readonly to: SourceId;
  readonly message: FileMessage;
}

/** What one chunk-data block did. */
export type BlockOutcome =
  /** Not wanted (a late answer to a cancelled, timed-out or duplicated request): drop it. */
  | { readonly kind: 'ignored' }
  /** Kept; the chunk is not complete yet. */
  | { readonly kind: 'partial' }
  /** The chunk is complete and matches its hash: write it. */
  | { readonly kind: 'chunk'; readonly index: number; readonly bytes: Uint8Array }
  /**
   * The source sent a chunk that fails its hash ('ChunkHashMismatchError'), or data that does
   * not fit its request (`ChunkDataInvalidError`); the chunk will be fetched again, elsewhere if
   * possible. `banned`: this source is out of the download for good.
   */
  | { readonly kind: 'rejected'; readonly error: BurrowError; readonly banned: boolean };

/** Construction options of {@link DownloadEngine}. */
export interface DownloadEngineOptions {
  readonly manifest: Manifest;
  /** Chunks already on disk (from `PartFile.have` when resuming). */
  readonly done?: Bitfield;
  /** Where the in-order tie-break of chunk selection starts (random per download). */
  readonly startIndex?: number;
  /** Fair shares with the other downloads from the same friends (window-share.ts). */
  readonly windowShare?: DownloadWindowShare;
}

/** One download's pure core: wire messages in, verified chunks and messages to send out (see the module comment). */
export class DownloadEngine {
  readonly #manifest: Manifest;
  readonly #scheduler: DownloadScheduler;
  readonly #assembler: ChunkAssembler;

  constructor(options: DownloadEngineOptions) {
    this.#manifest = options.manifest;
    const { size, chunkSize } = options.manifest.header;
    this.#scheduler = new DownloadScheduler({
      fileSize: size,
      chunkSize,
      ...(options.done === undefined ? {} : { done: options.done }),
      ...(options.startIndex === undefined ? {} : { startIndex: options.startIndex }),
      ...(options.windowShare === undefined ? {} : { windowShare: options.windowShare }),
    });
    this.#assembler = new ChunkAssembler(options.manifest);
  }

  /** Whether every chunk was verified (written or being written). */
  get isComplete(): boolean {
    return this.#scheduler.isComplete;
  }

  /** Chunks verified so far. */
  get done(): Bitfield {
    return this.#scheduler.done;
  }

  /** Whether the download is paused. */
  get paused(): boolean {
    return this.#scheduler.paused;
  }

  /** Bytes held in partly received chunks. */
  get bufferedBytes(): number {
    return this.#assembler.bufferedBytes;
  }

  /** A source's figures (throughput, window, …) for the UI. */
  sourceStats(source: SourceId, now: number): SourceStats | undefined {
    return this.#scheduler.sourceStats(source, now);
  }

  /**
   * A source's `have` arrived (or the offerer's implicit one). Returns false, changing nothing,
   * for a bitfield of the wrong length or an index past the end: the caller treats the peer
   * as broken.
   */
  sourceHave(source: SourceId, have: HaveSet, now: number): boolean {
    const count = this.#manifest.chunkCount;
    switch (have.form) {
      case 'none':
      case 'all':
        this.#scheduler.setSource(source, have.form, now);
        return true;
      case 'bitfield':
        if (have.bitfield.length !== count) return false;
        this.#scheduler.setSource(source, have.bitfield, now);
        return true;
      case 'indices':
        if (have.indices.some((index) => index >= count)) return false;
        if (this.#scheduler.sourceStats(source, now) === undefined) this.#scheduler.setSource(source, 'none', now);
        this.#scheduler.addHave(source, have.indices);
        return true;
    }
  }

  /** A source left (its session closed). */
  removeSource(source: SourceId): void {
    this.#scheduler.removeSource(source);
  }

  /** One block of chunk data arrived from `source`. */
  receiveBlock(source: SourceId, body: ChunkDataBody, now: number): BlockOutcome {
    if (!this.#scheduler.isLive(source, body.requestId)) return { kind: 'ignored' };
    this.#scheduler.blockReceived(source, body.requestId, now, body.data.length);
    let bytes: Uint8Array | undefined;
    try {
      bytes = this.#assembler.add(body);
    } catch (error) {
      if (!(error instanceof ChunkDataInvalidError)) throw error;
      return { kind: 'rejected', error, banned: this.#scheduler.chunkMismatch(source, body.requestId) };
    }
    if (bytes === undefined) return { kind: 'partial' };
    if (!this.#manifest.verifyChunk(body.index, bytes)) {
      return {
        kind: 'rejected',
        error: chunkHashMismatch(body.index),
        banned: this.#scheduler.chunkMismatch(source, body.requestId),
      };
    }
    this.#scheduler.chunkVerified(source, body.requestId, now);
    return { kind: 'chunk', index: body.index, bytes };
  }

  /**
   * Writing a verified chunk failed: it is needed again. A full disk also pauses the download
   * (every request is cancelled) until {@link resume}.
   */
  chunkWriteFailed(index: number, error: unknown): void {
    this.#scheduler.chunkLost(index);
    if (error instanceof DiskFullError) this.pause();
  }

  /** The final check found these chunks bad on disk: fetch them again. */
  chunksLost(indices: Iterable<number>): void {
    for (const index of indices) this.#scheduler.chunkLost(index);
  }

  /** Cancels every request and sends no more until {@link resume}. */
  pause(): void {
    this.#scheduler.pause();
  }

  /** Resumes after {@link pause}. */
  resume(): void {
    this.#scheduler.resume();
  }

  /** Stall detection; call on a timer. */
  tick(now: number): void {
    this.#scheduler.tick(now);
  }

  /** The chunk-requests and cancels to send now. */
  plan(now: number): OutgoingFileMessage[] {
    const fileId = this.#manifest.fileId;
    const plan = this.#scheduler.plan(now);
    const out: OutgoingFileMessage[] = [];
    // Frees the buffers of every request that is no longer live, cancelled or not.
    this.#assembler.retain((requestId) => this.#scheduler.request(requestId) !== undefined);
    for (const cancel of plan.cancels) {
      out.push({
        to: cancel.source,
        message: { kind: 'file-cancel', fileId, scope: { kind: 'requests', requestIds: cancel.requestIds } },
      });
    }
    for (const request of plan.requests) {
      for (const entry of request.entries) this.#assembler.expect(entry.requestId, entry.index);
      out.push({ to: request.source, message: { kind: 'chunk-request', fileId, entries: request.entries } });
    }
    return out;
  }
}
