/**
 * The window for which the public address is opened (`burrow ctl visibility open --for 10m`,
 * docs/PROTOCOL.md "Visibility"): its range and how a user writes it. Pure.
 */
import { describeTimer, parseTimer } from './disappearing-timer.js';

/** The shortest window (seconds). */
export const MIN_OPEN_WINDOW_SECONDS = 5;
/** The longest window (seconds): a week; for longer, open the address without one. */
export const MAX_OPEN_WINDOW_SECONDS = 7 * 24 * 3600;

/** Whether `seconds` is a window the node takes. */
export function isValidOpenWindow(seconds: number): boolean {
  return Number.isSafeInteger(seconds) && seconds >= MIN_OPEN_WINDOW_SECONDS && seconds <= MAX_OPEN_WINDOW_SECONDS;
}

/**
 * A window as a user writes it, a number with a unit (`30s`, `10m`, `1h`, `1d`, `1w`) as for
 * disappearing timers: seconds, or undefined when it is not one or out of range.
 *
 * @example parseOpenWindow('10m') // 600
 */
export function parseOpenWindow(text: string): number | undefined {
  const seconds = parseTimer(text);
  return seconds !== undefined && isValidOpenWindow(seconds) ? seconds : undefined;
}

/** What a user may write, for error messages. */
export const OPEN_WINDOW_HINT = `a duration from ${MIN_OPEN_WINDOW_SECONDS} seconds to ${describeTimer(MAX_OPEN_WINDOW_SECONDS)} (e.g. 10m, 1h, 1d)`;

/** How long until `openUntil` in words for a status line: minutes (rounded up) under an hour, else hours. */
export function describeRemaining(openUntil: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((openUntil - now) / 60_000));
  return minutes < 60 ? describeTimer(minutes * 60) : describeTimer(Math.round(minutes / 60) * 3600);
}
