/**
 * Field codecs shared by the file messages: file ids, hash lists, chunk indices, request ids.
 * Readers validate and throw only `DecodeError`s; writers refuse (with `InvalidArgumentError`,
 * a caller bug) what the readers would refuse.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { CHUNK_HASH_BYTES, FILE_ID_BYTES, MAX_CHUNK_COUNT, MAX_REQUEST_ENTRIES } from './file-wire-limits.js';

/** Reads a 32-byte file id. */
export function readFileId(reader: ByteReader, field: string): Uint8Array {
  return reader.readBytes(FILE_ID_BYTES, field);
}

/** Writes a 32-byte file id. */
export function writeFileId(writer: ByteWriter, fileId: Uint8Array, field: string): void {
  if (!(fileId instanceof Uint8Array) || fileId.length !== FILE_ID_BYTES)
    throw invalidArgument(field, `a ${FILE_ID_BYTES}-byte Uint8Array`);
  writer.writeBytes(fileId);
}

/** Reads `count` concatenated chunk hashes (the count is known from context, never from the peer). */
export function readHashes(reader: ByteReader, count: number, field: string): Uint8Array {
  return reader.readBytes(count * CHUNK_HASH_BYTES, field);
}

/** Writes concatenated chunk hashes: exactly `count` of them. */
export function writeHashes(writer: ByteWriter, hashes: Uint8Array, count: number, field: string): void {
  if (!(hashes instanceof Uint8Array) || hashes.length !== count * CHUNK_HASH_BYTES) {
    throw invalidArgument(field, `${count} concatenated ${CHUNK_HASH_BYTES}-byte hashes`);
  }
  writer.writeBytes(hashes);
}

/** Reads a u32 chunk index below MAX_CHUNK_COUNT (whether it is below the file's chunk count is the service's check). */
export function readChunkIndex(reader: ByteReader, field: string): number {
  const index = reader.readU32(field);
  if (index >= MAX_CHUNK_COUNT)
    throw malformedInput(field, `is ${index}, over the largest chunk index ${MAX_CHUNK_COUNT - 1}`);
  return index;
}

/** Writes a chunk index. */
export function writeChunkIndex(writer: ByteWriter, index: number, field: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_CHUNK_COUNT)
    throw invalidArgument(field, `an integer from 0 to ${MAX_CHUNK_COUNT - 1}`);
  writer.writeU32(index);
}

/** Reads u16 count (1 to MAX_REQUEST_ENTRIES) ‖ count distinct u32 request ids. */
export function readRequestIds(reader: ByteReader, field: string): number[] {
  const count = readListCount(reader, MAX_REQUEST_ENTRIES, field);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(reader.readU32(field));
  if (new Set(ids).size !== ids.length) throw malformedInput(field, 'names the same request twice');
  return ids;
}

/** Writes a request id list (see {@link readRequestIds}). */
export function writeRequestIds(writer: ByteWriter, ids: readonly number[], field: string): void {
  checkListLength(ids, MAX_REQUEST_ENTRIES, field);
  if (new Set(ids).size !== ids.length) throw invalidArgument(field, 'a list without repeated ids');
  writer.writeU16(ids.length);
  for (const id of ids) writer.writeU32(id);
}

/** Reads a u16 list count from 1 to `max`. */
export function readListCount(reader: ByteReader, max: number, field: string): number {
  const count = reader.readU16(`${field} count`);
  if (count === 0) throw malformedInput(`${field} count`, 'is 0; a list carries at least one entry');
  if (count > max) throw malformedInput(`${field} count`, `is ${count}, over the limit of ${max}`);
  return count;
}

/** Throws unless `list` is an array of 1 to `max` entries. */
export function checkListLength(list: readonly unknown[], max: number, field: string): void {
  if (!Array.isArray(list) || list.length === 0 || list.length > max)
    throw invalidArgument(field, `an array of 1 to ${max} entries`);
}
