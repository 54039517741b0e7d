/** Who may read what on our wall (walls/audience.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needsNewEpoch, syncAnswer } from '../../../src/walls/audience.js';

describe('wall epochs', () => {
  it('makes a new epoch when there is none, when someone left and when someone joined', () => {
    expect(needsNewEpoch(undefined, new Set(['b']))).toBe(true);
    expect(needsNewEpoch(new Set(['b', 'c']), new Set(['b']))).toBe(true);
    expect(needsNewEpoch(new Set(['b']), new Set(['b', 'c']))).toBe(true);
    expect(needsNewEpoch(new Set(['b', 'c']), new Set(['c', 'b']))).toBe(false);
  });
});

describe('a sync answer', () => {
  const readers = new Map([
    ['e1', new Set(['b', 'c'])],
    ['e2', new Set(['b'])],
    ['e3', new Set(['b', 'c'])],
  ]);
  const items = [
    { seq: 3, epoch: 'e2' },
    { seq: 1, epoch: 'e1' },
    { seq: 4, epoch: 'e3' },
    { seq: 2, epoch: 'e1' },
  ];
  const answer = (reader: string, since: number, inAudience = true, limit = 1000) =>
    syncAnswer({ items, since, reader, inAudience, readersOf: (epoch) => readers.get(epoch), limit });

  it('carries, oldest first, only items after `since` of epochs sealed to the reader, and their epochs', () => {
    expect(answer('b', 1)).toEqual({
      items: [
        { seq: 2, epoch: 'e1' },
        { seq: 3, epoch: 'e2' },
        { seq: 4, epoch: 'e3' },
      ],
      epochs: ['e1', 'e2', 'e3'],
    });
    // C was removed for e2 and came back for e3: asking from 0 never gets e2.
    expect(answer('c', 0).items.map((item) => item.seq)).toEqual([1, 2, 4]);
    expect(answer('c', 0).epochs).toEqual(['e1', 'e3']);
  });

  it('is empty for anyone outside the audience now, and stops at the limit', () => {
    expect(answer('c', 0, false)).toEqual({ items: [], epochs: [] });
    expect(answer('stranger', 0)).toEqual({ items: [], epochs: [] });
    expect(answer('b', 0, true, 2).items.map((item) => item.seq)).toEqual([1, 2]);
  });

  it('never carries an item of an epoch not sealed to the asker, whatever it asks', () => {
    fc.assert(
      fc.property(fc.constantFrom('b', 'c', 'd'), fc.integer({ min: 0, max: 10 }), (reader, since) => {
        for (const item of answer(reader, since).items) {
          expect(readers.get(item.epoch)?.has(reader)).toBe(true);
          expect(item.seq).toBeGreaterThan(since);
        }
      }),
    );
  });
});
