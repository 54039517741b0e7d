/**
 * Fan-out of node events to subscribers. A listener that throws is logged and skipped: one
 * broken front end must not stop the node or the other listeners.
 */
import { logger } from '../log.js';
import type { NodeEvent } from './api.js';

const log = logger('node-events');

/** Subscribers and emit. */
export class EventHub {
  readonly #listeners = new Set<(event: NodeEvent) => void>();

  /** Adds a listener; returns the function that removes it (idempotent). */
  subscribe(listener: (event: NodeEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // Wrapped so the same function may subscribe twice and unsubscribe each separately.
    const entry = (event: NodeEvent): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Calls every listener with `event`, synchronously, in subscription order. */
  emit(event: NodeEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        log.error('event listener threw; the event went on to the others', { type: event.type, error });
      }
    }
  }

  /** Drops every listener (on stop). */
  clear(): void {
    this.#listeners.clear();
  }
}
