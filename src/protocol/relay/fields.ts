/**
 * Field codecs shared by the relay messages: fixed-size byte strings, and lists keyed by
 * envelope id. Lists are written in strictly increasing id order, so every list has exactly one
 * encoding and a peer cannot make us handle one id twice in one message.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { checkRange, compareBytes, readSortedEntries } from '../sorted-fields.js';
import { ENVELOPE_ID_BYTES, MAX_RELAY_LIST_ENTRIES } from './limits.js';

export { checkRange, compareBytes, readFixed, writeFixed } from '../sorted-fields.js';

/**
 * u8 count (1 to {@link MAX_RELAY_LIST_ENTRIES}) ‖ count entries read by `read`, whose ids are
 * strictly increasing.
 */
export function readIdKeyedList<T extends { readonly id: Uint8Array }>(
  reader: ByteReader,
  read: (reader: ByteReader) => T,
  field: string,
): T[] {
  const count = reader.readU8(`${field} count`);
  if (count === 0 || count > MAX_RELAY_LIST_ENTRIES)
    throw malformedInput(`${field} count`, `is ${count}, not 1 to ${MAX_RELAY_LIST_ENTRIES}`);
  return readSortedEntries(reader, count, read, (entry) => entry.id, field);
}

/** Writes a list that {@link readIdKeyedList} reads back: 1 to 64 entries, sorted by id without repeats. */
export function writeIdKeyedList<T extends { readonly id: Uint8Array }>(
  writer: ByteWriter,
  entries: readonly T[],
  write: (writer: ByteWriter, entry: T) => void,
  field: string,
): void {
  // Checked through an `unknown` copy: Array.isArray would narrow `entries` itself to any[].
  const value: unknown = entries;
  if (!Array.isArray(value)) throw invalidArgument(`${field} entries`, 'an array');
  checkRange(entries.length, 1, MAX_RELAY_LIST_ENTRIES, `${field} count`);
  entries.forEach((entry, index) => {
    const id: unknown = entry?.id;
    if (!(id instanceof Uint8Array) || id.length !== ENVELOPE_ID_BYTES)
      throw invalidArgument(`${field} id`, `a ${ENVELOPE_ID_BYTES}-byte Uint8Array`);
    if (index > 0 && compareBytes(entries[index - 1]!.id, id) >= 0)
      throw invalidArgument(field, 'sorted in strictly increasing id order without repeats');
  });
  writer.writeU8(entries.length);
  for (const entry of entries) write(writer, entry);
}
