import { describe, expect, it } from 'vitest';
import {
  describeTimer,
  expiryOf,
  hasExpired,
  isValidTimer,
  MAX_TIMER_SECONDS,
  MIN_TIMER_SECONDS,
  parseTimer,
} from '../../../src/lib/disappearing-timer.js';

describe('parseTimer', () => {
  it('reads off and the usual durations', () => {
    expect(parseTimer('off')).toBe(0);
    expect(parseTimer('10s')).toBe(10);
    expect(parseTimer('5m')).toBe(300);
    expect(parseTimer('1h')).toBe(3600);
    expect(parseTimer('1d')).toBe(86_400);
    expect(parseTimer(' 1W ')).toBe(604_800);
  });

  it('refuses what is not a duration or out of range', () => {
    for (const text of ['', 'soon', '1', '-5m', '1.5h', '4s', '53w', '1y', '99999999999s'])
      expect(parseTimer(text), text).toBeUndefined();
  });
});

describe('isValidTimer', () => {
  it('takes 0 and MIN…MAX whole seconds only', () => {
    expect(isValidTimer(0)).toBe(true);
    expect(isValidTimer(MIN_TIMER_SECONDS)).toBe(true);
    expect(isValidTimer(MAX_TIMER_SECONDS)).toBe(true);
    expect(isValidTimer(MIN_TIMER_SECONDS - 1)).toBe(false);
    expect(isValidTimer(MAX_TIMER_SECONDS + 1)).toBe(false);
    expect(isValidTimer(10.5)).toBe(false);
  });
});

describe('describeTimer', () => {
  it('says the timer in words', () => {
    expect(describeTimer(0)).toBe('off');
    expect(describeTimer(3600)).toBe('1 hour');
    expect(describeTimer(300)).toBe('5 minutes');
    expect(describeTimer(10)).toBe('10 seconds');
    expect(describeTimer(1_209_600)).toBe('2 weeks');
  });
});

describe('expiry with a fake clock', () => {
  it('expires timer seconds after the start, not before', () => {
    const expiresAt = expiryOf(10, 1_000_000);
    expect(expiresAt).toBe(1_010_000);
    expect(hasExpired(expiresAt, 1_009_999)).toBe(false);
    expect(hasExpired(expiresAt, 1_010_000)).toBe(true);
  });

  it('never expires with the timer off or before the message was read', () => {
    expect(expiryOf(0, 1_000)).toBeUndefined();
    expect(expiryOf(undefined, 1_000)).toBeUndefined();
    expect(expiryOf(10, undefined)).toBeUndefined();
    expect(hasExpired(undefined, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
