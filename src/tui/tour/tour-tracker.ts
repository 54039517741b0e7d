/**
 * The tour of one node: follows its events from the moment the main screen opens (so steps
 * done before `/tour` count) and tells the screen when a step is checked off while the tour
 * runs. One per node API, found by {@link tourFor}, so the `/tour` command and the main
 * screen share it without either passing it around.
 */
import type { NodeApi } from '../../node/api.js';
import {
  checkedText,
  INITIAL_TOUR,
  nextStep,
  tourStep,
  tourText,
  type TourState,
  type TourStepId,
} from './tour-steps.js';

const trackers = new WeakMap<NodeApi, TourTracker>();

/** The tour of `api`'s node (made on first use). */
export function tourFor(api: NodeApi): TourTracker {
  let tracker = trackers.get(api);
  if (tracker === undefined) {
    tracker = new TourTracker(api);
    trackers.set(api, tracker);
  }
  return tracker;
}

export class TourTracker {
  #state: TourState = INITIAL_TOUR;
  readonly #listeners = new Set<(text: string) => void>();

  constructor(api: NodeApi) {
    api.subscribe((event) => {
      const before = this.#state;
      this.#state = tourStep(before, event);
      if (!this.#state.active) return;
      const checked = [...this.#state.done].find((id) => !before.done.has(id));
      if (checked !== undefined) this.#announce(checkedText(this.#state, checked));
    });
    // Requests that arrived before the screen opened.
    void api.requests().then(
      (requests) => {
        const requesters = new Set(this.#state.requesters);
        for (const contact of requests) requesters.add(contact.onion);
        this.#state = { ...this.#state, requesters };
      },
      () => undefined,
    );
  }

  get state(): TourState {
    return this.#state;
  }

  /** `/tour`: starts (or shows) the tour; resolves to what to show. */
  start(): string {
    this.#state = { ...this.#state, active: true };
    return tourText(this.#state);
  }

  /** `/tour skip`: skips the step suggested now. */
  skip(): string {
    const step = nextStep(this.#state);
    if (step !== undefined) this.#state = { ...this.#state, skipped: new Set(this.#state.skipped).add(step.id) };
    return this.start();
  }

  /** `/tour off`: no more check-off notices (steps still count if the tour starts again). */
  stop(): string {
    this.#state = { ...this.#state, active: false };
    return 'Tour off. /tour starts it again where you left it.';
  }

  /** Calls `listener` with the notice of each step checked off while the tour runs; returns the unsubscribe. */
  onChecked(listener: (text: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether `id` is checked off. */
  isDone(id: TourStepId): boolean {
    return this.#state.done.has(id);
  }

  #announce(text: string): void {
    for (const listener of this.#listeners) listener(text);
  }
}
