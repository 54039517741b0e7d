/**
 * What the download scheduler knows about one source (a friend serving the file): the chunks it
 * has, its requests in flight, and its measured speed, from which its request window follows
 * (window-controller.ts: enough requests queued at the source that its stream never idles while
 * the next request travels, measured continuously).
 */
import type { Bitfield } from '../protocol/files/bitfield.js';
import { BLOCK_BYTES } from '../protocol/files/file-wire-limits.js';
import { ChunkPools } from './chunk-pools.js';
import { RateMeter } from './rate-meter.js';
import {
  MAX_STALL_BACKOFF_MS,
  MIN_WINDOW,
  STALL_BACKOFF_MS,
  STALL_SHOWN_MIN_MS,
  STALL_TIMEOUT_MS,
} from './transfer-limits.js';
import { WindowController } from './window-controller.js';

/** A source's figures, for the UI and tests. */
export interface SourceStats {
  /** Bytes per second, or undefined before the first chunk. */
  readonly throughput: number | undefined;
  /** Bytes per second over the last few seconds (rate-meter.ts): what the progress line shows. */
  readonly rate: number;
  /** It is not delivering: requests outstanding and no byte for longer than its path explains, or resting after a stall. */
  readonly stalled: boolean;
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
  /** Bandwidth, round trip and the window that follows from them. */
  readonly flow: WindowController;
  /** Bytes delivered, over a moving window (the figure shown). */
  readonly meter = new RateMeter();

  constructor(
    readonly id: string,
    have: Bitfield,
    chunkSize: number,
  ) {
    this.have = have;
    this.pools = new ChunkPools(have.length);
    this.flow = new WindowController(chunkSize);
  }

  /** Bytes per second, or undefined before a sample. */
  get throughput(): number | undefined {
    return this.flow.bandwidth;
  }

  /** The RTT estimate in ms. */
  get rttMs(): number {
    return this.flow.rttMs;
  }

  /** Records a stall at `now`: no request for a doubling back-off. */
  recordStall(now: number): void {
    this.stalls += 1;
    this.resumeAt = now + Math.min(MAX_STALL_BACKOFF_MS, STALL_BACKOFF_MS * 2 ** (this.stalls - 1));
    this.flow.reset();
  }

  /** How many requests may be in flight at this source. */
  get window(): number {
    return this.stalls > 0 ? MIN_WINDOW : this.flow.window;
  }

  /** Whether the source may get requests at `now`. */
  usable(now: number): boolean {
    return !this.banned && now >= this.resumeAt;
  }

  /**
   * The longest silence that still says nothing, with requests outstanding: a few round trips,
   * or the time a few blocks take at the measured speed, at least STALL_SHOWN_MIN_MS (and never
   * more than STALL_TIMEOUT_MS, when the requests go elsewhere anyway).
   */
  quietLimitMs(): number {
    const bandwidth = this.flow.bandwidth;
    const blockMs = bandwidth === undefined || bandwidth <= 0 ? 0 : (BLOCK_BYTES * 1000) / bandwidth;
    return Math.min(STALL_TIMEOUT_MS, Math.max(STALL_SHOWN_MIN_MS, 4 * this.rttMs, 3 * blockMs));
  }

  /** Whether the source is stalled at `now`, as the user is shown (see {@link SourceStats.stalled}). */
  stalledAt(now: number): boolean {
    if (this.banned) return false;
    if (now < this.resumeAt) return true;
    return this.outstanding.size > 0 && now - this.lastActivityAt >= this.quietLimitMs();
  }

  /** The figures for the UI at `now`. */
  stats(now: number): SourceStats {
    return {
      throughput: this.throughput,
      rate: this.meter.rate(now),
      stalled: this.stalledAt(now),
      rttMs: this.rttMs,
      window: this.window,
      outstanding: this.outstanding.size,
      delivered: this.delivered,
      mismatches: this.mismatches,
      stalls: this.stalls,
      banned: this.banned,
    };
  }
}
