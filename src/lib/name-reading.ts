/**
 * How a name reads to a person, to tell when two names would look the same on screen: someone
 * may pick a friend's name (or the same letters with invisible characters, another case, a
 * full-width form) to pass as them. Front ends then show a fingerprint beside both.
 */
import { INVISIBLE } from './invisible-characters.js';

/** The name as a person reads it: invisibles and controls gone, same letters whatever the case, width or spacing. */
export function readsAs(name: string): string {
  return name
    .replace(INVISIBLE, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The items whose name (by `nameOf`) reads the same as another item's; blank names never count. */
export function lookalikes<T>(items: Iterable<T>, nameOf: (item: T) => string): Set<T> {
  const byReading = new Map<string, T[]>();
  for (const item of items) {
    const reading = readsAs(nameOf(item));
    if (reading === '') continue;
    const same = byReading.get(reading);
    if (same === undefined) byReading.set(reading, [item]);
    else same.push(item);
  }
  return new Set([...byReading.values()].filter((same) => same.length > 1).flat());
}
