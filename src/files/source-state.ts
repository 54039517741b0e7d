/**
 * What the download scheduler knows about one source (a friend serving the file): the chunks it
 * has, its requests in flight, and its measured speed, from which its request window follows.
 *
 * Window = clamp(ceil(BDP_GAIN × throughput × RTT / chunk size) + 1, MIN_WINDOW, MAX_WINDOW):
 * enough requests queued at the source that its stream never idles while the next request
 * travels (the bandwidth-delay product), with headroom to discover more bandwidth.
 * - Throughput: moving average of chunk size / service time, where a chunk's service time runs
 *   from when the source could start on it (its request arrived at an idle source, or the
 *   previous chunk finished) to its completion.
 * - RTT: minimum first-byte latency over recent requests sent to an idle source (a busy source's
 *   latency includes its queue, which is what the window controls, not the path).
 */
import type { Bitfield } from '../protocol/files/bitfield.js';
import { ChunkPools } from './chunk-pools.js';
import {
  BDP_GAIN,
  INITIAL_RTT_MS,
  INITIAL_WINDOW,
  MAX_STALL_BACKOFF_MS,
  MAX_WINDOW,
  MIN_WINDOW,
  RTT_SAMPLE_WINDOW,
  STALL_BACKOFF_MS,
  THROUGHPUT_EWMA_WEIGHT,
} from './transfer-limits.js';

/** A source's figures, for the UI and tests. */
export interface SourceStats {
  /** Bytes per second, or undefined before the first chunk. */
  readonly throughput: number | undefined;
  readonly rttMs: number;
  readonly window: number;
  readonly outstanding: number;
  /** Chunks this source delivered that verified. */
  readonly delivered: number;
  readonly mismatches: number;
  /** Consecutive stalls (no byte for STALL_TIMEOUT_MS); 0 once it delivers again. */
  readonly stalls: number;
  readonly banned: boolean;
}

/** The scheduler's record of one source (see the module comment). */
export class SourceState {
  have: Bitfield;
  banned = false;
  mismatches = 0;
  delivered = 0;
  /** Consecutive stalls without a byte delivered since. */
  stalls = 0;
  /** No new request before this time (after a stall). */
  resumeAt = 0;
  /** Request ids in flight at this source. */
  readonly outstanding = new Set<number>();
  /**
   * The chunks this source has that are missing and requested nowhere, by how many non-banned
   * sources hold them (the scheduler keeps them up to date; a banned source has none).
   */
  readonly pools: ChunkPools;
  /** When the source last delivered a byte, or became busy (whichever is later). */
  lastActivityAt = 0;
  /** When the source last completed a chunk (start of the next chunk's service time). */
  lastCompletionAt = 0;
  #throughput: number | undefined;
  readonly #rttSamples: number[] = [];

  constructor(
    readonly id: string,
    have: Bitfield,
  ) {
    this.have = have;
    this.pools = new ChunkPools(have.length);
  }

  /** Bytes per second, or undefined before a sample. */
  get throughput(): number | undefined {
    return this.#throughput;
  }

  /** The RTT estimate in ms. */
  get rttMs(): number {
    return this.#rttSamples.length === 0 ? INITIAL_RTT_MS : Math.min(...this.#rttSamples);
  }

  /** Records a first-byte latency of a request sent while the source was idle. */
  recordRtt(ms: number): void {
    this.#rttSamples.push(Math.max(1, ms));
    if (this.#rttSamples.length > RTT_SAMPLE_WINDOW) this.#rttSamples.shift();
  }

  /** Records a completed chunk of `bytes` whose service took `ms`. */
  recordService(bytes: number, ms: number): void {
    const sample = (bytes * 1000) / Math.max(1, ms);
    this.#throughput =
      this.#throughput === undefined ? sample : this.#throughput + THROUGHPUT_EWMA_WEIGHT * (sample - this.#throughput);
  }

  /** Records a stall at `now`: no request for a doubling back-off. */
  recordStall(now: number): void {
    this.stalls += 1;
    this.resumeAt = now + Math.min(MAX_STALL_BACKOFF_MS, STALL_BACKOFF_MS * 2 ** (this.stalls - 1));
  }

  /** How many requests may be in flight at this source for chunks of `chunkSize` bytes. */
  window(chunkSize: number): number {
    if (this.stalls > 0) return MIN_WINDOW;
    if (this.#throughput === undefined) return INITIAL_WINDOW;
    const bdpChunks = (this.#throughput * this.rttMs) / 1000 / chunkSize;
    return Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, Math.ceil(BDP_GAIN * bdpChunks) + 1));
  }

  /** Whether the source may get requests at `now`. */
  usable(now: number): boolean {
    return !this.banned && now >= this.resumeAt;
  }

  /** The figures for the UI. */
  stats(chunkSize: number): SourceStats {
    return {
      throughput: this.#throughput,
      rttMs: this.rttMs,
      window: this.window(chunkSize),
      outstanding: this.outstanding.size,
      delivered: this.delivered,
      mismatches: this.mismatches,
      stalls: this.stalls,
      banned: this.banned,
    };
  }
}
