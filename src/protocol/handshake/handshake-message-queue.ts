/**
 * Splits the incoming byte stream into handshake messages: each is a big-endian u16 length ‖
 * message (Noise §13). A length over MAX_HANDSHAKE_MESSAGE_BYTES is refused as soon as its two
 * bytes arrive, before anything is buffered for it.
 */
import { ByteWriter } from '../byte-writer.js';
import { ChunkQueue } from '../chunk-queue.js';
import { HANDSHAKE_LENGTH_PREFIX_BYTES, MAX_HANDSHAKE_MESSAGE_BYTES } from './handshake-constants.js';
import { handshakeMalformed, type HandshakeMessageNumber } from './handshake-errors.js';

/** u16 length ‖ message, ready to send. */
export function withLengthPrefix(message: Uint8Array): Uint8Array {
  return new ByteWriter().writeVarBytes16(message, MAX_HANDSHAKE_MESSAGE_BYTES).finish();
}

export class HandshakeMessageQueue {
  readonly #queue = new ChunkQueue();

  /** Buffers a chunk of the stream. */
  push(chunk: Uint8Array): void {
    this.#queue.push(chunk);
  }

  /** The next complete message (expected to be message `messageNumber`), or undefined until it has arrived. */
  next(messageNumber: HandshakeMessageNumber): Uint8Array | undefined {
    if (this.#queue.length < HANDSHAKE_LENGTH_PREFIX_BYTES) return undefined;
    const prefix = this.#queue.peek(HANDSHAKE_LENGTH_PREFIX_BYTES);
    const length = (prefix[0]! << 8) | prefix[1]!;
    if (length > MAX_HANDSHAKE_MESSAGE_BYTES) {
      throw handshakeMalformed(
        messageNumber,
        `it announces ${length} bytes, over the limit of ${MAX_HANDSHAKE_MESSAGE_BYTES}`,
      );
    }
    if (this.#queue.length < HANDSHAKE_LENGTH_PREFIX_BYTES + length) return undefined;
    this.#queue.take(HANDSHAKE_LENGTH_PREFIX_BYTES);
    return Uint8Array.from(this.#queue.take(length));
  }

  /** Everything buffered after the last message (the first session frames), removed. */
  takeRest(): Uint8Array {
    return Uint8Array.from(this.#queue.takeAll());
  }
}
