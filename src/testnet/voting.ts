/**
 * The authorities' voting schedule (dir-spec §1.4 "Voting timeline"), and the offset that makes
 * the first vote of a fresh network land a few seconds after launch.
 *
 * Why: tor aligns its votes to wall-clock multiples of the voting interval. A vote taken before
 * the relays uploaded their descriptors (~1.5 s after launch) yields a consensus without them,
 * and the next one comes a whole interval later (docs/TESTNET.md, "The first vote can miss
 * the relays"). `TestingV3AuthVotingStartOffset` shifts the alignment; {@link votingStartOffset}
 * picks it from the launch time.
 */

/** Voting timings in seconds (measured best in docs/TESTNET.md: median 8.4 s to a usable network). */
export interface VotingTimings {
  /** TestingV3AuthInitialVotingInterval: used while no consensus exists. */
  readonly initialInterval: number;
  /** TestingV3AuthInitialVoteDelay */
  readonly initialVoteDelay: number;
  /** TestingV3AuthInitialDistDelay */
  readonly initialDistDelay: number;
  /** V3AuthVotingInterval: once a consensus exists. */
  readonly interval: number;
  /** V3AuthVoteDelay */
  readonly voteDelay: number;
  /** V3AuthDistDelay */
  readonly distDelay: number;
}

/** The timings every test network uses. */
export const TESTNET_VOTING: VotingTimings = {
  initialInterval: 5,
  initialVoteDelay: 2,
  initialDistDelay: 2,
  interval: 10,
  voteDelay: 2,
  distDelay: 2,
};

/** How long after launch the first vote should be taken: relays upload their descriptors ~1.5 s after launch. */
export const FIRST_VOTE_AFTER_LAUNCH_S = 3;

const DAY_S = 24 * 60 * 60;

/**
 * tor's `voting_sched_get_start_of_interval_after()` (src/feature/dirauth/voting_schedule.c):
 * the start of the next interval after `now` (unix seconds), shifted by `offset`. Midnight UTC
 * always starts a fresh interval.
 */
export function startOfIntervalAfter(now: number, interval: number, offset: number): number {
  const midnightToday = now - (now % DAY_S);
  const midnightTomorrow = midnightToday + DAY_S;
  let next = midnightToday + (Math.floor((now - midnightToday) / interval) + 1) * interval;
  if (next > midnightTomorrow) next = midnightTomorrow;
  // An interval cut to less than half its size at the end of the day joins the next day.
  if (next + Math.floor(interval / 2) > midnightTomorrow) next = midnightTomorrow;
  next += offset;
  if (next - interval > now) next -= interval;
  return next;
}

/**
 * The vote and distribution delays tor really uses for the initial schedule: in
 * `create_voting_schedule()`, delays adding up to more than half the interval become a quarter
 * of it each (so 5 s with 2 s + 2 s runs as 1 s + 1 s).
 */
export function effectiveInitialDelays(timings: VotingTimings): { voteDelay: number; distDelay: number } {
  const { initialInterval: interval, initialVoteDelay: voteDelay, initialDistDelay: distDelay } = timings;
  if (voteDelay + distDelay > Math.floor(interval / 2)) {
    const quarter = Math.floor(interval / 4);
    return { voteDelay: quarter, distDelay: quarter };
  }
  return { voteDelay, distDelay };
}

/**
 * When an authority that computes its schedule at `now` (no consensus yet) takes its first
 * vote: `voting_starts = interval_starts - dist_delay - vote_delay`. A time already past means
 * "at once".
 */
export function firstVoteTime(now: number, timings: VotingTimings, offset: number): number {
  const { voteDelay, distDelay } = effectiveInitialDelays(timings);
  return Math.max(now, startOfIntervalAfter(now, timings.initialInterval, offset) - distDelay - voteDelay);
}

/**
 * The `TestingV3AuthVotingStartOffset` that makes authorities launched at `launchSeconds` (unix
 * seconds, whole) take their first vote `lead` seconds later, as long as each computes its
 * schedule within one initial interval of the launch.
 *
 * @example votingStartOffset(Math.floor(Date.now() / 1000), TESTNET_VOTING) // 0…4
 */
export function votingStartOffset(
  launchSeconds: number,
  timings: VotingTimings,
  lead = FIRST_VOTE_AFTER_LAUNCH_S,
): number {
  if (!Number.isSafeInteger(launchSeconds) || launchSeconds < 0)
    throw new RangeError('launchSeconds must be a non-negative whole number of seconds');
  const { voteDelay, distDelay } = effectiveInitialDelays(timings);
  const intervalStart = launchSeconds + lead + voteDelay + distDelay;
  if (lead < 0 || intervalStart - launchSeconds > timings.initialInterval) {
    throw new RangeError(
      `a first vote ${lead} s after launch does not fit in an initial voting interval of ${timings.initialInterval} s`,
    );
  }
  // Intervals are aligned to midnight UTC, which is a multiple of the interval when it divides a day.
  const offset = (intervalStart % DAY_S) % timings.initialInterval;
  // tor refuses an offset above either interval (dirauth_config.c).
  if (offset > Math.min(timings.initialInterval, timings.interval))
    throw new RangeError('voting start offset out of range');
  return offset;
}
