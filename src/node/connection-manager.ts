/**
 * Keeps dialing the peers the node wants a session with (friends, and contacts whose request
 * is not delivered yet) until a session is up, with exponential backoff and jitter between
 * failures (backoff.ts). The node tells it what happened; it only decides *when* to dial.
 *
 * The backoff resets only when a session proved healthy (the peer spoke to us), not merely when
 * a dial connected: a peer that accepts the connection and drops it at once (they removed us)
 * then gets ever rarer dials instead of one a second.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import { backoffDelay, type BackoffLimits } from './backoff.js';

const log = logger('connections');

/** Construction options of {@link ConnectionManager}. */
export interface ConnectionManagerOptions {
  /** Dials `peer` and sets up the session; rejects if that failed. */
  readonly dial: (peer: OnionAddress, signal: AbortSignal) => Promise<void>;
  /** Whether `peer` still needs a dial (wanted, and no session open). Asked before every dial. */
  readonly needsDial: (peer: OnionAddress) => boolean;
  readonly backoff: BackoffLimits;
  /** A number in [0, 1) for the jitter. */
  readonly random: () => number;
}

interface PeerState {
  /** Failures since the last healthy session: the backoff exponent. */
  attempt: number;
  timer: NodeJS.Timeout | undefined;
  dialing: AbortController | undefined;
}

/** The dial scheduler. */
export class ConnectionManager {
  readonly #options: ConnectionManagerOptions;
  readonly #peers = new Map<OnionAddress, PeerState>();
  readonly #tasks = new Set<Promise<void>>();
  #stopped = false;

  constructor(options: ConnectionManagerOptions) {
    this.#options = options;
  }

  /** Dials `peer` now, unless a dial is already running or they need none. */
  want(peer: OnionAddress): void {
    this.#run(peer);
  }

  /** A session with `peer` proved healthy: the next outage starts from the shortest delay. */
  succeeded(peer: OnionAddress): void {
    const state = this.#peers.get(peer);
    if (state !== undefined) state.attempt = 0;
  }

  /** The session with `peer` ended (or a dial came to nothing): dial again after the backoff delay. */
  lost(peer: OnionAddress): void {
    // Checked before any state is made, so sessions with strangers leave nothing behind.
    if (this.#stopped || !this.#options.needsDial(peer)) return;
    const state = this.#state(peer);
    if (state.dialing !== undefined || state.timer !== undefined) return;
    this.#schedule(peer, state);
  }

  /** Stops dialing `peer` (blocked, removed, their request delivered) and aborts a running dial. */
  forget(peer: OnionAddress): void {
    const state = this.#peers.get(peer);
    if (state === undefined) return;
    clearTimeout(state.timer);
    state.dialing?.abort();
    this.#peers.delete(peer);
  }

  /** Dials every peer that waits for a retry now (Tor just became ready, say); backoff counters are kept. */
  retryNow(): void {
    for (const [peer, state] of this.#peers) if (state.timer !== undefined) this.#run(peer);
  }

  /** Peers with dial state (for tests of the memory bound). */
  get trackedPeers(): number {
    return this.#peers.size;
  }

  /** Whether a dial to `peer` is running or scheduled (for tests and status). */
  isPending(peer: OnionAddress): boolean {
    const state = this.#peers.get(peer);
    return state !== undefined && (state.timer !== undefined || state.dialing !== undefined);
  }

  /** Cancels every timer and dial and waits for running dials to settle. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const peer of [...this.#peers.keys()]) this.forget(peer);
    await Promise.allSettled([...this.#tasks]);
  }

  #state(peer: OnionAddress): PeerState {
    let state = this.#peers.get(peer);
    if (state === undefined) {
      state = { attempt: 0, timer: undefined, dialing: undefined };
      this.#peers.set(peer, state);
    }
    return state;
  }

  #schedule(peer: OnionAddress, state: PeerState): void {
    if (this.#stopped || !this.#options.needsDial(peer)) return;
    const delay = backoffDelay(state.attempt, this.#options.random(), this.#options.backoff);
    state.attempt += 1;
    state.timer = setTimeout(() => this.#run(peer), delay);
    // A pending redial alone must not keep the process alive (the listener and sessions do that).
    state.timer.unref();
    log.debug('redial scheduled', { peer: sensitive(peer), delayMs: delay, attempt: state.attempt });
  }

  #run(peer: OnionAddress): void {
    if (this.#stopped) return;
    if (!this.#peers.has(peer) && !this.#options.needsDial(peer)) return;
    const state = this.#state(peer);
    if (state.dialing !== undefined) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    if (!this.#options.needsDial(peer)) return;
    const controller = new AbortController();
    state.dialing = controller;
    const task = this.#dial(peer, state, controller);
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  async #dial(peer: OnionAddress, state: PeerState, controller: AbortController): Promise<void> {
    let failed = false;
    try {
      await this.#options.dial(peer, controller.signal);
    } catch (error) {
      failed = true;
      log.info('dial failed', { peer: sensitive(peer), error });
    } finally {
      if (state.dialing === controller) state.dialing = undefined;
    }
    // A forgotten peer's state object is detached from the map: nothing to schedule.
    if (failed && !controller.signal.aborted && this.#peers.get(peer) === state) this.#schedule(peer, state);
  }
}
