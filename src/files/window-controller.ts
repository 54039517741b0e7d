/**
 * How many chunk requests to keep outstanding at one source: enough that the source's stream
 * never idles while the next request travels, measured continuously so the same code fills a
 * 1 ms loopback path and a 600 ms Tor path (docs/ARCHITECTURE.md "File transfer").
 *
 * Window = clamp(ceil(gain × bandwidth × RTT / chunk size) + 1, MIN_WINDOW, MAX_WINDOW).
 *
 * - **Gain**: BDP_GAIN while the path is filling, STEADY_GAIN once the bandwidth stopped growing
 *   for FULL_PIPE_ROUNDS round trips (BBR's start-up and steady state): data beyond the path
 *   only queues, in front of chat on the same session. A stall starts over at BDP_GAIN.
 *
 * - **Bandwidth**: the largest recent *delivery rate* sample. Each completed request gives one:
 *   the bytes this source delivered from when the request was sent to when it completed, over
 *   that time. A sample spans a whole round trip, so bursts of blocks do not inflate it; while
 *   the window is too small it measures window ÷ round trip, and with gain 2 the window then
 *   doubles each round trip until the path, not the window, sets the rate (TCP slow start).
 * - **RTT**: the smallest recent request → first byte latency of a request the source had to
 *   wait for: nothing was outstanding ahead of it, or the source fell silent for a good part of
 *   that latency before its first byte (the stream ran dry: the window is too small). A request that found the source busy
 *   says only that its latency includes the queue ahead of it, which is what the window
 *   controls, not the path; it gives no sample. Every latency is at least the path's round
 *   trip, so the minimum of recent samples is a fair estimate even when the silence was
 *   only jitter. The round trip of an onion circuit grows with its own load and with the
 *   machine's: the estimate follows it, because a window that became too small makes the
 *   stream run dry again and so yields fresh samples.
 *
 * Pure: the caller passes `now`.
 */
import {
  BDP_GAIN,
  DRY_GAP_FRACTION,
  DRY_GAP_MIN_MS,
  FULL_PIPE_GROWTH,
  FULL_PIPE_ROUNDS,
  INITIAL_RTT_MS,
  INITIAL_WINDOW,
  MAX_WINDOW,
  MIN_WINDOW,
  RATE_SAMPLE_WINDOW,
  RTT_SAMPLE_WINDOW,
  STEADY_GAIN,
} from './transfer-limits.js';

/** What the controller remembers about one request in flight. */
export interface WindowTicket {
  readonly sentAt: number;
  /** Bytes this source had delivered when the request was sent. */
  readonly deliveredAtSend: number;
  /** Bytes requested from this source and not yet received when the request was sent. */
  readonly aheadAtSend: number;
  /** Bytes this request asks for. */
  readonly bytes: number;
  /** Bytes of it received so far. */
  received: number;
}

/** The request window of one source (see the module comment). */
export class WindowController {
  readonly #chunkSize: number;
  readonly #rttSamples: number[] = [];
  readonly #rateSamples: number[] = [];
  /** Bytes received from this source, all requests together. */
  #delivered = 0;
  /** Bytes requested and not yet received (nor cancelled). */
  #outstanding = 0;
  #lastByteAt: number | undefined;
  /** The path is full: the bandwidth stopped growing (see the module comment). */
  #full = false;
  /** The bandwidth when it last grew by FULL_PIPE_GROWTH, and round trips since. */
  #plateau = 0;
  #roundsOnPlateau = 0;
  /** When the current round trip (for the full-path rule) ends. */
  #roundEndsAt = 0;

  constructor(chunkSize: number) {
    this.#chunkSize = chunkSize;
  }

  /** Bytes per second (the largest recent delivery rate), or undefined before the first sample. */
  get bandwidth(): number | undefined {
    return this.#rateSamples.length === 0 ? undefined : Math.max(...this.#rateSamples);
  }

  /** The round-trip estimate in ms. */
  get rttMs(): number {
    return this.#rttSamples.length === 0 ? INITIAL_RTT_MS : Math.min(...this.#rttSamples);
  }

  /** Bytes requested and not yet received. */
  get outstandingBytes(): number {
    return this.#outstanding;
  }

  /** How many chunk requests may be outstanding. */
  get window(): number {
    const bandwidth = this.bandwidth;
    if (bandwidth === undefined) return INITIAL_WINDOW;
    const bdpChunks = (bandwidth * this.rttMs) / 1000 / this.#chunkSize;
    const gain = this.#full ? STEADY_GAIN : BDP_GAIN;
    return Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, Math.ceil(gain * bdpChunks) + 1));
  }

  /** Whether the path counts as full (the window is at STEADY_GAIN). */
  get pathFull(): boolean {
    return this.#full;
  }

  /** A request for `bytes` goes out at `now`; keep the ticket until it completes or is dropped. */
  sent(bytes: number, now: number): WindowTicket {
    const ticket = {
      sentAt: now,
      deliveredAtSend: this.#delivered,
      aheadAtSend: this.#outstanding,
      bytes,
      received: 0,
    };
    this.#outstanding += bytes;
    return ticket;
  }

  /** `bytes` of `ticket`'s answer arrived at `now`. */
  received(ticket: WindowTicket, bytes: number, now: number): void {
    if (ticket.received === 0 && this.#ranDry(ticket, now)) {
      this.#rttSamples.push(Math.max(1, now - ticket.sentAt));
      if (this.#rttSamples.length > RTT_SAMPLE_WINDOW) this.#rttSamples.shift();
    }
    const counted = Math.min(bytes, ticket.bytes - ticket.received);
    ticket.received += counted;
    this.#outstanding -= counted;
    this.#delivered += counted;
    this.#lastByteAt = now;
  }

  /** All of `ticket`'s answer arrived at `now`: one delivery-rate sample. */
  completed(ticket: WindowTicket, now: number): void {
    const rate = ((this.#delivered - ticket.deliveredAtSend) * 1000) / Math.max(1, now - ticket.sentAt);
    this.#rateSamples.push(rate);
    if (this.#rateSamples.length > RATE_SAMPLE_WINDOW) this.#rateSamples.shift();
    if (now >= this.#roundEndsAt) this.#endRound(now);
  }

  /** The request will not be answered (any more): what it still awaited is no longer outstanding. */
  dropped(ticket: WindowTicket): void {
    this.#outstanding -= ticket.bytes - ticket.received;
    ticket.received = ticket.bytes;
  }

  /** Forgets the bandwidth figure (the source stalled: what it could do before says little now). */
  reset(): void {
    this.#rateSamples.length = 0;
    this.#full = false;
    this.#plateau = 0;
    this.#roundsOnPlateau = 0;
  }

  /** Once per round trip: has the bandwidth stopped growing? */
  #endRound(now: number): void {
    this.#roundEndsAt = now + this.rttMs;
    const bandwidth = this.bandwidth ?? 0;
    if (bandwidth >= FULL_PIPE_GROWTH * this.#plateau) {
      this.#plateau = bandwidth;
      this.#roundsOnPlateau = 0;
    } else if (++this.#roundsOnPlateau >= FULL_PIPE_ROUNDS) {
      this.#full = true;
    }
  }

  /**
   * Whether the source had to wait for this request: nothing was ahead of it, or no byte came
   * for a good part of the request's latency before its first one. A short silence is only
   * jitter (Tor delivers in bursts, a busy machine pauses): counting it would take a latency
   * made of the queue ahead for a round trip, the window would grow with the queue, and the
   * queue with the window.
   */
  #ranDry(ticket: WindowTicket, now: number): boolean {
    if (ticket.aheadAtSend === 0 || this.#lastByteAt === undefined) return true;
    const silence = now - Math.max(this.#lastByteAt, ticket.sentAt);
    return silence >= Math.max(DRY_GAP_MIN_MS, DRY_GAP_FRACTION * (now - ticket.sentAt));
  }
}
