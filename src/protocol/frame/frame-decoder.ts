/**
 * The streaming frame decoder for one direction of a session: accepts the byte stream in chunks
 * split anywhere, returns the bodies of complete frames, and throws only `FrameError`s.
 *
 * A length prefix over the maximum or outside the padded sizes is refused as soon as its four
 * bytes arrive, before any of the frame is buffered, so at most one maximal frame is ever held.
 * Frames must arrive with consecutive counters: a replayed, dropped or reordered frame fails
 * authentication. After any failure the decoder stays failed.
 */
import { checkBytes } from '../../lib/argument-checks.js';
import { chachaPolyOpen, CHACHA20_POLY1305_KEY_LENGTH, POLY1305_TAG_LENGTH } from '../../crypto/chacha20-poly1305.js';
import { DecryptionFailedError } from '../../crypto/crypto-errors.js';
import { ChunkQueue } from '../chunk-queue.js';
import { counterNonce, MAX_NONCE_COUNTER } from '../counter-nonce.js';
import type { FrameCounterOptions } from './frame-encoder.js';
import {
  FrameCounterExhaustedError,
  frameDecoderFailed,
  frameDecryptFailed,
  FrameError,
  badFrameSize,
  frameTooLarge,
  TruncatedFrameError,
} from './frame-errors.js';
import { FRAME_LENGTH_PREFIX_BYTES, MAX_FRAME_CIPHERTEXT } from './frame-limits.js';
import { isPaddedSize, unpadFrameBody } from './frame-padding.js';

export class FrameDecoder {
  readonly #key: Uint8Array;
  readonly #queue = new ChunkQueue();
  #counter: bigint;
  // Ciphertext length of the frame being received, once its prefix was read and checked.
  #pending: { prefix: Uint8Array; length: number } | undefined;
  #failure: FrameError | undefined;

  /** `key` is this direction's 32-byte receive key from the handshake. */
  constructor(key: Uint8Array, options: FrameCounterOptions = {}) {
    checkBytes(key, 'key', CHACHA20_POLY1305_KEY_LENGTH);
    this.#key = Uint8Array.from(key);
    this.#counter = options.firstCounter ?? 0n;
  }

  /** Counter of the next expected frame. */
  get counter(): bigint {
    return this.#counter;
  }

  /** Bytes of an incomplete frame held. */
  get bufferedBytes(): number {
    return this.#queue.length + (this.#pending === undefined ? 0 : FRAME_LENGTH_PREFIX_BYTES);
  }

  /**
   * Feeds a chunk and calls `onBody` with each frame it completes, in order. A bad frame throws
   * only after the good frames before it (even in the same chunk) were delivered.
   * @example decoder.feed(chunk, (body) => handle(body))
   */
  feed(chunk: Uint8Array, onBody: (body: Uint8Array) => void): void {
    if (this.#failure !== undefined) throw frameDecoderFailed(this.#failure);
    checkBytes(chunk, 'chunk');
    this.#queue.push(chunk);
    for (;;) {
      let body: Uint8Array | undefined;
      try {
        body = this.#next();
      } catch (error) {
        // #next throws only FrameErrors; anything else would be a bug worth surfacing as is.
        if (error instanceof FrameError) this.#failure = error;
        throw error;
      }
      if (body === undefined) return;
      onBody(body);
    }
  }

  /**
   * Feeds a chunk and returns the bodies of the frames it completed (maybe none). If a frame
   * fails, the error is thrown and the good bodies of the same chunk are not returned: use
   * {@link feed} where they matter.
   * @example for (const body of decoder.push(chunk)) handle(body)
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const bodies: Uint8Array[] = [];
    this.feed(chunk, (body) => bodies.push(body));
    return bodies;
  }

  /** Call at the end of the stream: throws `TruncatedFrameError` if part of a frame is held. */
  finish(): void {
    if (this.#failure !== undefined) throw frameDecoderFailed(this.#failure);
    if (this.bufferedBytes > 0) {
      this.#failure = new TruncatedFrameError(this.bufferedBytes);
      throw this.#failure;
    }
  }

  #next(): Uint8Array | undefined {
    if (this.#pending === undefined) {
      if (this.#queue.length < FRAME_LENGTH_PREFIX_BYTES) return undefined;
      const prefix = Uint8Array.from(this.#queue.take(FRAME_LENGTH_PREFIX_BYTES));
      const length = new DataView(prefix.buffer).getUint32(0);
      if (length > MAX_FRAME_CIPHERTEXT) throw frameTooLarge(length);
      if (length < POLY1305_TAG_LENGTH || !isPaddedSize(length - POLY1305_TAG_LENGTH)) throw badFrameSize(length);
      this.#pending = { prefix, length };
    }
    if (this.#queue.length < this.#pending.length) return undefined;
    const { prefix, length } = this.#pending;
    this.#pending = undefined;
    const sealed = this.#queue.take(length);
    if (this.#counter > MAX_NONCE_COUNTER) throw new FrameCounterExhaustedError();
    let padded: Uint8Array;
    try {
      padded = chachaPolyOpen(this.#key, counterNonce(this.#counter), sealed, prefix);
    } catch (error) {
      if (error instanceof DecryptionFailedError) throw frameDecryptFailed(this.#counter);
      throw error;
    }
    this.#counter += 1n;
    return unpadFrameBody(padded);
  }
}
