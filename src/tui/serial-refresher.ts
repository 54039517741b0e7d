/**
 * The one way the TUI fetches again what it shows (the contact list, the groups, a group's
 * newest page): fetches never overlap, and asking while one runs schedules exactly one more
 * after it, however often it is asked, so that the last answer is never older than the last
 * reason to ask.
 */

/** A fetch that runs one at a time (see the file comment). */
export interface SerialRefresher {
  /** Fetches now, or once more after the fetch under way. */
  run(): void;
  /** Whether a fetch is under way: what it brings back may be older than an event seen now. */
  readonly busy: boolean;
  /** No more fetches start; the one under way, if any, is the last. */
  dispose(): void;
}

/**
 * Runs `fetch` serially. A failure goes to `onError` and ends the round: the next `run()`
 * starts afresh.
 */
export function serialRefresher(fetch: () => Promise<void>, onError: (error: unknown) => void): SerialRefresher {
  let running = false;
  let again = false;
  let disposed = false;
  const loop = async (): Promise<void> => {
    running = true;
    try {
      do {
        again = false;
        await fetch();
      } while (again && !disposed);
    } catch (error) {
      if (!disposed) onError(error);
    } finally {
      running = false;
    }
  };
  return {
    run() {
      if (disposed) return;
      if (running) again = true;
      else void loop();
    },
    get busy() {
      return running;
    },
    dispose() {
      disposed = true;
    },
  };
}
