import { describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import { DialDeadline, DialError, type DialFailureReason } from '../../../src/transport/errors.js';

const REASONS: DialFailureReason[] = [
  'descriptor-not-found',
  'descriptor-invalid',
  'intro-failed',
  'rendezvous-failed',
  'client-auth',
  'bad-address',
  'unreachable',
  'refused',
  'tor-unavailable',
  'protocol',
];

describe('DialError', () => {
  it('every reason has its own message a user can act on, with the SOCKS code when there is one', () => {
    const messages = REASONS.map((reason) => new DialError(reason).message);
    expect(new Set(messages).size).toBe(REASONS.length);
    for (const message of messages) expect(message).toMatch(/^Could not connect to the onion service: .+\.$/);
    const withCode = new DialError('descriptor-not-found', {
      socksReply: 0xf0,
      detail: 'Burrow kept trying for 8.0 s.',
    });
    expect(withCode.message).toContain('(SOCKS reply 0xf0)');
    expect(withCode.message).toMatch(/kept trying for 8\.0 s\.$/);
    expect(withCode).toMatchObject({
      name: 'DialError',
      reason: 'descriptor-not-found',
      socksReply: 0xf0,
      action: 'retry',
    });
  });
});

describe('DialDeadline', () => {
  it('rejects a timeout that is not a positive number', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new DialDeadline('dial', { timeoutMs })).toThrow(TypeError);
    }
  });

  it('an already aborted signal: expired at once with AbortedError', () => {
    const controller = new AbortController();
    controller.abort();
    const deadline = new DialDeadline('dial', { signal: controller.signal, timeoutMs: 1_000 });
    expect(() => deadline.throwIfExpired()).toThrow(AbortedError);
    expect(deadline.timedOut).toBe(false);
    deadline.dispose();
  });

  it("the caller's abort interrupts a sleep with AbortedError", async () => {
    const controller = new AbortController();
    const deadline = new DialDeadline('dial', { signal: controller.signal, timeoutMs: 60_000 });
    const sleeping = deadline.sleep(60_000);
    controller.abort();
    await expect(sleeping).rejects.toBeInstanceOf(AbortedError);
    deadline.dispose();
  });

  it('running out of time interrupts a sleep with TimeoutError naming the limit', async () => {
    const deadline = new DialDeadline('dial', { timeoutMs: 20 });
    const error = await deadline.sleep(60_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 20 });
    expect(deadline.timedOut).toBe(true);
    expect(deadline.signal.aborted).toBe(true);
    deadline.dispose();
  });

  it('after dispose, neither the timer nor the caller can fire it', async () => {
    const controller = new AbortController();
    const deadline = new DialDeadline('dial', { signal: controller.signal, timeoutMs: 10 });
    deadline.dispose();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deadline.error).toBeUndefined();
  });
});
