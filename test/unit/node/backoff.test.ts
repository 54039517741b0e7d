import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, RECONNECT_BASE_DELAY_MS, RECONNECT_MAX_DELAY_MS } from '../../../src/node/backoff.js';

describe('backoffDelay', () => {
  it('doubles per attempt, with the jitter in the upper half', () => {
    expect(backoffDelay(0, 0)).toBe(RECONNECT_BASE_DELAY_MS / 2);
    expect(backoffDelay(1, 0)).toBe(RECONNECT_BASE_DELAY_MS);
    expect(backoffDelay(2, 0.5)).toBe(3 * RECONNECT_BASE_DELAY_MS);
  });

  it('never exceeds the maximum nor drops below half of the current step', () => {
    fc.assert(
      fc.property(fc.nat(5_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const delay = backoffDelay(attempt, random);
        const ceiling = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_BASE_DELAY_MS * 2 ** attempt);
        return delay <= RECONNECT_MAX_DELAY_MS && delay >= Math.floor(ceiling / 2);
      }),
    );
  });

  it('rejects bad input', () => {
    expect(() => backoffDelay(-1, 0)).toThrow(TypeError);
    expect(() => backoffDelay(0, 1)).toThrow(TypeError);
    expect(() => backoffDelay(0, Number.NaN)).toThrow(TypeError);
  });
});
