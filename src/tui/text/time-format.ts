/**
 * Times and days as the conversation pane shows them, in the local time zone and in one fixed
 * format whatever the locale (so the layout's widths are known in advance).
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "HH:MM", 24-hour. @example formatTime(new Date(2025, 0, 2, 9, 5).getTime()) === '09:05' */
export function formatTime(unixMs: number): string {
  const date = new Date(unixMs);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** "Thu 2 Jan 2025". */
export function formatDay(unixMs: number): string {
  const date = new Date(unixMs);
  return `${WEEKDAYS[date.getDay()] ?? ''} ${date.getDate()} ${MONTHS[date.getMonth()] ?? ''} ${date.getFullYear()}`;
}

/** A key that is equal for two instants on the same local calendar day. */
export function dayKey(unixMs: number): string {
  const date = new Date(unixMs);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}
