/**
 * A cursor over untrusted bytes that only ever throws {@link DecodeError}s (docs/ARCHITECTURE.md "Conventions", arti
 * tor-bytes `Reader`). Integers are big-endian (network order). Length-prefixed reads check the
 * length against a caller-given maximum *before* looking for the bytes, and nothing is allocated
 * from a length field until the bytes are really there.
 *
 * @example
 * ```ts
 * const hello = ByteReader.decode(bytes, (r) => ({
 *   version: r.readU8('version'),
 *   nickname: r.readString8(MAX_NICKNAME_BYTES, 'nickname'),
 *   avatar: r.readVarBytes16(MAX_AVATAR_BYTES, 'avatar'),
 * }));
 * ```
 */
import { checkBytes, checkInteger } from '../lib/argument-checks.js';
import { IncompleteInputError, malformedInput, trailingBytes } from './decode-errors.js';

// Strict UTF-8: invalid sequences throw instead of becoming U+FFFD; a BOM is kept, not eaten.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const U8_MAX = 0xff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffff_ffff;

export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  /** Reads from `bytes` (not copied: do not change them while reading). */
  constructor(bytes: Uint8Array) {
    checkBytes(bytes, 'bytes');
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Decodes all of `bytes` with `read`, then requires the end of input: the usual entry point
   * of a codec. Throws a `TrailingBytesError` if `read` left bytes over.
   */
  static decode<T>(bytes: Uint8Array, read: (reader: ByteReader) => T, field = 'message'): T {
    const reader = new ByteReader(bytes);
    const value = read(reader);
    reader.expectEnd(field);
    return value;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#offset;
  }

  /** Bytes not yet consumed. */
  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  #take(length: number, field: string): number {
    const missing = length - this.remaining;
    if (missing > 0) throw new IncompleteInputError(field, missing);
    const start = this.#offset;
    this.#offset += length;
    return start;
  }

  /** One unsigned byte. */
  readU8(field = 'u8'): number {
    return this.#view.getUint8(this.#take(1, field));
  }

  /** A big-endian u16. */
  readU16(field = 'u16'): number {
    return this.#view.getUint16(this.#take(2, field));
  }

  /** A big-endian u32. */
  readU32(field = 'u32'): number {
    return this.#view.getUint32(this.#take(4, field));
  }

  /** A big-endian u64 as a bigint. */
  readU64(field = 'u64'): bigint {
    return this.#view.getBigUint64(this.#take(8, field));
  }

  /** A big-endian u64 that must fit a safe JS integer (≤ 2^53 − 1), else malformed. */
  readU64Number(field = 'u64'): number {
    const value = this.readU64(field);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformedInput(field, 'is larger than 2^53 − 1');
    return Number(value);
  }

  /** A boolean byte: exactly 0 or 1; anything else is malformed (one encoding per value). */
  readBool(field = 'bool'): boolean {
    const value = this.readU8(field);
    if (value > 1) throw malformedInput(field, `is ${value}, not 0 or 1`);
    return value === 1;
  }

  /** Exactly `length` bytes, copied (so the result does not pin the input buffer). */
  readBytes(length: number, field = 'bytes'): Uint8Array {
    checkInteger(length, 'length', 0, Number.MAX_SAFE_INTEGER);
    const start = this.#take(length, field);
    return this.#bytes.slice(start, start + length);
  }

  /** Everything left, copied. */
  readRest(): Uint8Array {
    return this.readBytes(this.remaining, 'rest');
  }

  #readLength(prefixBytes: 1 | 2 | 4, max: number, field: string): number {
    const limit = prefixBytes === 1 ? U8_MAX : prefixBytes === 2 ? U16_MAX : U32_MAX;
    checkInteger(max, 'max', 0, limit);
    const length =
      prefixBytes === 1 ? this.readU8(field) : prefixBytes === 2 ? this.readU16(field) : this.readU32(field);
    // Refuse an oversized length before waiting for (or allocating) its bytes.
    if (length > max) throw malformedInput(field, `is ${length} bytes long, over the limit of ${max}`);
    return length;
  }

  /** u8 length ‖ that many bytes; length ≤ `max`. */
  readVarBytes8(max: number, field = 'bytes'): Uint8Array {
    return this.readBytes(this.#readLength(1, max, field), field);
  }

  /** u16 length ‖ that many bytes; length ≤ `max`. */
  readVarBytes16(max: number, field = 'bytes'): Uint8Array {
    return this.readBytes(this.#readLength(2, max, field), field);
  }

  /** u32 length ‖ that many bytes; length ≤ `max`. */
  readVarBytes32(max: number, field = 'bytes'): Uint8Array {
    return this.readBytes(this.#readLength(4, max, field), field);
  }

  #decodeUtf8(bytes: Uint8Array, field: string): string {
    try {
      return UTF8.decode(bytes);
    } catch (error) {
      throw malformedInput(field, 'is not valid UTF-8', error);
    }
  }

  /** u8 byte length ‖ strict UTF-8 text of at most `maxBytes` bytes. */
  readString8(maxBytes: number, field = 'text'): string {
    return this.#decodeUtf8(this.readVarBytes8(maxBytes, field), field);
  }

  /** u16 byte length ‖ strict UTF-8 text of at most `maxBytes` bytes. */
  readString16(maxBytes: number, field = 'text'): string {
    return this.#decodeUtf8(this.readVarBytes16(maxBytes, field), field);
  }

  #readNested<T>(prefixBytes: 1 | 2 | 4, max: number, read: (reader: ByteReader) => T, field: string): T {
    const length = this.#readLength(prefixBytes, max, field);
    const start = this.#take(length, field);
    const inner = new ByteReader(this.#bytes.subarray(start, start + length));
    try {
      const value = read(inner);
      inner.expectEnd(field);
      return value;
    } catch (error) {
      // Inside a length-prefixed field more input cannot help: its length said this was all.
      if (error instanceof IncompleteInputError)
        throw malformedInput(field, `is shorter than its contents (${error.field})`, error);
      throw error;
    }
  }

  /**
   * u8 length ‖ a value that `read` decodes from exactly those bytes. Inside, running out of
   * bytes is malformed (not incomplete) and leftover bytes are a `TrailingBytesError`.
   */
  readNested8<T>(max: number, read: (reader: ByteReader) => T, field = 'nested'): T {
    return this.#readNested(1, max, read, field);
  }

  /** u16 length ‖ a value decoded from exactly those bytes (see {@link readNested8}). */
  readNested16<T>(max: number, read: (reader: ByteReader) => T, field = 'nested'): T {
    return this.#readNested(2, max, read, field);
  }

  /** u32 length ‖ a value decoded from exactly those bytes (see {@link readNested8}). */
  readNested32<T>(max: number, read: (reader: ByteReader) => T, field = 'nested'): T {
    return this.#readNested(4, max, read, field);
  }

  /** Throws a `TrailingBytesError` unless every byte was consumed. */
  expectEnd(field = 'message'): void {
    if (this.remaining > 0) throw trailingBytes(field, this.remaining);
  }
}
