/**
 * The fixed fields of a file manifest (name, size, chunk size) and the rules every manifest
 * obeys, shared by the decoder (which refuses a peer's bad header with `MalformedInputError`),
 * the encoder (which refuses a caller's with `InvalidArgumentError`) and src/files.
 *
 *   header = u8 len ‖ name (1–255 bytes UTF-8) ‖ u64 size ‖ u32 chunk size
 *
 * The chunk count is not sent: it is ceil(size / chunk size), so a peer cannot announce a count
 * that disagrees with the size.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import {
  BLOCK_BYTES,
  MAX_CHUNK_COUNT,
  MAX_CHUNK_SIZE,
  MAX_FILE_NAME_BYTES,
  MAX_FILE_SIZE,
  MIN_CHUNK_SIZE,
} from './file-wire-limits.js';

/** The fixed fields of a manifest. */
export interface ManifestHeader {
  /** The file's name as the sender offers it (display text; the receiver makes its own safe local name). */
  readonly name: string;
  /** Bytes, 0 to {@link MAX_FILE_SIZE}. */
  readonly size: number;
  /** Bytes per chunk (the last chunk may be shorter): a multiple of BLOCK_BYTES within [MIN_CHUNK_SIZE, MAX_CHUNK_SIZE]. */
  readonly chunkSize: number;
}

// Unicode "Cc" (C0 with NUL, DEL, C1): a file name is one line of text.
const CONTROL_CHARACTER = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UTF8 = new TextEncoder();

/**
 * Why `name` may not travel as a file name, or undefined if it may: empty, over
 * {@link MAX_FILE_NAME_BYTES}, a control character, a path separator (`/` or `\`), or `.`/`..`.
 * The wire refuses these outright (a name with a slash is a path, which no honest sender
 * offers); names that are merely awkward locally (leading dot or dash, reserved on Windows, …)
 * are neutralised by the receiver's `safeFileName`.
 * @example fileNameProblem('../.bashrc') // 'contains a path separator'
 */
export function fileNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || LONE_SURROGATE.test(name)) return 'is not well-formed text';
  if (name.length === 0) return 'is empty';
  const bytes = UTF8.encode(name).length;
  if (bytes > MAX_FILE_NAME_BYTES) return `is ${bytes} bytes long, over the limit of ${MAX_FILE_NAME_BYTES}`;
  if (CONTROL_CHARACTER.test(name)) return 'contains control characters';
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator';
  if (name === '.' || name === '..') return 'is a directory reference';
  return undefined;
}

/**
 * The number of chunks of a file of `size` bytes cut into `chunkSize`-byte chunks (0 for an
 * empty file).
 * @example chunkCountOf(261_121, 261_120) // 2
 */
export function chunkCountOf(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize);
}

/** Why `chunkSize` is not a valid chunk size, or undefined. */
export function chunkSizeProblem(chunkSize: number): string | undefined {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    return `is ${String(chunkSize)}, outside ${MIN_CHUNK_SIZE}–${MAX_CHUNK_SIZE}`;
  }
  if (chunkSize % BLOCK_BYTES !== 0) return `is ${chunkSize}, not a multiple of the ${BLOCK_BYTES}-byte block`;
  return undefined;
}

/** Why `size` cannot be cut into `chunkSize` chunks within the limits, or undefined. */
export function fileSizeProblem(size: number, chunkSize: number): string | undefined {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_FILE_SIZE)
    return `is ${String(size)}, outside 0–${MAX_FILE_SIZE}`;
  const count = chunkCountOf(size, chunkSize);
  if (count > MAX_CHUNK_COUNT)
    return `needs ${count} chunks of ${chunkSize} bytes, over the limit of ${MAX_CHUNK_COUNT}`;
  return undefined;
}

/** Reads and checks a manifest header. */
export function readManifestHeader(reader: ByteReader, field: string): ManifestHeader {
  const name = reader.readString8(MAX_FILE_NAME_BYTES, `${field} name`);
  const nameIssue = fileNameProblem(name);
  if (nameIssue !== undefined) throw malformedInput(`${field} name`, nameIssue);
  const size = reader.readU64Number(`${field} size`);
  const chunkSize = reader.readU32(`${field} chunk size`);
  const chunkIssue = chunkSizeProblem(chunkSize);
  if (chunkIssue !== undefined) throw malformedInput(`${field} chunk size`, chunkIssue);
  const sizeIssue = fileSizeProblem(size, chunkSize);
  if (sizeIssue !== undefined) throw malformedInput(`${field} size`, sizeIssue);
  return { name, size, chunkSize };
}

/** Throws `InvalidArgumentError` unless `header` obeys every rule {@link readManifestHeader} checks. */
export function checkManifestHeader(header: ManifestHeader, field: string): void {
  if (typeof header !== 'object' || header === null) throw invalidArgument(field, 'a manifest header object');
  const nameIssue = fileNameProblem(header.name);
  if (nameIssue !== undefined) throw invalidArgument(`${field} name`, `a valid file name (it ${nameIssue})`);
  const chunkIssue = chunkSizeProblem(header.chunkSize);
  if (chunkIssue !== undefined) throw invalidArgument(`${field} chunk size`, `a valid chunk size (it ${chunkIssue})`);
  const sizeIssue = fileSizeProblem(header.size, header.chunkSize);
  if (sizeIssue !== undefined) throw invalidArgument(`${field} size`, `a valid file size (it ${sizeIssue})`);
}

/** Writes a manifest header; throws `InvalidArgumentError` for one the reader would refuse. */
export function writeManifestHeader(writer: ByteWriter, header: ManifestHeader, field: string): void {
  checkManifestHeader(header, field);
  writer.writeString8(header.name, MAX_FILE_NAME_BYTES).writeU64(header.size).writeU32(header.chunkSize);
}
