/**
 * Noticing a tor that hangs (stopped, deadlocked, swapped out for good): its process is still
 * there, so nothing exits and nothing closes, but it answers nothing. Every interval we ask
 * `GETINFO version` (control-spec §3.9: answered from memory, no network) and wait a bounded
 * time; after `misses` unanswered asks in a row the tor counts as hung and its owner kills
 * it, which the relaunch logic then treats like any other death.
 */
import { TimeoutError } from '../../errors.js';
import { logger } from '../../log.js';
import type { TorControlClient } from './control/index.js';

const log = logger('tor-liveness');

/** How a launched tor is watched. */
export interface LivenessTiming {
  /** Between two asks (default 2 s). */
  readonly intervalMs: number;
  /** How long one ask may wait for tor's answer (default 4 s: tor answers at once unless it hangs). */
  readonly timeoutMs: number;
  /** Unanswered asks in a row before tor counts as hung (default 2). */
  readonly misses: number;
}

/** A hang is noticed 8–12 s after it begins; a live tor under load answers GETINFO version in milliseconds. */
export const DEFAULT_LIVENESS: LivenessTiming = { intervalMs: 2_000, timeoutMs: 4_000, misses: 2 };

/**
 * Asks `control` every `timing.intervalMs`; calls `onHung` once after `timing.misses`
 * unanswered asks in a row. Returns the function that stops watching (call it when this tor
 * exits or is stopped). An answer that is an error still proves tor is alive.
 */
export function watchLiveness(control: TorControlClient, timing: LivenessTiming, onHung: () => void): () => void {
  let stopped = false;
  let missed = 0;
  let timer: NodeJS.Timeout | undefined;
  const ask = async (): Promise<void> => {
    let answered = true;
    try {
      await control.getInfo(['version'], { timeoutMs: timing.timeoutMs });
    } catch (error) {
      answered = !(error instanceof TimeoutError);
    }
    if (stopped || control.isClosed) return;
    missed = answered ? 0 : missed + 1;
    if (missed >= timing.misses) {
      log.warn('tor stopped answering its control port', { misses: missed, timeoutMs: timing.timeoutMs });
      stopped = true;
      onHung();
      return;
    }
    schedule();
  };
  const schedule = (): void => {
    timer = setTimeout(() => void ask(), timing.intervalMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
