import { describe, expect, it } from 'vitest';
import {
  effectiveInitialDelays,
  firstVoteTime,
  startOfIntervalAfter,
  TESTNET_VOTING,
  votingStartOffset,
  type VotingTimings,
} from '../../../src/testnet/voting.js';

// 2026-11-21 00:00:00 UTC
const MIDNIGHT = Date.UTC(2026, 10, 21) / 1000;

describe('startOfIntervalAfter (tor voting_sched_get_start_of_interval_after)', () => {
  it('returns the next multiple of the interval after now, counted from midnight UTC', () => {
    expect(startOfIntervalAfter(MIDNIGHT + 12, 5, 0)).toBe(MIDNIGHT + 15);
    // Strictly after: a time on the boundary gets the next one.
    expect(startOfIntervalAfter(MIDNIGHT + 15, 5, 0)).toBe(MIDNIGHT + 20);
  });

  it('adds the offset but never lands more than one interval ahead', () => {
    expect(startOfIntervalAfter(MIDNIGHT + 12, 5, 2)).toBe(MIDNIGHT + 17);
    expect(startOfIntervalAfter(MIDNIGHT + 13, 5, 4)).toBe(MIDNIGHT + 14);
    expect(startOfIntervalAfter(MIDNIGHT + 10, 10, 5)).toBe(MIDNIGHT + 15);
  });

  it('never crosses midnight UTC, and folds a too-short last interval into the next day', () => {
    // Next multiple of 11 would be 86405: the interval starts at midnight instead.
    expect(startOfIntervalAfter(MIDNIGHT + 86395, 11, 0)).toBe(MIDNIGHT + 86400);
    // An interval starting at 86398 would last 2 s, less than half of 13: skipped.
    expect(startOfIntervalAfter(MIDNIGHT + 86390, 13, 0)).toBe(MIDNIGHT + 86400);
    // One starting at 86394 lasts 6 s, at least half of 7: kept.
    expect(startOfIntervalAfter(MIDNIGHT + 86390, 7, 0)).toBe(MIDNIGHT + 86394);
  });
});

describe('effectiveInitialDelays', () => {
  it('quarters the delays when they exceed half the interval, as tor does', () => {
    expect(effectiveInitialDelays(TESTNET_VOTING)).toEqual({ voteDelay: 1, distDelay: 1 });
  });

  it('keeps delays that fit in half the interval', () => {
    const timings: VotingTimings = { ...TESTNET_VOTING, initialInterval: 20, initialVoteDelay: 4, initialDistDelay: 4 };
    expect(effectiveInitialDelays(timings)).toEqual({ voteDelay: 4, distDelay: 4 });
  });
});

describe('votingStartOffset', () => {
  it('puts the first vote 3 s after launch for every launch second, across midnight', () => {
    for (let launch = MIDNIGHT - 30; launch < MIDNIGHT + 30; launch++) {
      const offset = votingStartOffset(launch, TESTNET_VOTING);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(TESTNET_VOTING.initialInterval);
      // Each authority computes its schedule some time after the launch, up to the planned vote.
      for (let computedAt = launch; computedAt <= launch + 3; computedAt++) {
        expect(
          firstVoteTime(computedAt, TESTNET_VOTING, offset),
          `launch ${launch - MIDNIGHT}, computed at +${computedAt - launch}`,
        ).toBe(launch + 3);
      }
    }
  });

  it('would vote at once without it, on most launch seconds (why the offset exists)', () => {
    const immediate = Array.from({ length: 5 }, (_, i) => MIDNIGHT + 100 + i).filter(
      (launch) => firstVoteTime(launch, TESTNET_VOTING, 0) - launch < 2,
    );
    expect(immediate.length).toBeGreaterThanOrEqual(3);
  });

  it('honours another lead time', () => {
    const launch = MIDNIGHT + 1234;
    expect(firstVoteTime(launch, TESTNET_VOTING, votingStartOffset(launch, TESTNET_VOTING, 1))).toBe(launch + 1);
  });

  it('refuses a lead that does not fit in one initial interval, and bad times', () => {
    expect(() => votingStartOffset(MIDNIGHT, TESTNET_VOTING, 4)).toThrow(RangeError);
    expect(() => votingStartOffset(MIDNIGHT, TESTNET_VOTING, -1)).toThrow(RangeError);
    expect(() => votingStartOffset(MIDNIGHT + 0.5, TESTNET_VOTING)).toThrow(RangeError);
    expect(() => votingStartOffset(-1, TESTNET_VOTING)).toThrow(RangeError);
  });
});
