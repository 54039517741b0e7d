/**
 * A FIFO of byte chunks from a stream, for decoders that must accept input split at any byte.
 * Taking bytes copies only when a request spans chunks; nothing is allocated ahead of the data.
 */
import { checkBytes, checkInteger } from '../lib/argument-checks.js';

export class ChunkQueue {
  #chunks: Uint8Array[] = [];
  // Offset of the first unread byte in #chunks[0].
  #head = 0;
  #length = 0;

  /** Bytes buffered. */
  get length(): number {
    return this.#length;
  }

  /** Appends a chunk (kept by reference: the caller must not change it afterwards). */
  push(chunk: Uint8Array): void {
    checkBytes(chunk, 'chunk');
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The first `count` bytes without consuming them; `count` must be ≤ {@link length}. */
  peek(count: number): Uint8Array {
    return this.#read(count, false);
  }

  /** Removes and returns the first `count` bytes; `count` must be ≤ {@link length}. */
  take(count: number): Uint8Array {
    return this.#read(count, true);
  }

  /** Removes and returns everything buffered. */
  takeAll(): Uint8Array {
    return this.take(this.#length);
  }

  #read(count: number, consume: boolean): Uint8Array {
    checkInteger(count, 'count', 0, this.#length);
    const first = this.#chunks[0];
    if (first !== undefined && first.length - this.#head >= count) {
      const view = first.subarray(this.#head, this.#head + count);
      if (consume) this.#advance(count);
      return view;
    }
    const out = new Uint8Array(count);
    let filled = 0;
    let index = 0;
    let offset = this.#head;
    while (filled < count) {
      const chunk = this.#chunks[index]!;
      const n = Math.min(count - filled, chunk.length - offset);
      out.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      index += 1;
      offset = 0;
    }
    if (consume) this.#advance(count);
    return out;
  }

  #advance(count: number): void {
    this.#length -= count;
    let left = count;
    while (left > 0) {
      const first = this.#chunks[0]!;
      const available = first.length - this.#head;
      if (left < available) {
        this.#head += left;
        return;
      }
      left -= available;
      this.#chunks.shift();
      this.#head = 0;
    }
  }
}
