import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../../src/protocol/frame/frame-decoder.js';
import { FrameEncoder } from '../../../src/protocol/frame/frame-encoder.js';
import {
  FrameCounterExhaustedError,
  FrameError,
  TruncatedFrameError,
} from '../../../src/protocol/frame/frame-errors.js';
import { FRAME_PADDED_SIZES, MAX_FRAME_BODY, MAX_FRAME_WIRE_BYTES } from '../../../src/protocol/frame/frame-limits.js';
import { MAX_NONCE_COUNTER } from '../../../src/protocol/counter-nonce.js';
import vectors from '../../vectors/frames.json' with { type: 'json' };
import { errorNamed } from '../../shared/errors.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const key = hex(vectors.key);

function decodeAll(wire: Uint8Array, firstCounter = 0n): Uint8Array[] {
  return new FrameDecoder(key, { firstCounter }).push(wire);
}

describe('frame byte vectors (test/vectors/frames.json)', () => {
  it.each(vectors.roundTrip)('round-trips frame $counter', ({ counter, body, wire }) => {
    expect(toHex(new FrameEncoder(key, { firstCounter: BigInt(counter) }).encode(hex(body)))).toBe(wire);
    expect(decodeAll(hex(wire), BigInt(counter)).map(toHex)).toEqual([body]);
  });

  it.each(vectors.roundTrip)('frame $counter matches the spec when opened with @noble', ({ counter, body, wire }) => {
    // Independent reading of the wire form: length ‖ AEAD(nonce = 0^32 ‖ LE64(counter), aad = length).
    const bytes = hex(wire);
    const length = new DataView(bytes.buffer).getUint32(0);
    expect(bytes.length).toBe(4 + length);
    const nonce = new Uint8Array(12);
    new DataView(nonce.buffer).setBigUint64(4, BigInt(counter), true);
    const padded = chacha20poly1305(key, nonce, bytes.subarray(0, 4)).decrypt(bytes.subarray(4));
    expect(FRAME_PADDED_SIZES).toContain(padded.length);
    const bodyLength = new DataView(padded.buffer).getUint32(0);
    expect(toHex(padded.subarray(4, 4 + bodyLength))).toBe(body);
    expect(padded.subarray(4 + bodyLength).every((b) => b === 0)).toBe(true);
  });

  it.each(vectors.decodeErrors)('refuses: $note', ({ counter, wire, error }) => {
    let thrown: unknown;
    try {
      decodeAll(hex(wire), BigInt(counter));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FrameError);
    expect((thrown as Error).name).toBe(error);
  });
});

describe('frame codec', () => {
  it('pads to the smallest fitting size, up to the hard maximum', () => {
    const encoder = new FrameEncoder(key);
    const sizes = [0, 252, 253, 1020, 1021, 4092, 16_380, 16_381, MAX_FRAME_BODY].map(
      (n) => encoder.encode(new Uint8Array(n)).length - 20,
    );
    expect(sizes).toEqual([256, 256, 1024, 1024, 4096, 4096, 16_384, 65_536, 65_536]);
    expect(encoder.encode(new Uint8Array(MAX_FRAME_BODY)).length).toBe(MAX_FRAME_WIRE_BYTES);
    expect(() => encoder.encode(new Uint8Array(MAX_FRAME_BODY + 1))).toThrow(
      errorNamed('FrameBodyTooLargeError', {}, FrameError),
    );
  });

  it('decodes a stream split at any byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 1100 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (bodies, cuts) => {
          const encoder = new FrameEncoder(key);
          const wire = Uint8Array.from(bodies.flatMap((b) => [...encoder.encode(b)]));
          const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
          const decoder = new FrameDecoder(key);
          const out: Uint8Array[] = [];
          let start = 0;
          for (const point of [...points, wire.length]) {
            out.push(...decoder.push(wire.subarray(start, point)));
            start = point;
          }
          decoder.finish();
          expect(out).toEqual(bodies);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an oversized length as soon as its four bytes arrive', () => {
    const decoder = new FrameDecoder(key);
    expect(decoder.push(Uint8Array.of(0x00, 0x01, 0x00))).toEqual([]);
    expect(() => decoder.push(Uint8Array.of(0x11))).toThrow(errorNamed('FrameTooLargeError', {}, FrameError));
    expect(() => decoder.push(new Uint8Array(1))).toThrow(errorNamed('FrameDecoderFailedError', {}, FrameError));
    // 273 = 256 + 16 + 1: within the limit but not a padded size.
    expect(() => new FrameDecoder(key).push(Uint8Array.of(0, 0, 0x01, 0x11))).toThrow(
      errorNamed('FrameSizeError', {}, FrameError),
    );
  });

  it('refuses any flipped byte of a frame', () => {
    const wire = new FrameEncoder(key).encode(new TextEncoder().encode('tamper with me'));
    for (let i = 0; i < wire.length; i++) {
      const bad = Uint8Array.from(wire);
      bad[i]! ^= 0x40;
      // Flipping a length byte makes the length invalid (size error) or leaves the frame incomplete.
      try {
        const decoder = new FrameDecoder(key);
        const bodies = decoder.push(bad);
        expect(bodies).toEqual([]);
        expect(() => decoder.finish()).toThrow(TruncatedFrameError);
      } catch (error) {
        expect(error).toBeInstanceOf(FrameError);
      }
    }
  });

  it('refuses replayed and reordered frames', () => {
    const encoder = new FrameEncoder(key);
    const [a, b] = [encoder.encode(Uint8Array.of(1)), encoder.encode(Uint8Array.of(2))];
    expect(() => new FrameDecoder(key).push(Uint8Array.from([...b, ...a]))).toThrow(
      errorNamed('FrameDecryptError', {}, FrameError),
    );
    const decoder = new FrameDecoder(key);
    expect(decoder.push(a)).toEqual([Uint8Array.of(1)]);
    expect(() => decoder.push(a)).toThrow(errorNamed('FrameDecryptError', {}, FrameError));
  });

  it('feed() delivers the good frames of a chunk before throwing for a bad one', () => {
    const encoder = new FrameEncoder(key);
    const good = encoder.encode(Uint8Array.of(1));
    const delivered: Uint8Array[] = [];
    expect(() =>
      new FrameDecoder(key).feed(Uint8Array.from([...good, ...good]), (body) => delivered.push(body)),
    ).toThrow(errorNamed('FrameDecryptError', {}, FrameError));
    expect(delivered).toEqual([Uint8Array.of(1)]);
  });

  it('refuses frames under another key', () => {
    const wire = new FrameEncoder(new Uint8Array(32)).encode(Uint8Array.of(1));
    expect(() => new FrameDecoder(key).push(wire)).toThrow(errorNamed('FrameDecryptError', {}, FrameError));
  });

  it('reports a stream that ends inside a frame', () => {
    const wire = new FrameEncoder(key).encode(Uint8Array.of(1));
    const decoder = new FrameDecoder(key);
    decoder.push(wire.subarray(0, 10));
    expect(() => decoder.finish()).toThrow(TruncatedFrameError);
  });

  it('stops at the last counter instead of reusing a nonce', () => {
    const encoder = new FrameEncoder(key, { firstCounter: MAX_NONCE_COUNTER });
    const last = encoder.encode(Uint8Array.of(9));
    expect(() => encoder.encode(Uint8Array.of(10))).toThrow(FrameCounterExhaustedError);
    const decoder = new FrameDecoder(key, { firstCounter: MAX_NONCE_COUNTER });
    expect(decoder.push(last)).toEqual([Uint8Array.of(9)]);
    expect(() => decoder.push(last)).toThrow(FrameCounterExhaustedError);
  });

  it('on arbitrary bytes returns bodies or throws a FrameError, nothing else', () => {
    const valid = new FrameEncoder(key).encode(Uint8Array.of(1, 2, 3));
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      // Mostly-valid input: a real frame with a few bytes changed, or a valid length with noise.
      fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const copy = Uint8Array.from(valid);
        copy[i]! ^= x;
        return copy;
      }),
      fc.uint8Array({ minLength: 272, maxLength: 272 }).map((noise) => Uint8Array.from([0, 0, 1, 16, ...noise])),
    );
    fc.assert(
      fc.property(input, fc.nat(600), (bytes, cut) => {
        const decoder = new FrameDecoder(key);
        try {
          decoder.push(bytes.subarray(0, cut));
          decoder.push(bytes.subarray(cut));
          decoder.finish();
        } catch (error) {
          expect(error).toBeInstanceOf(FrameError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
