/**
 * The rhythm of a scripted friend who goes offline now and then (the demo's Linus): once
 * started, online for a while, then offline until a friend holds something for him (a
 * message sealed through the relay), back a few seconds later so the user sees it held, or
 * back anyway after a longest absence; then again. Going offline and coming back are the
 * caller's (stopping and starting the friend's node), so this runs on any transport.
 */
import { logger } from '../log.js';

const log = logger('demo-friend');

/** The cycle's pauses, in ms. */
export interface OfflineCycleTiming {
  /** How long he stays online each time. */
  readonly onlineMs: number;
  /** How often, while offline, he looks whether a friend holds something for him. */
  readonly pollMs: number;
  /** From a friend holding something to coming back (time to see the message held). */
  readonly backAfterHeldMs: number;
  /** The longest he stays away. */
  readonly maxAwayMs: number;
}

export const DEFAULT_OFFLINE_CYCLE_TIMING: OfflineCycleTiming = Object.freeze({
  onlineMs: 12_000,
  pollMs: 1_000,
  backAfterHeldMs: 4_000,
  maxAwayMs: 120_000,
});

/** Options of {@link OfflineCycle}. */
export interface OfflineCycleOptions {
  /** Takes the friend offline (stops his node). */
  goOffline(): Promise<void>;
  /** Brings him back (starts his node again). */
  comeBack(): Promise<void>;
  /** Whether a friend of his holds something for him now. */
  heldForHim(): Promise<boolean>;
  readonly timing?: Partial<OfflineCycleTiming>;
}

/** Where the cycle stands. */
export type OfflinePhase = 'idle' | 'online' | 'offline' | 'stopped';

/**
 * @example
 * const cycle = new OfflineCycle({ goOffline, comeBack, heldForHim });
 * cycle.begin(); // once he has something to show
 * await cycle.stop();
 */
export class OfflineCycle {
  readonly #options: OfflineCycleOptions;
  readonly #timing: OfflineCycleTiming;
  #phase: OfflinePhase = 'idle';
  #timer: NodeJS.Timeout | undefined;
  /** The step under way (going offline, coming back, looking): stop() waits for it. */
  #step: Promise<void> = Promise.resolve();

  constructor(options: OfflineCycleOptions) {
    this.#options = options;
    this.#timing = { ...DEFAULT_OFFLINE_CYCLE_TIMING, ...options.timing };
  }

  get phase(): OfflinePhase {
    return this.#phase;
  }

  /** Starts the rhythm (he is online now); later calls do nothing. */
  begin(): void {
    if (this.#phase !== 'idle') return;
    this.#online();
  }

  /** Ends the rhythm where it stands (the caller stops his node); waits for a step under way. */
  async stop(): Promise<void> {
    this.#phase = 'stopped';
    clearTimeout(this.#timer);
    await this.#step;
  }

  #online(): void {
    this.#phase = 'online';
    this.#schedule(this.#timing.onlineMs, async () => {
      await this.#options.goOffline();
      if (this.#phase === 'stopped') return;
      this.#phase = 'offline';
      this.#away(Date.now());
    });
  }

  /** Offline since `since`: looks every pollMs, comes back after something is held or at the longest absence. */
  #away(since: number): void {
    this.#schedule(this.#timing.pollMs, async () => {
      const longest = Date.now() - since + this.#timing.pollMs >= this.#timing.maxAwayMs;
      if (longest) return this.#comeBack(0);
      if (await this.#options.heldForHim()) return this.#comeBack(this.#timing.backAfterHeldMs);
      this.#away(since);
    });
  }

  #comeBack(afterMs: number): void {
    this.#schedule(afterMs, async () => {
      await this.#options.comeBack();
      if (this.#phase !== 'stopped') this.#online();
    });
  }

  #schedule(ms: number, step: () => Promise<void>): void {
    if (this.#phase === 'stopped') return;
    this.#timer = setTimeout(() => {
      if (this.#phase === 'stopped') return;
      this.#step = step().catch((error: unknown) => {
        // A failed step (tor busy, say) is tried again by the next turn of the cycle.
        log.warn('the offline friend’s cycle failed a step', { error });
        if (this.#phase !== 'stopped') this.#online();
      });
    }, ms);
  }
}
