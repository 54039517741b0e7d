/** What one member of one group can make us store: a bucket of bytes per key, refilled over the window. */
import { describe, expect, it } from 'vitest';
import { StoredBytesBudget } from '../../../src/lib/stored-bytes-budget.js';

const HOUR = 3_600_000;

describe('stored bytes budget', () => {
  it('takes up to the budget, refuses more without charging, and refills over the window', () => {
    const budget = new StoredBytesBudget({ bytes: 300, windowMs: HOUR, maxKeys: 10 });
    expect(budget.take('g/m', 200, 0)).toBe(true);
    expect(budget.take('g/m', 150, 0)).toBe(false);
    expect(budget.take('g/m', 100, 0)).toBe(true);
    expect(budget.take('g/m', 1, 0)).toBe(false);
    expect(budget.take('g/m', 150, HOUR / 2)).toBe(true);
    expect(budget.take('g/m', 1, HOUR / 2)).toBe(false);
    expect(budget.take('g/m', 300, 10 * HOUR)).toBe(true);
    expect(budget.take('g/m', 301, 20 * HOUR)).toBe(false);
  });

  it('keeps keys apart, and forgets the least recently charged past maxKeys', () => {
    const budget = new StoredBytesBudget({ bytes: 100, windowMs: HOUR, maxKeys: 2 });
    expect(budget.take('a', 100, 0)).toBe(true);
    expect(budget.take('b', 100, 0)).toBe(true);
    expect(budget.take('a', 1, 0)).toBe(false);
    expect(budget.take('c', 100, 0)).toBe(true); // 'b' is forgotten
    expect(budget.take('b', 100, 0)).toBe(true);
    expect(budget.take('a', 1, 0)).toBe(true); // 'a' was forgotten for 'b'
  });

  it('does not mint bytes when the clock steps back', () => {
    const budget = new StoredBytesBudget({ bytes: 100, windowMs: HOUR, maxKeys: 2 });
    expect(budget.take('a', 100, HOUR)).toBe(true);
    expect(budget.take('a', 1, 0)).toBe(false);
  });
});
