/**
 * The outbound queue of one session, so file transfers never starve chat ("must not
 * starve chat on the same session"). Pure: the node's send loop takes one item at a time and
 * awaits `session.send` (which waits for the socket to drain) before taking the next, so at
 * most one bulk frame (64 KiB) sits ahead of a chat message in Burrow's own buffers.
 *
 * - Control lane (chat, acks, offers, requests, `have`, cancels): FIFO, always first, except
 *   that after MAX_CONTROL_BURST control items in a row one waiting bulk item goes, so a
 *   chatty peer cannot stall a transfer outright.
 * - Bulk lane (chunk data, and jobs that produce it): one FIFO per flow (e.g. per peer and
 *   file), served round-robin, so two transfers share the link instead of one waiting for the
 *   other.
 *
 * @example
 * ```ts
 * queue.push(chatBody, { lane: 'control' });
 * queue.push({ serve: entry }, { lane: 'bulk', flow: fileIdHex });
 * for (let item = queue.shift(); item !== undefined; item = queue.shift()) await send(item);
 * ```
 */
import { invalidArgument } from '../lib/argument-checks.js';
import { MAX_CONTROL_BURST } from './transfer-limits.js';

/** Which lane an item goes in. */
export type Lane = 'control' | 'bulk';

/** Where to put an item. */
export interface PushOptions {
  readonly lane: Lane;
  /** The bulk flow (ignored for control). Default ''. */
  readonly flow?: string;
  /**
   * Put it at the head of its flow rather than the tail: for the blocks of a chunk that the
   * flow's head job just read, so they go before the flow's next job is read.
   */
  readonly front?: boolean;
}

/** One session's outbound queue: control first, bulk flows round-robin (see the module comment). */
export class FairQueue<T> {
  readonly #control: T[] = [];
  // Insertion-ordered: the round-robin order of flows.
  readonly #flows = new Map<string, T[]>();
  #burst = 0;

  /** Items waiting, in both lanes. */
  get size(): number {
    let total = this.#control.length;
    for (const items of this.#flows.values()) total += items.length;
    return total;
  }

  /** Items waiting in one bulk flow. */
  flowSize(flow: string): number {
    return this.#flows.get(flow)?.length ?? 0;
  }

  /** Queues `item`. */
  push(item: T, options: PushOptions): void {
    if (options.lane === 'control') {
      if (options.front === true) this.#control.unshift(item);
      else this.#control.push(item);
      return;
    }
    if (options.lane !== 'bulk') throw invalidArgument('options.lane', "'control' or 'bulk'");
    const flow = options.flow ?? '';
    let items = this.#flows.get(flow);
    if (items === undefined) this.#flows.set(flow, (items = []));
    if (options.front === true) items.unshift(item);
    else items.push(item);
  }

  /** The next item to send, or undefined if none waits. */
  shift(): T | undefined {
    const bulkWaiting = this.#flows.size > 0;
    if (this.#control.length > 0 && (!bulkWaiting || this.#burst < MAX_CONTROL_BURST)) {
      // Count only control items that overtook waiting bulk ones.
      this.#burst = bulkWaiting ? this.#burst + 1 : 0;
      return this.#control.shift();
    }
    this.#burst = 0;
    const next = this.#flows.entries().next();
    if (next.done === true) return undefined;
    const [flow, items] = next.value;
    const item = items.shift();
    // Rotate: this flow goes to the back of the round-robin.
    this.#flows.delete(flow);
    if (items.length > 0) this.#flows.set(flow, items);
    return item;
  }

  /** Removes the items `match` selects (a cancel); returns how many. */
  remove(match: (item: T, flow: string | undefined) => boolean): number {
    let removed = 0;
    const keep = <U>(items: U[], test: (item: U) => boolean): U[] => {
      const kept = items.filter((item) => !test(item));
      removed += items.length - kept.length;
      return kept;
    };
    this.#control.splice(0, this.#control.length, ...keep(this.#control, (item) => match(item, undefined)));
    for (const [flow, items] of [...this.#flows]) {
      const kept = keep(items, (item) => match(item, flow));
      if (kept.length === 0) this.#flows.delete(flow);
      else this.#flows.set(flow, kept);
    }
    return removed;
  }
}
