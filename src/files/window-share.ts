/**
 * Fair shares among the downloads one friend serves us at once. Each download's request window
 * from a friend follows the throughput it measured (window-controller.ts), so the downloads
 * that got ahead keep more requests in flight and stay ahead: with ten files from one friend,
 * the earliest got 2–3× the others (`npm run bench -- files-many`), because a window of two
 * chunks sits whole in socket and tor buffers, outside the sender's round-robin
 * (fair-queue.ts). Here each download reports its window for a friend whenever it plans, and
 * may use at most the mean of the windows that friend's live downloads reported (rounded up):
 * the windows, and with them the shares, converge. A download alone with a friend is never
 * held back, and one that stopped planning (finished, stalled, gone) drops out after
 * {@link WINDOW_REPORT_TTL_MS}.
 */

/** How long a download's reported window counts after its last plan (plans come about every second). */
export const WINDOW_REPORT_TTL_MS = 5_000;

/** What one download sees of the share: the window it may use with `source`. */
export interface DownloadWindowShare {
  allow(source: string, window: number, now: number): number;
}

/** The windows of every live download, per friend. */
export class WindowShare {
  /** source → download → its last reported window and when. */
  readonly #reports = new Map<string, Map<string, { readonly window: number; readonly at: number }>>();

  /** The share of download `download` (any stable key, e.g. its file id). */
  for(download: string): DownloadWindowShare {
    return { allow: (source, window, now) => this.allow(source, download, window, now) };
  }

  /** Records `download`'s `window` for `source` and returns what it may use: at most the mean. */
  allow(source: string, download: string, window: number, now: number): number {
    let reports = this.#reports.get(source);
    if (reports === undefined) {
      reports = new Map();
      this.#reports.set(source, reports);
    }
    reports.set(download, { window, at: now });
    let sum = 0;
    for (const [key, report] of reports) {
      if (now - report.at > WINDOW_REPORT_TTL_MS) reports.delete(key);
      else sum += report.window;
    }
    return reports.size < 2 ? window : Math.min(window, Math.ceil(sum / reports.size));
  }
}
