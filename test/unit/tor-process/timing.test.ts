import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import { within } from '../../../src/lib/within.js';
import { Deadline, delay } from '../../../src/transport/tor/tor-process-timing.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const never = new Promise<never>(() => undefined);

describe('Deadline', () => {
  it('lets a promise that settles in time through', async () => {
    const deadline = new Deadline('step', 1_000);
    await expect(deadline.race(Promise.resolve(7))).resolves.toBe(7);
    deadline.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with TimeoutError when the time runs out, and fires its signal', async () => {
    const deadline = new Deadline('starting tor', 1_000);
    const racing = deadline.race(never);
    vi.advanceTimersByTime(1_000);
    await expect(racing).rejects.toBeInstanceOf(TimeoutError);
    expect(deadline.signal.reason).toBeInstanceOf(TimeoutError);
    expect(deadline.abortedByCaller).toBe(false);
  });

  it("rejects with AbortedError when the caller's signal fires (also if it already had)", async () => {
    const controller = new AbortController();
    const deadline = new Deadline('starting tor', 1_000, controller.signal);
    const racing = deadline.race(never);
    controller.abort();
    await expect(racing).rejects.toBeInstanceOf(AbortedError);
    expect(deadline.abortedByCaller).toBe(true);
    deadline.dispose();

    const early = new Deadline('starting tor', 1_000, AbortSignal.abort());
    await expect(early.race(never)).rejects.toBeInstanceOf(AbortedError);
    early.dispose();
  });

  it('cancel() ends the steps still running with the given reason', async () => {
    const deadline = new Deadline('step', 1_000);
    const racing = deadline.race(never);
    deadline.cancel(new AbortedError('step'));
    await expect(racing).rejects.toBeInstanceOf(AbortedError);
    expect(deadline.abortedByCaller).toBe(false);
    deadline.dispose();
  });
});

describe('delay', () => {
  it('resolves after the time and rejects with the reason of its signal', async () => {
    const waiting = delay(100, new AbortController().signal);
    vi.advanceTimersByTime(100);
    await expect(waiting).resolves.toBeUndefined();

    const controller = new AbortController();
    const aborted = delay(100, controller.signal);
    controller.abort(new AbortedError('x'));
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('within', () => {
  it('gives the value, or undefined on timeout or rejection', async () => {
    await expect(within(Promise.resolve('v'), 100)).resolves.toBe('v');
    await expect(within(Promise.reject(new Error('no')), 100)).resolves.toBeUndefined();
    const late = within(never, 100);
    vi.advanceTimersByTime(100);
    await expect(late).resolves.toBeUndefined();
  });
});
