/**
 * The download scheduler's book of chunk requests in flight: which request id asked which
 * source for which chunk and when, how many copies of each chunk are in flight (more than one
 * only in endgame), and the cancels to send with the next plan.
 *
 * Whether a chunk is in flight decides whether it sits in the sources' pools, so the book runs
 * each such change through its owner's `change` (download-scheduler.ts moves the chunk out of
 * the pools before and back in after).
 */
import type { ChunkRequestEntry } from '../protocol/files/chunk-messages.js';
import { ENDGAME_MAX_COPIES } from './transfer-limits.js';
import type { SourceState } from './source-state.js';
import type { WindowTicket } from './window-controller.js';

/** One request in flight. */
export interface LiveRequest {
  readonly id: number;
  readonly source: SourceState;
  readonly index: number;
  readonly sentAt: number;
  /** The source's window controller's record of it. */
  readonly ticket: WindowTicket;
}

/** Runs `mutate`, which makes chunk `index` start or stop being in flight, keeping the pools right. */
export type InFlightChange = (index: number, mutate: () => void) => void;

/** Requests in flight and cancels to send (see the module comment). */
export class ChunkRequests {
  readonly #change: InFlightChange;
  readonly #requests = new Map<number, LiveRequest>();
  /** Live request ids per chunk. */
  readonly #copies = new Map<number, Set<number>>();
  readonly #cancels = new Map<string, number[]>();
  #nextId: number;

  constructor(firstRequestId: number, change: InFlightChange) {
    this.#nextId = firstRequestId;
    this.#change = change;
  }

  /** The live request with this id. */
  get(requestId: number): LiveRequest | undefined {
    return this.#requests.get(requestId);
  }

  /** The live request with this id, if `source` is the one it went to. */
  from(source: string, requestId: number): LiveRequest | undefined {
    const request = this.#requests.get(requestId);
    return request?.source.id === source ? request : undefined;
  }

  /** Whether some request for chunk `index` is in flight. */
  isInFlight(index: number): boolean {
    return this.#copies.has(index);
  }

  /** Request ids in flight for chunk `index` (a copy, safe to drop them while iterating). */
  copiesOf(index: number): number[] {
    return [...(this.#copies.get(index) ?? [])];
  }

  /** Asks `source` for chunk `index` (`bytes` long) under a fresh request id. */
  issue(source: SourceState, index: number, bytes: number, now: number): ChunkRequestEntry {
    const id = this.#nextId;
    this.#nextId = (this.#nextId + 1) >>> 0;
    // An idle source starts its stall clock now.
    if (source.outstanding.size === 0) source.lastActivityAt = now;
    this.#requests.set(id, { id, source, index, sentAt: now, ticket: source.flow.sent(bytes, now) });
    source.outstanding.add(id);
    const copies = this.#copies.get(index);
    if (copies === undefined) this.#change(index, () => this.#copies.set(index, new Set([id])));
    else copies.add(id);
    return { index, requestId: id };
  }

  /** Forgets a request; with `cancel`, its source is told with the next plan. */
  drop(request: LiveRequest, cancel: boolean): void {
    this.#requests.delete(request.id);
    request.source.flow.dropped(request.ticket);
    request.source.outstanding.delete(request.id);
    const copies = this.#copies.get(request.index);
    copies?.delete(request.id);
    if (copies?.size === 0) this.#change(request.index, () => this.#copies.delete(request.index));
    if (cancel) {
      let ids = this.#cancels.get(request.source.id);
      if (ids === undefined) this.#cancels.set(request.source.id, (ids = []));
      ids.push(request.id);
    }
  }

  /** Drops every request outstanding at `source`. */
  dropAllOf(source: SourceState, cancel: boolean): void {
    for (const id of [...source.outstanding]) this.drop(this.#requests.get(id)!, cancel);
  }

  /** Drops every request in flight. */
  dropAll(cancel: boolean): void {
    for (const request of [...this.#requests.values()]) this.drop(request, cancel);
  }

  /** Forgets the cancels queued for a source that left (it will not hear them). */
  forgetCancels(source: string): void {
    this.#cancels.delete(source);
  }

  /** The cancels queued since the last call, per source. */
  takeCancels(): [string, number[]][] {
    const out = [...this.#cancels];
    this.#cancels.clear();
    return out;
  }

  /**
   * Up to `limit` chunks in flight at other sources that `source` holds and could fetch too
   * (endgame): fewer than ENDGAME_MAX_COPIES copies, least-copied and oldest first.
   */
  duplicable(source: SourceState, limit: number, shunned: (index: number) => boolean): number[] {
    const candidates: { index: number; copies: number; sentAt: number }[] = [];
    for (const [index, ids] of this.#copies) {
      if (ids.size >= ENDGAME_MAX_COPIES || !source.have.has(index) || shunned(index)) continue;
      let oldest = Infinity;
      let mine = false;
      for (const id of ids) {
        const request = this.#requests.get(id)!;
        if (request.source === source) mine = true;
        oldest = Math.min(oldest, request.sentAt);
      }
      if (!mine) candidates.push({ index, copies: ids.size, sentAt: oldest });
    }
    candidates.sort((a, b) => a.copies - b.copies || a.sentAt - b.sentAt || a.index - b.index);
    return candidates.slice(0, limit).map((candidate) => candidate.index);
  }
}
