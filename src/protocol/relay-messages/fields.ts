/**
 * Field codecs shared by the relay messages: fixed-size byte strings, and lists keyed by
 * envelope id. Lists are written in strictly increasing id order, so every list has exactly one
 * encoding and a peer cannot make us handle one id twice in one message.
 */
import { InvalidArgumentError } from '../../crypto/argument-checks.js';
import { MalformedInputError, type ByteReader, type ByteWriter } from '../bytes.js';
import { ENVELOPE_ID_BYTES, MAX_RELAY_LIST_ENTRIES } from './limits.js';

/**
 * Lexicographic order of byte strings (shorter first on a common prefix): the order of id lists.
 * @example [b, a].sort(compareIds)
 */
export function compareIds(a: Uint8Array, b: Uint8Array): number {
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

/** Writes exactly `length` bytes, or throws `InvalidArgumentError` (a caller bug). */
export function writeFixed(writer: ByteWriter, bytes: Uint8Array, length: number, field: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new InvalidArgumentError(field, `a ${length}-byte Uint8Array`);
  writer.writeBytes(bytes);
}

/** Throws `InvalidArgumentError` unless `value` is an integer in [min, max]. */
export function checkRange(value: unknown, min: number, max: number, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new InvalidArgumentError(field, `an integer from ${min} to ${max}`);
}

/**
 * u8 count (1 to {@link MAX_RELAY_LIST_ENTRIES}) ‖ count entries read by `read`, whose ids are
 * strictly increasing.
 */
export function readIdKeyedList<T extends { readonly id: Uint8Array }>(reader: ByteReader, read: (reader: ByteReader) => T, field: string): T[] {
  const count = reader.readU8(`${field} count`);
  if (count === 0 || count > MAX_RELAY_LIST_ENTRIES) throw new MalformedInputError(`${field} count`, `is ${count}, not 1 to ${MAX_RELAY_LIST_ENTRIES}`);
  const entries: T[] = [];
  for (let i = 0; i < count; i++) {
    const entry = read(reader);
    const previous = entries.at(-1);
    if (previous !== undefined && compareIds(previous.id, entry.id) >= 0) throw new MalformedInputError(field, 'is not in strictly increasing id order');
    entries.push(entry);
  }
  return entries;
}

/** Writes a list that {@link readIdKeyedList} reads back: 1 to 64 entries, sorted by id without repeats. */
export function writeIdKeyedList<T extends { readonly id: Uint8Array }>(writer: ByteWriter, entries: readonly T[], write: (writer: ByteWriter, entry: T) => void, field: string): void {
  // Checked through an `unknown` copy: Array.isArray would narrow `entries` itself to any[].
  const value: unknown = entries;
  if (!Array.isArray(value)) throw new InvalidArgumentError(`${field} entries`, 'an array');
  checkRange(entries.length, 1, MAX_RELAY_LIST_ENTRIES, `${field} count`);
  entries.forEach((entry, index) => {
    const id: unknown = entry?.id;
    if (!(id instanceof Uint8Array) || id.length !== ENVELOPE_ID_BYTES) throw new InvalidArgumentError(`${field} id`, `a ${ENVELOPE_ID_BYTES}-byte Uint8Array`);
    if (index > 0 && compareIds(entries[index - 1]!.id, id) >= 0) throw new InvalidArgumentError(field, 'sorted in strictly increasing id order without repeats');
  });
  writer.writeU8(entries.length);
  for (const entry of entries) write(writer, entry);
}
