// Fixed inputs shared by the vector generator and the tests that replay it.
import type { RandomSource } from '../../../src/crypto/random.js';

/** Bytes start, start + 1, … (mod 256). */
export const counting = (start: number, length: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);

/** Lowercase hex. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Bytes from hex. */
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/** A RandomSource that hands out `chunks` in order, each exactly once, and fails loudly on anything else. */
export function fixedRandom(chunks: readonly Uint8Array[]): RandomSource {
  let next = 0;
  return (length) => {
    const chunk = chunks[next++];
    if (chunk === undefined || chunk.length !== length)
      throw new Error(`fixedRandom: call ${next} asked for ${length} bytes`);
    return Uint8Array.from(chunk);
  };
}

/** The inputs of test/vectors/relay.json. */
export const VECTOR_INPUTS = {
  senderSeed: counting(0x00, 32),
  recipientSeed: counting(0x20, 32),
  envelopeId: counting(0x40, 16),
  ephemeralSecret: counting(0x60, 32),
  chatMessageId: counting(0x80, 16),
  text: 'see you at the lake, 6 pm 🌅',
  createdAt: 1_700_000_000_000,
  expiry: 1_700_000_000 + 7 * 86_400,
  hopLimit: 3,
} as const;
