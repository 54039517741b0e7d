/**
 * Which chunk to request from which friend, as a pure state machine (no timers, no I/O: the
 * caller passes `now` and sends what {@link DownloadScheduler.plan} returns).
 *
 * Inputs: sources and the chunks they have; events (a block arrived, a chunk verified or failed
 * its hash, a source left or changed what it has); `tick(now)` for stall detection.
 * Output: chunk requests per source (each with a request id) and cancels of requests that are
 * no longer wanted.
 *
 * Policy:
 * - **Pipelining.** Each source keeps a window of outstanding requests sized from its measured
 *   bandwidth-delay product (window-controller.ts), starting at INITIAL_WINDOW: the source's
 *   stream never waits for a request, unlike stop-and-wait.
 * - **Rarest first**, ties broken in index order from a per-download starting point (a chunk
 *   that comes back, from a dropped request or a failed write, goes after the others). In a swarm
 *   of friends the offerer often leaves soon after offering: fetching the chunks fewest sources
 *   hold first maximises what the swarm can still complete without it, and downloaders that
 *   start at different offsets hold different chunks to trade. Sequential order would only pay
 *   off for streaming playback, and a partial file is never shown, so it buys nothing here.
 *   With one source (the common case) this is plain sequential order from the starting point.
 * - **Faster sources first.** Sources pick in order of measured throughput, so the fastest gets
 *   the rarest chunks and, with its larger window, most of the file.
 * - **Endgame.** Once every missing chunk is requested somewhere, an idle source also requests
 *   chunks already in flight elsewhere (at most ENDGAME_MAX_COPIES copies, least-copied and
 *   oldest first); when one copy verifies, the others are cancelled. A slow source cannot hold
 *   up the last chunks.
 * - **Lying peers.** A chunk that fails its hash is requested again from another source that
 *   has it; its source is not asked for that chunk again while another has it, and is banned
 *   from the download after MAX_HASH_MISMATCHES bad chunks.
 * - **Stalls.** A source with requests outstanding that delivers nothing for STALL_TIMEOUT_MS
 *   (a sender that stopped mid-chunk) has its requests cancelled and re-planned elsewhere, and
 *   rests for a doubling back-off. A source that leaves has its requests re-planned at once.
 *
 * Cost: each source keeps a *pool* per availability level of the chunks it could be asked for
 * (missing, requested nowhere, held by it): picking is O(window), and each change to a chunk
 * (requested, dropped, done, a source gaining or losing it) updates the pools of its holders,
 * O(sources). A 65 536-chunk download with four sources, one of them partial, plans in well
 * under a second of CPU in total. The requests in flight and the endgame's choice among them
 * are kept in chunk-requests.ts.
 */
import { checkInteger, invalidArgument } from '../lib/argument-checks.js';
import { Bitfield } from '../protocol/files/bitfield.js';
import type { ChunkRequestEntry } from '../protocol/files/chunk-messages.js';
import { MAX_REQUEST_ENTRIES } from '../protocol/files/file-wire-limits.js';
import { ChunkRequests } from './chunk-requests.js';
import { SourceState, type SourceStats } from './source-state.js';
import type { DownloadWindowShare } from './window-share.js';
import { MAX_HASH_MISMATCHES, STALL_TIMEOUT_MS } from './transfer-limits.js';

/** A source's id: the node uses the friend's onion address. */
export type SourceId = string;

/** What a source has: a bitfield, or everything, or nothing. */
export type SourceHave = Bitfield | 'all' | 'none';

/** Requests to send to one source (one chunk-request message). */
export interface PlannedRequest {
  readonly source: SourceId;
  readonly entries: readonly ChunkRequestEntry[];
}

/** Requests to cancel at one source (one file-cancel message with scope 'requests'). */
export interface PlannedCancel {
  readonly source: SourceId;
  readonly requestIds: readonly number[];
}

/** What to send now. */
export interface SchedulerPlan {
  readonly requests: readonly PlannedRequest[];
  readonly cancels: readonly PlannedCancel[];
}

/** What a request id stands for. */
export interface RequestInfo {
  readonly source: SourceId;
  readonly index: number;
}

/** Construction options of {@link DownloadScheduler}. */
export interface DownloadSchedulerOptions {
  /** The manifest's size and chunk size. */
  readonly fileSize: number;
  readonly chunkSize: number;
  /** Chunks already on disk (a resumed download). */
  readonly done?: Bitfield;
  /** Where the in-order tie-break starts (give each download a random one). Default 0. */
  readonly startIndex?: number;
  /** The first request id (default 1). */
  readonly firstRequestId?: number;
  /** Fair shares with the other downloads from the same friends (window-share.ts). */
  readonly windowShare?: DownloadWindowShare;
}

/** Plans chunk requests across sources (see the module comment for the policy). */
export class DownloadScheduler {
  readonly #chunkSize: number;
  readonly #fileSize: number;
  readonly #count: number;
  readonly #done: Bitfield;
  readonly #start: number;
  // Non-banned sources that have each chunk.
  readonly #availability: Uint16Array;
  readonly #sources = new Map<SourceId, SourceState>();
  readonly #requests: ChunkRequests;
  // Sources that sent a bad copy of a chunk.
  readonly #excluded = new Map<number, Set<SourceId>>();
  // Bad chunks per source id, kept when a source leaves: a liar cannot reconnect to a clean slate.
  readonly #mismatches = new Map<SourceId, number>();
  #paused = false;

  readonly #windowShare: DownloadWindowShare | undefined;

  constructor(options: DownloadSchedulerOptions) {
    checkInteger(options.chunkSize, 'chunkSize', 1, Number.MAX_SAFE_INTEGER);
    checkInteger(options.fileSize, 'fileSize', 0, Number.MAX_SAFE_INTEGER);
    this.#chunkSize = options.chunkSize;
    this.#fileSize = options.fileSize;
    this.#windowShare = options.windowShare;
    this.#count = Math.ceil(options.fileSize / options.chunkSize);
    if (options.done !== undefined && (!(options.done instanceof Bitfield) || options.done.length !== this.#count)) {
      throw invalidArgument('done', `a Bitfield of ${this.#count} bits`);
    }
    this.#done = options.done?.clone() ?? new Bitfield(this.#count);
    const start = 'startIndex' in options ? options.startIndex : 0;
    checkInteger(start, 'startIndex', 0, Number.MAX_SAFE_INTEGER);
    this.#start = this.#count === 0 ? 0 : start % this.#count;
    const firstRequestId = 'firstRequestId' in options ? options.firstRequestId : 1;
    checkInteger(firstRequestId, 'firstRequestId', 0, 0xffff_ffff);
    this.#requests = new ChunkRequests(firstRequestId, (index, mutate) => this.#change(index, mutate));
    this.#availability = new Uint16Array(this.#count);
  }

  /** Chunks verified (a copy). */
  get done(): Bitfield {
    return this.#done.clone();
  }

  /** Whether every chunk is verified. */
  get isComplete(): boolean {
    return this.#done.isFull;
  }

  /** Whether {@link pause} is in effect. */
  get paused(): boolean {
    return this.#paused;
  }

  /** The current sources' ids. */
  get sources(): SourceId[] {
    return [...this.#sources.keys()];
  }

  /** A source's figures, or undefined for an unknown one. */
  sourceStats(source: SourceId, now: number): SourceStats | undefined {
    return this.#sources.get(source)?.stats(now);
  }

  /** Adds a source, or replaces what a known one has. */
  setSource(source: SourceId, have: SourceHave, now: number): void {
    if (typeof source !== 'string') throw invalidArgument('source', 'a string id');
    const bitfield = this.#toBitfield(have);
    let state = this.#sources.get(source);
    if (state === undefined) {
      state = new SourceState(source, new Bitfield(this.#count), this.#chunkSize);
      state.lastActivityAt = now;
      state.mismatches = this.#mismatches.get(source) ?? 0;
      state.banned = state.mismatches >= MAX_HASH_MISMATCHES;
      this.#sources.set(source, state);
    }
    // Requests for chunks it no longer has will not be answered: plan them elsewhere.
    for (const id of [...state.outstanding]) {
      const request = this.#requests.get(id)!;
      if (!bitfield.has(request.index)) this.#requests.drop(request, true);
    }
    // In the rotated order, so the pools list chunks from the start index on.
    for (const index of this.#rotated()) {
      if (bitfield.has(index) !== state.have.has(index)) this.#setHas(state, index, bitfield.has(index));
    }
  }

  /** Adds chunks a source announced it now has (a `have` with new indices). */
  addHave(source: SourceId, indices: Iterable<number>): void {
    const state = this.#sources.get(source);
    if (state === undefined) return;
    for (const index of indices) {
      checkInteger(index, 'index', 0, this.#count - 1);
      if (!state.have.has(index)) this.#setHas(state, index, true);
    }
  }

  /** Forgets a source (its session closed): its requests are planned elsewhere. */
  removeSource(source: SourceId): void {
    const state = this.#sources.get(source);
    if (state === undefined) return;
    this.#requests.dropAllOf(state, false);
    this.#sources.delete(source);
    this.#requests.forgetCancels(source);
    // Gone from #sources, it no longer counts as a holder.
    if (!state.banned) this.#forgetHolder(state);
  }

  /** What request `requestId` asked for, while it is live. */
  request(requestId: number): RequestInfo | undefined {
    const request = this.#requests.get(requestId);
    return request === undefined ? undefined : { source: request.source.id, index: request.index };
  }

  /**
   * Whether blocks of `requestId` from `source` are still wanted. Data of a request that was
   * cancelled, timed out, or answered by another source is dropped by the caller.
   */
  isLive(source: SourceId, requestId: number): boolean {
    return this.#requests.from(source, requestId) !== undefined;
  }

  /**
   * A block of `bytes` for `requestId` arrived from `source` at `now` (keeps the source from
   * counting as stalled, and feeds its window controller).
   */
  blockReceived(source: SourceId, requestId: number, now: number, bytes: number): void {
    const request = this.#requests.from(source, requestId);
    if (request === undefined) return;
    const state = request.source;
    state.lastActivityAt = now;
    state.stalls = 0;
    state.flow.received(request.ticket, bytes, now);
    state.meter.add(bytes, now);
  }

  /**
   * All of `requestId`'s chunk arrived from `source` and matched its hash: the chunk is done
   * and copies in flight elsewhere get cancelled. Returns the chunk index, or undefined if the
   * request was not live (then the bytes are not needed).
   */
  chunkVerified(source: SourceId, requestId: number, now: number): number | undefined {
    const request = this.#requests.from(source, requestId);
    if (request === undefined) return undefined;
    const state = request.source;
    state.flow.completed(request.ticket, now);
    state.lastActivityAt = now;
    state.delivered += 1;
    // Done first, so dropping its last request does not put it back in the pools.
    this.#done.set(request.index);
    this.#requests.drop(request, false);
    for (const id of this.#requests.copiesOf(request.index)) this.#requests.drop(this.#requests.get(id)!, true);
    return request.index;
  }

  /**
   * `requestId`'s chunk from `source` failed its hash (or did not fit the request): it is
   * planned again, elsewhere if anyone else has it, and the source is banned after
   * MAX_HASH_MISMATCHES. Returns whether the source is now banned.
   */
  chunkMismatch(source: SourceId, requestId: number): boolean {
    const request = this.#requests.from(source, requestId);
    if (request === undefined) return false;
    const state = request.source;
    this.#requests.drop(request, false);
    let excluded = this.#excluded.get(request.index);
    if (excluded === undefined) this.#excluded.set(request.index, (excluded = new Set()));
    excluded.add(state.id);
    state.mismatches += 1;
    this.#mismatches.set(state.id, state.mismatches);
    if (state.mismatches >= MAX_HASH_MISMATCHES) this.#ban(state);
    return state.banned;
  }

  /**
   * A verified chunk was lost after all (its write failed, or the final check found it bad on
   * disk): it is needed again.
   */
  chunkLost(index: number): void {
    checkInteger(index, 'index', 0, this.#count - 1);
    if (!this.#done.has(index)) return;
    this.#change(index, () => this.#done.clear(index));
  }

  /** Cancels every request and plans none until {@link resume} (the disk is full, or the user paused). */
  pause(): void {
    this.#paused = true;
    this.#requests.dropAll(true);
  }

  /** Plans requests again after {@link pause}. */
  resume(): void {
    this.#paused = false;
  }

  /**
   * Notices stalled sources: one with requests outstanding and no byte delivered for
   * STALL_TIMEOUT_MS has them cancelled (to re-plan elsewhere) and rests for a back-off.
   */
  tick(now: number): void {
    for (const state of this.#sources.values()) {
      if (state.outstanding.size === 0 || now - state.lastActivityAt < STALL_TIMEOUT_MS) continue;
      this.#requests.dropAllOf(state, true);
      state.recordStall(now);
    }
  }

  /**
   * The requests to send now (filling each source's window, fastest source first) and the
   * cancels queued since the last call. Call after every batch of events and on a timer.
   */
  plan(now: number): SchedulerPlan {
    const requests: PlannedRequest[] = [];
    if (!this.#paused && !this.isComplete) {
      for (const state of this.#byThroughput()) {
        if (!state.usable(now)) continue;
        const window = this.#windowShare?.allow(state.id, state.window, now) ?? state.window;
        const free = window - state.outstanding.size;
        if (free <= 0) continue;
        const issue = (index: number): ChunkRequestEntry =>
          this.#requests.issue(state, index, this.#chunkLength(index), now);
        const entries = this.#pickRarest(state, free).map(issue);
        // Endgame is decided after this source's own picks were issued: they may have been the last.
        if (entries.length < free && !this.#anyUnrequestedAvailable()) {
          const duplicates = this.#requests.duplicable(state, free - entries.length, (index) =>
            this.#shunned(state, index),
          );
          entries.push(...duplicates.map(issue));
        }
        for (let i = 0; i < entries.length; i += MAX_REQUEST_ENTRIES) {
          requests.push({ source: state.id, entries: entries.slice(i, i + MAX_REQUEST_ENTRIES) });
        }
      }
    }
    const cancels: PlannedCancel[] = [];
    for (const [source, ids] of this.#requests.takeCancels()) {
      for (let i = 0; i < ids.length; i += MAX_REQUEST_ENTRIES)
        cancels.push({ source, requestIds: ids.slice(i, i + MAX_REQUEST_ENTRIES) });
    }
    return { requests, cancels };
  }

  #ban(state: SourceState): void {
    this.#requests.dropAllOf(state, true);
    state.banned = true;
    state.pools.clear();
    this.#forgetHolder(state);
  }

  /** Up to `limit` chunks `state` has that nobody is fetching, rarest first. */
  #pickRarest(state: SourceState, limit: number): number[] {
    const picks: number[] = [];
    for (const index of state.pools) {
      if (picks.length === limit) break;
      if (!this.#shunned(state, index)) picks.push(index);
    }
    return picks;
  }

  /** Whether some missing chunk held by a non-banned source is not requested anywhere. */
  #anyUnrequestedAvailable(): boolean {
    for (const state of this.#sources.values()) if (state.pools.size > 0) return true;
    return false;
  }

  /** `state` sent a bad copy of `index` and another non-banned source has it. */
  #shunned(state: SourceState, index: number): boolean {
    const excluded = this.#excluded.get(index);
    if (excluded === undefined || !excluded.has(state.id)) return false;
    let holdersExcluded = 0;
    for (const id of excluded) {
      const source = this.#sources.get(id);
      if (source !== undefined && !source.banned && source.have.has(index)) holdersExcluded += 1;
    }
    return this.#availability[index]! > holdersExcluded;
  }

  #byThroughput(): SourceState[] {
    // Stable sort: unmeasured sources (−1) keep the order they joined in, after measured ones.
    return [...this.#sources.values()].sort((a, b) => (b.throughput ?? -1) - (a.throughput ?? -1));
  }

  /**
   * Takes a source that just stopped counting as a holder (left, or banned) out of the
   * availability of its chunks, moving them down a level in the other holders' pools.
   */
  #forgetHolder(state: SourceState): void {
    for (const index of this.#rotated()) {
      if (state.have.has(index))
        this.#change(index, () => (this.#availability[index] = this.#availability[index]! - 1));
    }
  }

  /** Adds or removes `index` from what `state` has, keeping availability and pools right. */
  #setHas(state: SourceState, index: number, has: boolean): void {
    if (state.banned) {
      if (has) state.have.set(index);
      else state.have.clear(index);
      return;
    }
    this.#change(index, () => {
      if (has) state.have.set(index);
      else state.have.clear(index);
      this.#availability[index] = this.#availability[index]! + (has ? 1 : -1);
    });
  }

  /**
   * Runs `mutate`, which changes something that decides where chunk `index` sits in the pools
   * (its availability, its holders, whether it is done or requested), and moves it: out of its
   * holders' pools before, into them after.
   */
  #change(index: number, mutate: () => void): void {
    this.#setPooled(index, false);
    mutate();
    this.#setPooled(index, true);
  }

  #setPooled(index: number, pooled: boolean): void {
    if (this.#done.has(index) || this.#requests.isInFlight(index)) return;
    const level = this.#availability[index]!;
    for (const state of this.#sources.values()) {
      if (state.banned || !state.have.has(index)) continue;
      if (pooled) state.pools.add(index, level);
      else state.pools.delete(index);
    }
  }

  /** Every chunk index, from the start index on. */
  *#rotated(): IterableIterator<number> {
    for (let step = 0; step < this.#count; step++) yield (this.#start + step) % this.#count;
  }

  #toBitfield(have: SourceHave): Bitfield {
    if (have === 'all') return Bitfield.full(this.#count);
    if (have === 'none') return new Bitfield(this.#count);
    if (!(have instanceof Bitfield) || have.length !== this.#count)
      throw invalidArgument('have', `'all', 'none' or a Bitfield of ${this.#count} bits`);
    return have.clone();
  }

  #chunkLength(index: number): number {
    return Math.min(this.#chunkSize, this.#fileSize - index * this.#chunkSize);
  }
}
