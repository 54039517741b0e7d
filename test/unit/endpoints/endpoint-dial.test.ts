/**
 * The endpoint-first dial (src/node/endpoint-dial.ts): a friend's endpoint is tried first, their
 * public address joins once the endpoint had its head start or failed, the first connection wins.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dialEndpointFirst } from '../../../src/node/endpoint-dial.js';

interface PendingDial {
  readonly address: string;
  readonly signal: AbortSignal;
  connect(): void;
  fail(error: Error): void;
}

/** A dialer whose dials the test settles by hand; an aborted dial rejects as a real one does. */
function manualDialer() {
  const dials: PendingDial[] = [];
  const discarded: string[] = [];
  const dialAt = (address: string, signal: AbortSignal): Promise<string> =>
    new Promise((resolve, reject) => {
      const aborted = () => reject(new Error(`aborted ${address}`));
      if (signal.aborted) aborted();
      signal.addEventListener('abort', aborted, { once: true });
      dials.push({ address, signal, connect: () => resolve(`connection to ${address}`), fail: reject });
    });
  return { dials, discarded, dialAt, discard: (connection: string) => void discarded.push(connection) };
}

const HEAD_START = 10_000;

describe('dialEndpointFirst', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const start = (signal = new AbortController().signal) => {
    const dialer = manualDialer();
    const result = dialEndpointFirst({
      dialAt: dialer.dialAt,
      discard: dialer.discard,
      endpoint: 'endpoint',
      publicAddress: 'public',
      signal,
      headStartMs: HEAD_START,
    });
    result.catch(() => undefined);
    return { ...dialer, result };
  };

  it('uses the endpoint alone when it connects within its head start', async () => {
    const { dials, result } = start();
    await vi.advanceTimersByTimeAsync(HEAD_START - 1);
    dials[0]!.connect();
    await expect(result).resolves.toBe('connection to endpoint');
    await vi.advanceTimersByTimeAsync(HEAD_START * 2);
    expect(dials.map((dial) => dial.address)).toEqual(['endpoint']);
  });

  it('dials the public address once the head start has passed, and drops the endpoint dial when it wins', async () => {
    const { dials, result } = start();
    await vi.advanceTimersByTimeAsync(HEAD_START - 1);
    expect(dials).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(dials.map((dial) => dial.address)).toEqual(['endpoint', 'public']);
    dials[1]!.connect();
    await expect(result).resolves.toBe('connection to public');
    expect(dials[0]!.signal.aborted).toBe(true);
  });

  it('dials the public address at once when the endpoint fails early', async () => {
    const { dials, result } = start();
    dials[0]!.fail(new Error('client authorization missing'));
    await vi.advanceTimersByTimeAsync(0);
    expect(dials.map((dial) => dial.address)).toEqual(['endpoint', 'public']);
    dials[1]!.connect();
    await expect(result).resolves.toBe('connection to public');
    await vi.advanceTimersByTimeAsync(HEAD_START);
    expect(dials).toHaveLength(2);
  });

  it('keeps the endpoint dial going after the public address failed, and takes it when it connects', async () => {
    const { dials, result } = start();
    await vi.advanceTimersByTimeAsync(HEAD_START);
    dials[1]!.fail(new Error('public address closed'));
    await vi.advanceTimersByTimeAsync(0);
    dials[0]!.connect();
    await expect(result).resolves.toBe('connection to endpoint');
  });

  it('fails with the public address’s error when both fail', async () => {
    const { dials, result } = start();
    await vi.advanceTimersByTimeAsync(HEAD_START);
    dials[0]!.fail(new Error('descriptor not found'));
    dials[1]!.fail(new Error('friend offline'));
    await expect(result).rejects.toThrow('friend offline');
  });

  it('closes the second connection when both connect', async () => {
    const { dials, discarded, result } = start();
    await vi.advanceTimersByTimeAsync(HEAD_START);
    dials[1]!.connect();
    dials[0]!.connect();
    await expect(result).resolves.toBe('connection to public');
    await vi.advanceTimersByTimeAsync(0);
    expect(discarded).toEqual(['connection to endpoint']);
  });

  it('stops both dials when the caller aborts, and fails with the abort', async () => {
    const caller = new AbortController();
    const { dials, result } = start(caller.signal);
    await vi.advanceTimersByTimeAsync(HEAD_START);
    caller.abort();
    await expect(result).rejects.toThrow(/aborted/);
    expect(dials.every((dial) => dial.signal.aborted)).toBe(true);
    await vi.advanceTimersByTimeAsync(HEAD_START);
    expect(dials).toHaveLength(2);
  });

  it('never dials when the caller aborted before it began', async () => {
    const caller = new AbortController();
    caller.abort();
    const { dials, result } = start(caller.signal);
    await expect(result).rejects.toThrow(/aborted/);
    await vi.advanceTimersByTimeAsync(HEAD_START);
    expect(dials).toHaveLength(1);
    expect(dials[0]!.signal.aborted).toBe(true);
  });
});
