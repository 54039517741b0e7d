import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/lib/token-bucket.js';
import { ContactRequestLimiter } from '../../../src/lib/request-limiter.js';

describe('TokenBucket', () => {
  it('allows a burst of `capacity`, then one per interval', () => {
    const bucket = new TokenBucket({ capacity: 2, refillIntervalMs: 100 }, 0);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.tryTake(99)).toBe(false);
    expect(bucket.tryTake(100)).toBe(true);
    expect(bucket.tryTake(150)).toBe(false);
  });

  it('never holds more than its capacity, however long it was idle', () => {
    const bucket = new TokenBucket({ capacity: 2, refillIntervalMs: 100 }, 0);
    expect(bucket.available(1_000_000)).toBe(2);
    expect(bucket.isFull(1_000_000)).toBe(true);
  });

  it('does not mint tokens when the clock steps backwards', () => {
    const bucket = new TokenBucket({ capacity: 1, refillIntervalMs: 100 }, 1_000);
    expect(bucket.tryTake(1_000)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.tryTake(1_050)).toBe(false);
    expect(bucket.tryTake(1_100)).toBe(true);
  });

  it('rejects nonsensical limits', () => {
    expect(() => new TokenBucket({ capacity: 0, refillIntervalMs: 1 }, 0)).toThrow(TypeError);
    expect(() => new TokenBucket({ capacity: 1, refillIntervalMs: Number.NaN }, 0)).toThrow(TypeError);
  });
});

describe('ContactRequestLimiter', () => {
  const limits = {
    perIdentity: { capacity: 2, refillIntervalMs: 1_000 },
    overall: { capacity: 5, refillIntervalMs: 100 },
  };

  it('limits each identity separately', () => {
    const limiter = new ContactRequestLimiter(0, limits);
    expect(limiter.take('a', 0)).toBe('allow');
    expect(limiter.take('a', 0)).toBe('allow');
    expect(limiter.take('a', 0)).toBe('identity-limit');
    expect(limiter.take('b', 0)).toBe('allow');
    expect(limiter.take('a', 1_000)).toBe('allow');
  });

  it('limits everyone together, so fresh identities cannot flood', () => {
    const limiter = new ContactRequestLimiter(0, limits);
    const verdicts = Array.from({ length: 8 }, (_, i) => limiter.take(`stranger-${i}`, 0));
    expect(verdicts.filter((v) => v === 'allow')).toHaveLength(5);
    expect(verdicts.slice(5)).toEqual(['overall-limit', 'overall-limit', 'overall-limit']);
    expect(limiter.take('late', 100)).toBe('allow');
  });

  it('check does not consume', () => {
    const limiter = new ContactRequestLimiter(0, limits);
    for (let i = 0; i < 10; i++) expect(limiter.check('a', 0)).toBe('allow');
    expect(limiter.take('a', 0)).toBe('allow');
  });

  it('a refused request does not consume the other bucket', () => {
    const limiter = new ContactRequestLimiter(0, {
      perIdentity: { capacity: 1, refillIntervalMs: 1_000 },
      overall: { capacity: 2, refillIntervalMs: 1_000 },
    });
    expect(limiter.take('a', 0)).toBe('allow');
    expect(limiter.take('a', 0)).toBe('identity-limit');
    expect(limiter.take('a', 0)).toBe('identity-limit');
    expect(limiter.take('b', 0)).toBe('allow');
  });

  it('charges an identity for every session it opens, silent or not; the request on it is paid for', () => {
    const limiter = new ContactRequestLimiter(0, limits);
    expect(limiter.open('a', 0)).toBe('allow');
    expect(limiter.open('a', 0)).toBe('allow');
    // Two sessions opened and left without a word: the identity's burst is spent.
    expect(limiter.open('a', 0)).toBe('identity-limit');
    // The requests those sessions carry are paid for already (the overall bucket still counts them).
    expect(limiter.take('a', 0)).toBe('allow');
    expect(limiter.take('a', 0)).toBe('allow');
    expect(limiter.take('a', 0)).toBe('identity-limit');
    expect(limiter.open('a', 1_000)).toBe('allow');
  });

  it('opening never spends the overall bucket: throwaway identities that only knock leave it for requests', () => {
    const limiter = new ContactRequestLimiter(0, limits);
    for (let i = 0; i < 100; i++) expect(limiter.open(`knocker-${i}`, 0)).toBe('allow');
    expect(limiter.open('honest', 0)).toBe('allow');
    expect(limiter.take('honest', 0)).toBe('allow');
  });

  it('remembers a bounded number of identities', () => {
    const limiter = new ContactRequestLimiter(0, {
      ...limits,
      overall: { capacity: 1_000, refillIntervalMs: 1 },
      maxTrackedIdentities: 3,
    });
    for (let i = 0; i < 10; i++) limiter.take(`s${i}`, 0);
    expect(limiter.trackedIdentities).toBe(3);
    // The newest ones are kept: s9 is still limited after two requests.
    expect(limiter.take('s9', 0)).toBe('allow');
    expect(limiter.take('s9', 0)).toBe('identity-limit');
  });
});
