/**
 * A transfer's recent speed, for the progress line ("1.2 MB/s, 3 min left"): bytes counted in
 * one-second buckets over a short sliding window, so the figure follows changes within a few
 * seconds without jumping with every 64 KiB block.
 */
import { checkInteger } from '../lib/argument-checks.js';

/** Width of one bucket. */
const BUCKET_MS = 1_000;

/** The window the rate is averaged over (ms): long enough to smooth Tor's bursts. */
export const RATE_WINDOW_MS = 5_000;

/** Bytes per second over the last {@link RATE_WINDOW_MS}. */
export class RateMeter {
  // Bucket start time → bytes, oldest first.
  readonly #buckets: { start: number; bytes: number }[] = [];
  #firstAt: number | undefined;

  /** Counts `bytes` transferred at `now` (unix ms). */
  add(bytes: number, now: number): void {
    checkInteger(bytes, 'bytes', 0, Number.MAX_SAFE_INTEGER);
    this.#firstAt ??= now;
    const start = now - (now % BUCKET_MS);
    const last = this.#buckets[this.#buckets.length - 1];
    if (last !== undefined && last.start === start) last.bytes += bytes;
    else this.#buckets.push({ start, bytes });
    this.#expire(now);
  }

  /**
   * Bytes per second at `now`: the bytes of the window divided by the window's length, or by
   * the time since the first byte while that is shorter (a transfer that just started).
   */
  rate(now: number): number {
    this.#expire(now);
    if (this.#firstAt === undefined || this.#buckets.length === 0) return 0;
    let total = 0;
    for (const bucket of this.#buckets) total += bucket.bytes;
    const span = Math.min(RATE_WINDOW_MS, Math.max(BUCKET_MS, now - this.#firstAt));
    return Math.round((total * 1000) / span);
  }

  #expire(now: number): void {
    while (this.#buckets.length > 0 && this.#buckets[0]!.start + BUCKET_MS <= now - RATE_WINDOW_MS)
      this.#buckets.shift();
  }
}
