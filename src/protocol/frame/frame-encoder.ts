/**
 * Seals bodies into frames for one direction of a session: pads, encrypts with the next
 * counter nonce, prefixes the length (see frame-limits.ts for the wire form).
 */
import { checkBytes } from '../../lib/argument-checks.js';
import { chachaPolySeal, CHACHA20_POLY1305_KEY_LENGTH, POLY1305_TAG_LENGTH } from '../../crypto/chacha20-poly1305.js';
import { counterNonce, MAX_NONCE_COUNTER } from '../counter-nonce.js';
import { FrameCounterExhaustedError } from './frame-errors.js';
import { FRAME_LENGTH_PREFIX_BYTES } from './frame-limits.js';
import { padFrameBody } from './frame-padding.js';

/** Options of {@link FrameEncoder} and `FrameDecoder`. */
export interface FrameCounterOptions {
  /** Counter of the first frame (default 0). Tests start near the limit to exercise exhaustion. */
  readonly firstCounter?: bigint;
}

/** The 4-byte big-endian length prefix, also the AEAD's associated data. */
export function frameLengthPrefix(ciphertextLength: number): Uint8Array {
  const prefix = new Uint8Array(FRAME_LENGTH_PREFIX_BYTES);
  new DataView(prefix.buffer).setUint32(0, ciphertextLength);
  return prefix;
}

export class FrameEncoder {
  readonly #key: Uint8Array;
  #counter: bigint;

  /** `key` is this direction's 32-byte send key from the handshake. */
  constructor(key: Uint8Array, options: FrameCounterOptions = {}) {
    checkBytes(key, 'key', CHACHA20_POLY1305_KEY_LENGTH);
    this.#key = Uint8Array.from(key);
    this.#counter = options.firstCounter ?? 0n;
  }

  /** Counter of the next frame. */
  get counter(): bigint {
    return this.#counter;
  }

  /**
   * The wire bytes of one frame carrying `body` (≤ MAX_FRAME_BODY bytes, else
   * `FrameBodyTooLargeError`). Throws `FrameCounterExhaustedError` once the counter is spent.
   * @example socket.write(encoder.encode(utf8('hello')))
   */
  encode(body: Uint8Array): Uint8Array {
    const padded = padFrameBody(body);
    if (this.#counter > MAX_NONCE_COUNTER) throw new FrameCounterExhaustedError();
    const ciphertextLength = padded.length + POLY1305_TAG_LENGTH;
    const prefix = frameLengthPrefix(ciphertextLength);
    const sealed = chachaPolySeal(this.#key, counterNonce(this.#counter), padded, prefix);
    this.#counter += 1n;
    const frame = new Uint8Array(FRAME_LENGTH_PREFIX_BYTES + sealed.length);
    frame.set(prefix, 0);
    frame.set(sealed, FRAME_LENGTH_PREFIX_BYTES);
    return frame;
  }
}
