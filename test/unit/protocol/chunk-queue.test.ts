import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkQueue } from '../../../src/protocol/bytes.js';
import { errorNamed } from '../../shared/errors.js';

describe('ChunkQueue', () => {
  it('returns the same bytes however the stream was split and however it is taken', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 10 }),
        fc.array(fc.nat(30), { maxLength: 12 }),
        (chunks, takes) => {
          const queue = new ChunkQueue();
          const all = Uint8Array.from(chunks.flatMap((c) => [...c]));
          chunks.forEach((c) => queue.push(c));
          expect(queue.length).toBe(all.length);
          const out: number[] = [];
          for (const want of takes) {
            const n = Math.min(want, queue.length);
            expect(queue.peek(n)).toEqual(all.subarray(out.length, out.length + n));
            out.push(...queue.take(n));
          }
          out.push(...queue.takeAll());
          expect(Uint8Array.from(out)).toEqual(all);
          expect(queue.length).toBe(0);
        },
      ),
    );
  });

  it('refuses to take more than it holds', () => {
    const queue = new ChunkQueue();
    queue.push(Uint8Array.of(1, 2));
    expect(() => queue.take(3)).toThrow(errorNamed('InvalidArgumentError'));
  });
});
