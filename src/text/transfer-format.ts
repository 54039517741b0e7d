/**
 * Sizes, speeds and times left as people read them: "4.2 MiB", "310 KiB/s", "3 min left".
 * Binary units (1 KiB = 1024 bytes) everywhere Burrow shows or reads a size (`--bytes 16M` is
 * 16 MiB), with one decimal below 10 (none for a whole number) and none above.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A byte count, e.g. `formatBytes(4.2 * 2 ** 20) === '4.2 MiB'`.
 * @example formatBytes(999) // '999 B'
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const text = value < 10 && !Number.isInteger(value) ? value.toFixed(1) : String(Math.round(value));
  return `${text} ${UNITS[unit]}`;
}

/** A speed, e.g. `formatRate(310 * 1024) === '310 KiB/s'`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/**
 * Time left, coarse on purpose (a Tor transfer's speed moves around): seconds under a minute,
 * minutes under an hour, then hours and minutes.
 * @example formatEta(200) // '3 min left'
 */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  return `${hours} h ${Math.round((seconds - hours * 3600) / 60)} min left`;
}

/** Percent done, whole (100 only when complete). */
export function percentDone(done: number, size: number): number {
  if (size <= 0) return done >= size ? 100 : 0;
  return Math.min(done >= size ? 100 : 99, Math.floor((done * 100) / size));
}
