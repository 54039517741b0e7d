/**
 * Times and days as the conversation pane shows them, in the local time zone. Without a locale
 * (tests, `LANG=C`) in one fixed format, 24-hour "HH:MM" and "Thu 2 Jan 2025"; with the user's
 * locale (runTui reads it from LC_ALL, LC_TIME or LANG: {@link localeFromEnvironment}) as that
 * locale writes them, "10:32 AM" for en-US. The time column is as wide as the locale's widest
 * time ({@link timeColumns}), so the layout still knows its widths in advance.
 */
import { displayWidth } from './text-width.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

interface LocaleFormats {
  readonly time: Intl.DateTimeFormat;
  readonly day: Intl.DateTimeFormat;
  readonly columns: number;
}

let formats: LocaleFormats | undefined;

/**
 * The BCP 47 locale of a POSIX locale environment, or undefined for C/POSIX, nothing set, or a
 * locale this Node does not know.
 * @example localeFromEnvironment({ LANG: 'de_DE.UTF-8' }) === 'de-DE'
 */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = [env['LC_ALL'], env['LC_TIME'], env['LANG']].find((value) => value !== undefined && value !== '');
  if (raw === undefined) return undefined;
  const tag = raw.replace(/[.@].*$/, '').replace(/_/g, '-');
  if (tag === '' || tag === 'C' || tag === 'POSIX' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag))
    return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag])[0];
  } catch {
    return undefined;
  }
}

/** Shows times and days in `locale` from now on (undefined: the fixed format). */
export function setDisplayLocale(locale: string | undefined): void {
  if (locale === undefined) {
    formats = undefined;
    return;
  }
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  let columns = 0;
  for (let hour = 0; hour < 24; hour++)
    columns = Math.max(columns, displayWidth(time.format(new Date(2025, 0, 2, hour, 59))));
  formats = { time, day, columns };
}

/** Columns the widest time takes. */
export function timeColumns(): number {
  return formats?.columns ?? 5;
}

/** "HH:MM", 24-hour, or the locale's time, padded to {@link timeColumns}. @example formatTime(new Date(2025, 0, 2, 9, 5).getTime()) === '09:05' */
export function formatTime(unixMs: number): string {
  const date = new Date(unixMs);
  if (formats !== undefined) {
    const text = formats.time.format(date);
    return text + ' '.repeat(Math.max(0, formats.columns - displayWidth(text)));
  }
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** "Thu 2 Jan 2025", or the locale's short date with its weekday. */
export function formatDay(unixMs: number): string {
  const date = new Date(unixMs);
  if (formats !== undefined) return formats.day.format(date);
  return `${WEEKDAYS[date.getDay()] ?? ''} ${date.getDate()} ${MONTHS[date.getMonth()] ?? ''} ${date.getFullYear()}`;
}

/** A key that is equal for two instants on the same local calendar day. */
export function dayKey(unixMs: number): string {
  const date = new Date(unixMs);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}
