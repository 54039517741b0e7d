/**
 * Event listeners and the SETEVENTS set that follows them (control-spec §3.4 SETEVENTS:
 * each SETEVENTS replaces the whole set, so the client always sends the union of the names
 * that have listeners). Updates run one after another, each sending the union as it is when
 * its turn comes, so the last one sent always matches the current listeners.
 */
import { logger } from '../../../log.js';
import type { ControlEvent } from './reply.js';

const log = logger('tor-control');

/** Event names tor knows are upper-case words (`STATUS_CLIENT`, `HS_DESC`, `CONF_CHANGED`). */
const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;

/** A listener for one event name. Exceptions (and rejected promises) are logged, never rethrown. */
export type ControlEventListener = (event: ControlEvent) => void;

/**
 * Keeps listeners per event name and tor's SETEVENTS set in step with them.
 * `send(names)` runs SETEVENTS; `canSend()` says whether the connection is authenticated.
 */
export class EventSubscriptions {
  readonly #listeners = new Map<string, Set<ControlEventListener>>();
  readonly #send: (names: readonly string[]) => Promise<void>;
  readonly #canSend: () => boolean;
  /** The set tor has acknowledged, as a sorted space-joined string. */
  #acknowledged = '';
  #queue: Promise<void> = Promise.resolve();
  /** An update is queued and has not started: later changes ride along with it. */
  #queued = false;
  #lastError: Error | undefined;

  constructor(send: (names: readonly string[]) => Promise<void>, canSend: () => boolean) {
    this.#send = send;
    this.#canSend = canSend;
  }

  /** Adds a listener; returns its (idempotent) unsubscribe function. */
  add(name: string, listener: ControlEventListener): () => void {
    if (typeof name !== 'string' || !EVENT_NAME.test(name))
      throw new TypeError(
        `invalid event name: ${JSON.stringify(name)} (use tor's upper-case names, e.g. STATUS_CLIENT)`,
      );
    if (typeof listener !== 'function') throw new TypeError('an event listener must be a function');
    let set = this.#listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    // Wrap so the same function can be added twice and removed once per subscription.
    const entry: ControlEventListener = (event) => listener(event);
    set.add(entry);
    this.update();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.#listeners.get(name);
      current?.delete(entry);
      if (current?.size === 0) this.#listeners.delete(name);
      this.update();
    };
  }

  /** Calls the listeners of `event.name`; a throwing listener does not stop the others. */
  dispatch(event: ControlEvent): void {
    const set = this.#listeners.get(event.name);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        const result: unknown = listener(event);
        if (result instanceof Promise)
          result.catch((error: unknown) => log.warn('an event listener rejected', { event: event.name, error }));
      } catch (error) {
        log.warn('an event listener threw', { event: event.name, error });
      }
    }
  }

  /** Queues a SETEVENTS if the wanted set differs from what tor has (one queued update covers any number of changes). */
  update(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.#queue = this.#queue.then(() => {
      this.#queued = false;
      return this.#apply();
    });
  }

  /**
   * Resolves once tor's event set matches the listeners registered so far; rejects with the
   * error of the last SETEVENTS if it failed (e.g. 552 for a name this tor does not know).
   */
  async ready(): Promise<void> {
    this.update();
    await this.#queue;
    if (this.#lastError !== undefined) throw this.#lastError;
  }

  async #apply(): Promise<void> {
    if (!this.#canSend()) return;
    const wanted = [...this.#listeners.keys()].sort();
    if (wanted.join(' ') === this.#acknowledged) {
      this.#lastError = undefined;
      return;
    }
    try {
      await this.#send(wanted);
      this.#acknowledged = wanted.join(' ');
      this.#lastError = undefined;
    } catch (error) {
      this.#lastError = error instanceof Error ? error : new Error(String(error));
      log.warn('SETEVENTS failed', { error });
    }
  }
}
