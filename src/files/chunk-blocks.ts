/**
 * A chunk travels as its blocks (BLOCK_BYTES each, the last one shorter), one chunk-data
 * message per block, in order (src/protocol/files/chunk-messages.ts). The server cuts a
 * chunk with {@link chunkDataMessages}; the downloader puts blocks back together with a
 * {@link ChunkAssembler}, one buffer per request in progress, allocated only when its first
 * block arrives.
 */
import { checkBytes, checkInteger } from '../lib/argument-checks.js';
import type { ChunkDataBody } from '../protocol/files/chunk-messages.js';
import { BLOCK_BYTES } from '../protocol/files/file-wire-limits.js';
import { ChunkDataInvalidError } from './errors.js';
import type { Manifest } from './manifest.js';

/** The number of blocks of a `length`-byte chunk. */
export function blockCount(length: number): number {
  return Math.ceil(length / BLOCK_BYTES);
}

/**
 * The chunk-data message bodies that carry chunk `index` in answer to `requestId`.
 * @example for (const body of chunkDataMessages(fileId, 7, 0, bytes)) send({ kind: 'chunk-data', ...body })
 */
export function chunkDataMessages(
  fileId: Uint8Array,
  requestId: number,
  index: number,
  bytes: Uint8Array,
): ChunkDataBody[] {
  checkBytes(bytes, 'bytes');
  const bodies: ChunkDataBody[] = [];
  for (let block = 0; block * BLOCK_BYTES < bytes.length; block++) {
    bodies.push({
      fileId,
      requestId,
      index,
      block,
      data: bytes.subarray(block * BLOCK_BYTES, (block + 1) * BLOCK_BYTES),
    });
  }
  return bodies;
}

interface Assembly {
  readonly index: number;
  readonly length: number;
  buffer: Uint8Array | undefined;
  nextBlock: number;
}

/** Reassembles chunks from their blocks, per request. */
export class ChunkAssembler {
  readonly #manifest: Manifest;
  readonly #assemblies = new Map<number, Assembly>();

  constructor(manifest: Manifest) {
    this.#manifest = manifest;
  }

  /** Bytes held in partly received chunks. */
  get bufferedBytes(): number {
    let total = 0;
    for (const assembly of this.#assemblies.values())
      total += assembly.buffer === undefined ? 0 : assembly.nextBlock * BLOCK_BYTES;
    return total;
  }

  /** Starts collecting request `requestId` for chunk `index`. */
  expect(requestId: number, index: number): void {
    checkInteger(requestId, 'requestId', 0, 0xffff_ffff);
    this.#assemblies.set(requestId, {
      index,
      length: this.#manifest.chunkLength(index),
      buffer: undefined,
      nextBlock: 0,
    });
  }

  /** Stops collecting `requestId` (cancelled, timed out, source gone) and frees its buffer. */
  forget(requestId: number): void {
    this.#assemblies.delete(requestId);
  }

  /** Forgets every request `keep` says no to (requests dropped without a cancel: source gone, ban). */
  retain(keep: (requestId: number) => boolean): void {
    for (const requestId of [...this.#assemblies.keys()]) if (!keep(requestId)) this.#assemblies.delete(requestId);
  }

  /**
   * Adds a block. Returns the whole chunk once its last block arrived (the request is then
   * forgotten), else undefined. Throws `ChunkDataInvalidError` (and forgets the request) if
   * the block does not fit: another chunk index than requested, out of order, wrong length.
   * Blocks of requests not expected are the caller's to drop before calling this.
   */
  add(body: ChunkDataBody): Uint8Array | undefined {
    const assembly = this.#assemblies.get(body.requestId);
    if (assembly === undefined) throw new ChunkDataInvalidError('a block for a request that is not in progress');
    const problem = this.#problem(assembly, body);
    if (problem !== undefined) {
      this.#assemblies.delete(body.requestId);
      throw new ChunkDataInvalidError(problem);
    }
    assembly.buffer ??= new Uint8Array(assembly.length);
    assembly.buffer.set(body.data, body.block * BLOCK_BYTES);
    assembly.nextBlock += 1;
    if (assembly.nextBlock < blockCount(assembly.length)) return undefined;
    this.#assemblies.delete(body.requestId);
    return assembly.buffer;
  }

  #problem(assembly: Assembly, body: ChunkDataBody): string | undefined {
    if (body.index !== assembly.index) return `chunk ${body.index} came for a request of chunk ${assembly.index}`;
    if (body.block !== assembly.nextBlock) return `block ${body.block} came where block ${assembly.nextBlock} was due`;
    const expected = Math.min(BLOCK_BYTES, assembly.length - body.block * BLOCK_BYTES);
    if (body.data.length !== expected) return `block ${body.block} is ${body.data.length} bytes, not ${expected}`;
    return undefined;
  }
}
