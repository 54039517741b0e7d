/**
 * Builds byte strings for the codecs, mirroring {@link ByteReader}: big-endian integers,
 * u8/u16/u32 length prefixes, strict UTF-8. Every write checks its argument and throws
 * `InvalidArgumentError` (a bug in the caller) rather than writing something the peer's reader
 * would refuse.
 *
 * @example
 * ```ts
 * const bytes = new ByteWriter().writeU8(1).writeString8(nickname, MAX_NICKNAME_BYTES).finish();
 * ```
 */
import { checkBytes, checkInteger, invalidArgument } from '../lib/argument-checks.js';

const UTF8 = new TextEncoder();
// A lone surrogate cannot be encoded as UTF-8; TextEncoder would silently turn it into U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const U64_MAX = (1n << 64n) - 1n;
const INITIAL_CAPACITY = 64;

export class ByteWriter {
  #buffer = new Uint8Array(INITIAL_CAPACITY);
  #view = new DataView(this.#buffer.buffer);
  #length = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  #reserve(count: number): number {
    const needed = this.#length + count;
    if (needed > this.#buffer.length) {
      let capacity = this.#buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
      this.#view = new DataView(grown.buffer);
    }
    const start = this.#length;
    this.#length = needed;
    return start;
  }

  /** One byte, 0–255. */
  writeU8(value: number): this {
    checkInteger(value, 'u8 value', 0, 0xff);
    const offset = this.#reserve(1); // may replace #view
    this.#view.setUint8(offset, value);
    return this;
  }

  /** A big-endian u16. */
  writeU16(value: number): this {
    checkInteger(value, 'u16 value', 0, 0xffff);
    const offset = this.#reserve(2); // may replace #view
    this.#view.setUint16(offset, value);
    return this;
  }

  /** A big-endian u32. */
  writeU32(value: number): this {
    checkInteger(value, 'u32 value', 0, 0xffff_ffff);
    const offset = this.#reserve(4); // may replace #view
    this.#view.setUint32(offset, value);
    return this;
  }

  /** A big-endian u64 from a bigint or a safe non-negative integer. */
  writeU64(value: bigint | number): this {
    if (typeof value === 'number') checkInteger(value, 'u64 value', 0, Number.MAX_SAFE_INTEGER);
    else if (typeof value !== 'bigint' || value < 0n || value > U64_MAX)
      throw invalidArgument('u64 value', 'a bigint from 0 to 2^64 − 1');
    const offset = this.#reserve(8); // may replace #view
    this.#view.setBigUint64(offset, BigInt(value));
    return this;
  }

  /** 1 or 0. */
  writeBool(value: boolean): this {
    if (typeof value !== 'boolean') throw invalidArgument('bool value', 'a boolean');
    return this.writeU8(value ? 1 : 0);
  }

  /** Raw bytes, no length. */
  writeBytes(bytes: Uint8Array): this {
    checkBytes(bytes, 'bytes');
    // Reserve first: it may replace #buffer.
    const start = this.#reserve(bytes.length);
    this.#buffer.set(bytes, start);
    return this;
  }

  #writeLength(prefixBytes: 1 | 2 | 4, length: number, max: number | undefined): void {
    const limit = prefixBytes === 1 ? 0xff : prefixBytes === 2 ? 0xffff : 0xffff_ffff;
    const effective = max ?? limit;
    checkInteger(effective, 'max', 0, limit);
    if (length > effective)
      throw invalidArgument('length-prefixed field', `at most ${effective} bytes (got ${length})`);
    if (prefixBytes === 1) this.writeU8(length);
    else if (prefixBytes === 2) this.writeU16(length);
    else this.writeU32(length);
  }

  /** u8 length ‖ bytes; throws if longer than `max` (default 255). */
  writeVarBytes8(bytes: Uint8Array, max?: number): this {
    checkBytes(bytes, 'bytes');
    this.#writeLength(1, bytes.length, max);
    return this.writeBytes(bytes);
  }

  /** u16 length ‖ bytes; throws if longer than `max` (default 65535). */
  writeVarBytes16(bytes: Uint8Array, max?: number): this {
    checkBytes(bytes, 'bytes');
    this.#writeLength(2, bytes.length, max);
    return this.writeBytes(bytes);
  }

  /** u32 length ‖ bytes; throws if longer than `max` (default 2^32 − 1). */
  writeVarBytes32(bytes: Uint8Array, max?: number): this {
    checkBytes(bytes, 'bytes');
    this.#writeLength(4, bytes.length, max);
    return this.writeBytes(bytes);
  }

  #utf8(text: string): Uint8Array {
    if (typeof text !== 'string' || LONE_SURROGATE.test(text))
      throw invalidArgument('text', 'a well-formed string (no lone surrogates)');
    return UTF8.encode(text);
  }

  /** u8 byte length ‖ UTF-8; throws if the encoding is longer than `maxBytes`. */
  writeString8(text: string, maxBytes?: number): this {
    return this.writeVarBytes8(this.#utf8(text), maxBytes);
  }

  /** u16 byte length ‖ UTF-8; throws if the encoding is longer than `maxBytes`. */
  writeString16(text: string, maxBytes?: number): this {
    return this.writeVarBytes16(this.#utf8(text), maxBytes);
  }

  #writeNested(prefixBytes: 1 | 2 | 4, write: (writer: ByteWriter) => void, max: number | undefined): this {
    const inner = new ByteWriter();
    write(inner);
    const bytes = inner.finish();
    this.#writeLength(prefixBytes, bytes.length, max);
    return this.writeBytes(bytes);
  }

  /** u8 length ‖ whatever `write` writes (the counterpart of `ByteReader.readNested8`). */
  writeNested8(write: (writer: ByteWriter) => void, max?: number): this {
    return this.#writeNested(1, write, max);
  }

  /** u16 length ‖ whatever `write` writes. */
  writeNested16(write: (writer: ByteWriter) => void, max?: number): this {
    return this.#writeNested(2, write, max);
  }

  /** u32 length ‖ whatever `write` writes. */
  writeNested32(write: (writer: ByteWriter) => void, max?: number): this {
    return this.#writeNested(4, write, max);
  }

  /** The bytes written, as a new array (the writer may go on being used). */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}
