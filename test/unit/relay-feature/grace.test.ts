// When a message for an offline friend falls due for sealing (lib/grace-timers.ts), on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraceTimers } from '../../../src/lib/grace-timers.js';

const GRACE = 1000;

describe('grace timers', () => {
  let due: string[];
  let grace: GraceTimers;
  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000 });
    due = [];
    grace = new GraceTimers({ graceMs: GRACE, now: () => Date.now(), onDue: (peer) => due.push(peer) });
  });
  afterEach(() => {
    grace.stop();
    vi.useRealTimers();
  });

  it('counts friends offline since the start, and a message from when it was written', () => {
    expect(grace.dueAt('ada', 5_000)).toBe(10_000 + GRACE);
    expect(grace.dueAt('ada', 12_000)).toBe(12_000 + GRACE);
  });

  it('falls due a grace period after the friend left, unless they come back first', () => {
    grace.offline('ada');
    grace.offline('bob');
    vi.advanceTimersByTime(GRACE - 1);
    grace.online('bob');
    expect(due).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(due).toEqual(['ada']);
    vi.advanceTimersByTime(10 * GRACE);
    expect(due).toEqual(['ada']);
    expect(grace.isOnline('bob')).toBe(true);
    expect(grace.dueAt('ada', 0)).toBe(10_000 + GRACE);
  });

  it('keeps the earliest of several schedules, and schedules nothing for a friend online or after stop', () => {
    grace.schedule('ada', 10_000 + 3 * GRACE);
    grace.schedule('ada', 10_000 + GRACE);
    grace.schedule('ada', 10_000 + 2 * GRACE);
    vi.advanceTimersByTime(GRACE);
    expect(due).toEqual(['ada']);
    vi.advanceTimersByTime(5 * GRACE);
    expect(due).toEqual(['ada']);

    grace.online('bob');
    grace.schedule('bob', 10_000);
    grace.stop();
    grace.schedule('cy', 10_000);
    vi.advanceTimersByTime(5 * GRACE);
    expect(due).toEqual(['ada']);
  });
});
