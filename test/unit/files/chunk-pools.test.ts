import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkPools } from '../../../src/files/chunk-pools.js';

describe('ChunkPools', () => {
  it('lists chunks lowest level first, each level in insertion order', () => {
    const pools = new ChunkPools(10);
    pools.add(5, 2);
    pools.add(1, 1);
    pools.add(7, 2);
    pools.add(3, 1);
    expect([...pools]).toEqual([1, 3, 5, 7]);
    pools.add(1, 3); // moves
    pools.delete(7);
    pools.delete(7);
    expect([...pools]).toEqual([3, 5, 1]);
    expect(pools.size).toBe(3);
    pools.clear();
    expect([...pools]).toEqual([]);
    pools.add(3, 0);
    expect([...pools]).toEqual([3]);
  });

  it('behaves like a map from chunk to level, ordered by (level, insertion)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), index: fc.nat(19), level: fc.nat(4) }),
      fc.record({ kind: fc.constant('delete' as const), index: fc.nat(19) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const pools = new ChunkPools(20);
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'add') {
            pools.add(o.index, o.level);
            model.delete(o.index);
            model.set(o.index, o.level);
          } else {
            pools.delete(o.index);
            model.delete(o.index);
          }
        }
        const expected = [...model.entries()]
          .map(([index, level], order) => ({ index, level, order }))
          .sort((a, b) => a.level - b.level || a.order - b.order);
        return JSON.stringify([...pools]) === JSON.stringify(expected.map((e) => e.index)) && pools.size === model.size;
      }),
      { numRuns: 500 },
    );
  });
});
