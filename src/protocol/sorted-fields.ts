/**
 * Field codecs shared by the service codecs (groups, relay): fixed-size byte strings, range
 * checks, and lists sorted by a byte key. Lists are written in strictly increasing byte order,
 * so every set has exactly one encoding (a decoded value re-encodes to the same bytes, which
 * signed formats rely on) and a peer cannot make us process one entry twice.
 */
import { invalidArgument } from '../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from './bytes.js';

/** Lexicographic order of byte strings (shorter first on a common prefix). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** Exactly `length` bytes. */
export function readFixed(reader: ByteReader, length: number, field: string): Uint8Array {
  return reader.readBytes(length, field);
}

/** Writes exactly `length` bytes, or throws `InvalidArgumentError`. */
export function writeFixed(writer: ByteWriter, bytes: Uint8Array, length: number, field: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length)
    throw invalidArgument(field, `a ${length}-byte Uint8Array`);
  writer.writeBytes(bytes);
}

/**
 * Reads `count` entries with `read`, refusing any whose `key` is not strictly greater than the
 * previous one's (so the list is sorted and has no repeats).
 */
export function readSortedEntries<T>(
  reader: ByteReader,
  count: number,
  read: (reader: ByteReader) => T,
  key: (entry: T) => Uint8Array,
  field: string,
): T[] {
  const entries: T[] = [];
  let previous: Uint8Array | undefined;
  for (let i = 0; i < count; i++) {
    const entry = read(reader);
    const current = key(entry);
    if (previous !== undefined && compareBytes(previous, current) >= 0)
      throw malformedInput(field, 'is not in strictly increasing order');
    previous = current;
    entries.push(entry);
  }
  return entries;
}

/** Throws `InvalidArgumentError` unless `value` is an array of `min` to `max` entries. */
export function checkArray(value: unknown, min: number, max: number, field: string): void {
  if (!Array.isArray(value) || value.length < min || value.length > max)
    throw invalidArgument(field, `an array of ${min} to ${max} entries`);
}

/**
 * Throws `InvalidArgumentError` unless `entries` is an array whose keys are strictly increasing
 * (what {@link readSortedEntries} insists on). `key` must not throw on the entries it is given:
 * check their shape first, or use {@link writeSortedEntries}, which checks while writing.
 */
export function checkSortedEntries<T>(entries: readonly T[], key: (entry: T) => Uint8Array, field: string): void {
  const list: unknown = entries;
  if (!Array.isArray(list)) throw invalidArgument(field, 'an array');
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(key(entries[i - 1]!), key(entries[i]!)) >= 0)
      throw invalidArgument(field, 'sorted in strictly increasing byte order without repeats');
  }
}

/**
 * Writes `entries` with `write` (which checks each entry), refusing with `InvalidArgumentError`
 * any whose `key` is not strictly greater than the previous one's: what
 * {@link readSortedEntries} insists on. Call {@link checkArray} first.
 */
export function writeSortedEntries<T>(
  writer: ByteWriter,
  entries: readonly T[],
  write: (writer: ByteWriter, entry: T) => void,
  key: (entry: T) => Uint8Array,
  field: string,
): void {
  let previous: Uint8Array | undefined;
  for (const entry of entries) {
    write(writer, entry);
    const current = key(entry);
    if (previous !== undefined && compareBytes(previous, current) >= 0)
      throw invalidArgument(field, 'sorted in strictly increasing byte order without repeats');
    previous = current;
  }
}

/** Throws `InvalidArgumentError` unless `value` is an integer in [min, max]. */
export function checkRange(value: unknown, min: number, max: number, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalidArgument(field, `an integer from ${min} to ${max}`);
}
