/**
 * Field codecs of the group wire messages: group and member names, plus the shared fixed-size
 * and sorted-list codecs (../sorted-fields.ts), re-exported for the group codecs.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { readDisplayName, writeDisplayName } from '../envelope/fields.js';

export {
  checkArray,
  checkRange,
  checkSortedEntries,
  compareBytes,
  readFixed,
  readSortedEntries,
  writeFixed,
  writeSortedEntries,
} from '../sorted-fields.js';

/** A group name: a display name (≤ 64 bytes of UTF-8, no control characters) that is not empty. */
export function readGroupName(reader: ByteReader, field: string): string {
  const name = readDisplayName(reader, field);
  if (name.length === 0) throw malformedInput(field, 'is empty');
  return name;
}

/** Writes a group name (see {@link readGroupName}). */
export function writeGroupName(writer: ByteWriter, name: string, field: string): void {
  if (typeof name !== 'string' || name.length === 0) throw invalidArgument(field, 'a non-empty string');
  writeDisplayName(writer, name, field);
}

export { readDisplayName as readMemberName, writeDisplayName as writeMemberName };
