/**
 * Disappearing messages (docs/PROTOCOL.md "Message lifecycle"): a conversation's timer, its
 * range, how a user writes it, and when a message expires. Pure; the clock is the caller's.
 *
 * A message expires `timer` after it was read on this device (after it was written, for the
 * author's own copy). The timer is the one this device had for the conversation when the
 * message was written or stored, never one the message carries, so a peer cannot make a message
 * disappear on our side sooner than the timer both sides see.
 */

/** 0 = messages do not disappear. */
export const TIMER_OFF = 0;
/** The shortest timer (seconds). */
export const MIN_TIMER_SECONDS = 5;
/** The longest timer (seconds): one year. */
export const MAX_TIMER_SECONDS = 365 * 24 * 3600;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^(\d{1,9})\s*([smhdw])$/;

/** Whether `seconds` is a timer a peer may set: 0 (off) or MIN…MAX whole seconds. */
export function isValidTimer(seconds: number): boolean {
  return (
    Number.isSafeInteger(seconds) &&
    (seconds === TIMER_OFF || (seconds >= MIN_TIMER_SECONDS && seconds <= MAX_TIMER_SECONDS))
  );
}

/**
 * A timer as a user writes it: `off`, or a number with a unit (`10s`, `5m`, `1h`, `1d`, `1w`).
 * Returns seconds, or undefined when it is not a duration or out of range.
 *
 * @example parseTimer('1h') // 3600
 */
export function parseTimer(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off' || trimmed === '0') return TIMER_OFF;
  const match = DURATION.exec(trimmed);
  if (match === null) return undefined;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0);
  return seconds !== TIMER_OFF && isValidTimer(seconds) ? seconds : undefined;
}

/** A timer in words for the system line. @example describeTimer(3600) // '1 hour' */
export function describeTimer(seconds: number): string {
  if (seconds === TIMER_OFF) return 'off';
  for (const [unit, size] of [
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    if (seconds % size === 0) return plural(seconds / size, unit);
  }
  return plural(seconds, 'second');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * When a message expires: `timerSeconds` after `startedAt` (read, or written for one's own), or
 * never (undefined) with the timer off or not started yet.
 */
export function expiryOf(timerSeconds: number | undefined, startedAt: number | undefined): number | undefined {
  if (timerSeconds === undefined || timerSeconds === TIMER_OFF || startedAt === undefined) return undefined;
  return startedAt + timerSeconds * 1000;
}

/** Whether a message that expires at `expiresAt` is gone at `now`. */
export function hasExpired(expiresAt: number | undefined, now: number): boolean {
  return expiresAt !== undefined && now >= expiresAt;
}
