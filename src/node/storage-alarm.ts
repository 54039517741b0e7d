/**
 * Telling the user when the profile cannot store what friends send (the disk is full or
 * failing). The message that failed was not acknowledged, so its sender tries again; the user
 * needs to hear it once, with what to do, not once per refused message.
 */
import { BurrowError } from '../errors.js';
import { ThrottleNotices } from '../lib/throttle-notices.js';
import type { HostEvent } from './api.js';

/** The store's errors that mean "could not write what a friend sent" (store/errors.ts). */
const STORAGE_ERRORS = new Set(['StoreFullError', 'StoreIoError']);
/** The user hears about a storage problem at most this often. */
export const STORAGE_PROBLEM_INTERVAL_MS = 30_000;

export class StorageAlarm {
  readonly #notices = new ThrottleNotices<'profile'>(STORAGE_PROBLEM_INTERVAL_MS);

  constructor(
    private readonly now: () => number,
    private readonly events: { emit(event: HostEvent): void },
  ) {}

  /** Emits a 'storage-problem' event if `error` is one, and none was emitted lately. */
  report(error: unknown): void {
    if (!(error instanceof BurrowError) || !STORAGE_ERRORS.has(error.name)) return;
    if (!this.#notices.shouldTell('profile', this.now())) return;
    this.events.emit({ type: 'storage-problem', error: error.name, message: error.message });
  }
}
