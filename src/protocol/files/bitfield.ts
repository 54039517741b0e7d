/**
 * A fixed-length set of chunk indices: which chunks of a file someone holds. Its byte form is
 * BitTorrent's (BEP 3 "bitfield"): bit i is the (i mod 8)-th most significant bit of byte
 * floor(i / 8), and the spare bits of the last byte are zero, so each set has one encoding.
 *
 * @example
 * ```ts
 * const have = new Bitfield(10);
 * have.set(0); have.set(9);
 * have.toBytes(); // 80 40
 * ```
 */
import { checkBytes, checkInteger } from '../../lib/argument-checks.js';
import { malformedInput } from '../bytes.js';
import { MAX_CHUNK_COUNT } from './file-wire-limits.js';

/** A set of chunk indices with BitTorrent's byte form (see the module comment). */
export class Bitfield {
  readonly #bits: Uint8Array;
  readonly #length: number;
  #count = 0;

  /** An empty set over indices 0 … `length` − 1 (`length` ≤ MAX_CHUNK_COUNT). */
  constructor(length: number) {
    checkInteger(length, 'length', 0, MAX_CHUNK_COUNT);
    this.#length = length;
    this.#bits = new Uint8Array(Math.ceil(length / 8));
  }

  /** A full set over `length` indices. */
  static full(length: number): Bitfield {
    const field = new Bitfield(length);
    for (let i = 0; i < length; i++) field.set(i);
    return field;
  }

  /**
   * The set encoded in `bytes` (as {@link toBytes} writes it) over `length` indices. Throws
   * `MalformedInputError` (a decode error: bytes come from a peer or the store) if the byte
   * count is wrong or a spare bit is set.
   */
  static fromBytes(bytes: Uint8Array, length: number, field = 'bitfield'): Bitfield {
    checkBytes(bytes, 'bytes');
    const result = new Bitfield(length);
    if (bytes.length !== result.#bits.length) {
      throw malformedInput(field, `is ${bytes.length} bytes, but ${length} bits need ${result.#bits.length}`);
    }
    const spare = result.#bits.length * 8 - length;
    if (spare > 0 && (bytes[bytes.length - 1]! & ((1 << spare) - 1)) !== 0)
      throw malformedInput(field, 'has spare bits set');
    result.#bits.set(bytes);
    for (const byte of bytes) result.#count += popcount(byte);
    return result;
  }

  /** How many indices the set ranges over. */
  get length(): number {
    return this.#length;
  }

  /** How many indices are in the set. */
  get count(): number {
    return this.#count;
  }

  /** Whether every index is in the set. */
  get isFull(): boolean {
    return this.#count === this.#length;
  }

  /** Whether index `i` is in the set (false outside 0 … length − 1). */
  has(i: number): boolean {
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) return false;
    return (this.#bits[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  }

  /** Adds index `i`; returns whether it was new. */
  set(i: number): boolean {
    checkInteger(i, 'index', 0, this.#length - 1);
    if (this.has(i)) return false;
    this.#bits[i >> 3] = this.#bits[i >> 3]! | (0x80 >> (i & 7));
    this.#count += 1;
    return true;
  }

  /** Removes index `i`; returns whether it was there. */
  clear(i: number): boolean {
    checkInteger(i, 'index', 0, this.#length - 1);
    if (!this.has(i)) return false;
    this.#bits[i >> 3] = this.#bits[i >> 3]! & ~(0x80 >> (i & 7));
    this.#count -= 1;
    return true;
  }

  /** The indices in the set, ascending. */
  *indices(): IterableIterator<number> {
    for (let i = 0; i < this.#length; i++) if (this.has(i)) yield i;
  }

  /** The indices not in the set, ascending. */
  *missing(): IterableIterator<number> {
    for (let i = 0; i < this.#length; i++) if (!this.has(i)) yield i;
  }

  /** A copy. */
  clone(): Bitfield {
    return Bitfield.fromBytes(this.#bits, this.#length);
  }

  /** The byte form (a copy). */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.#bits);
  }
}

function popcount(byte: number): number {
  let count = 0;
  for (let b = byte; b !== 0; b &= b - 1) count += 1;
  return count;
}
