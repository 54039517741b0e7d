/**
 * One source's candidate chunks, grouped by availability level, for the download scheduler's
 * rarest-first pick: an intrusive doubly linked list per level over typed arrays, so adding,
 * removing and taking the first few are O(1) each with no garbage (a JS Set iterated from the
 * front while its front is deleted pays for the tombstones; this does not).
 *
 * Each chunk is in at most one level. Within a level, chunks keep the order they were added in.
 */
import { checkInteger } from '../lib/argument-checks.js';

const NONE = -1;

/** Chunk indices by level, each level in insertion order. */
export class ChunkPools {
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  // Level of each chunk, or NONE when it is in no pool.
  readonly #levelOf: Int32Array;
  readonly #head: number[] = [];
  readonly #tail: number[] = [];
  #size = 0;

  /** Pools over chunk indices 0 … `count` − 1. */
  constructor(count: number) {
    checkInteger(count, 'count', 0, 2 ** 31 - 1);
    this.#next = new Int32Array(count).fill(NONE);
    this.#prev = new Int32Array(count).fill(NONE);
    this.#levelOf = new Int32Array(count).fill(NONE);
  }

  /** Chunks in all pools. */
  get size(): number {
    return this.#size;
  }

  /** Appends `index` to pool `level` (moving it if it was in another). */
  add(index: number, level: number): void {
    this.delete(index);
    const tail = this.#tail[level] ?? NONE;
    this.#prev[index] = tail;
    this.#next[index] = NONE;
    if (tail === NONE) this.#head[level] = index;
    else this.#next[tail] = index;
    this.#tail[level] = index;
    this.#levelOf[index] = level;
    this.#size += 1;
  }

  /** Removes `index` from its pool, if it is in one. */
  delete(index: number): void {
    const level = this.#levelOf[index]!;
    if (level === NONE) return;
    const prev = this.#prev[index]!;
    const next = this.#next[index]!;
    if (prev === NONE) this.#head[level] = next;
    else this.#next[prev] = next;
    if (next === NONE) this.#tail[level] = prev;
    else this.#prev[next] = prev;
    this.#levelOf[index] = NONE;
    this.#size -= 1;
  }

  /** Empties every pool. */
  clear(): void {
    for (let level = 0; level < this.#head.length; level++) {
      for (let index = this.#head[level] ?? NONE; index !== NONE;) {
        const next = this.#next[index]!;
        this.#levelOf[index] = NONE;
        index = next;
      }
    }
    this.#head.length = 0;
    this.#tail.length = 0;
    this.#size = 0;
  }

  /** Every pooled chunk, lowest level first, each level in insertion order. Do not change the pools while iterating. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let level = 0; level < this.#head.length; level++) {
      for (let index = this.#head[level] ?? NONE; index !== NONE; index = this.#next[index]!) yield index;
    }
  }
}
