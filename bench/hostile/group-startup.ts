/**
 * Part (c) of `npm run bench -- hostile`: how long a member's group service takes to load a
 * group from its store at start-up (GroupEngine.restoreGroup on the rows as the store hands
 * them back, in op id order), for a group of {@link LARGE} ops against one of {@link SMALL}.
 * Rounds alternate the two; the ratio is the median of large ÷ the median of small.
 */
import { performance } from 'node:perf_hooks';
import { GroupEngine } from '../../src/groups/group-engine.js';
import { loadAverage, round } from '../_tor-bench.js';
import { percentile } from '../benchmark.js';
import { bob, longGroup, storedRows } from './_group-log.js';

const SMALL = 100;
const LARGE = Number(process.env['BURROW_BENCH_HOSTILE_OPS'] ?? 10_000);
const ROUNDS = 5;
const GOAL = 3;

function timeStartup(groupId: string, rows: readonly Uint8Array[], expectedOps: number): number {
  const started = performance.now();
  const engine = new GroupEngine({ identity: bob, isFriend: () => true, now: 1 });
  engine.restoreGroup(groupId, rows, []);
  const elapsed = performance.now() - started;
  const held = engine.replica(groupId)!.log.size;
  if (held !== expectedOps) throw new Error(`restored ${held} of ${expectedOps} ops`);
  return elapsed;
}

/** Runs part (c); returns its figures. */
export function groupStartup(): Promise<Record<string, unknown>> {
  const built = performance.now();
  const small = longGroup(SMALL);
  const large = longGroup(LARGE);
  console.log(
    `   (c) built groups of ${SMALL} and ${LARGE} ops in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );
  const smallRows = storedRows(small);
  const largeRows = storedRows(large);
  const loadBefore = loadAverage();
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    if (roundIndex % 2 === 0) smallMs.push(timeStartup(small.groupId, smallRows, SMALL));
    largeMs.push(timeStartup(large.groupId, largeRows, LARGE));
    if (roundIndex % 2 === 1) smallMs.push(timeStartup(small.groupId, smallRows, SMALL));
  }
  const smallMedian = percentile(smallMs, 50);
  const largeMedian = percentile(largeMs, 50);
  const ratio = largeMedian / smallMedian;
  console.log(
    `       start-up: ${SMALL} ops ${smallMedian.toFixed(1)} ms, ${LARGE} ops ${largeMedian.toFixed(1)} ms (${((largeMedian / LARGE) * 1000).toFixed(1)} µs per op); ratio ${ratio.toFixed(1)} (goal ≤ ${GOAL}); load average ${loadBefore} → ${loadAverage()}`,
  );
  return Promise.resolve({
    smallOps: SMALL,
    largeOps: LARGE,
    rounds: ROUNDS,
    level:
      'GroupEngine.restoreGroup on the stored op rows (wire bytes, op id order), no messages; SQLite read not included',
    smallMs: { median: round(smallMedian, 2), rounds: smallMs.map((value) => round(value, 2)) },
    largeMs: { median: round(largeMedian, 2), rounds: largeMs.map((value) => round(value, 2)) },
    microsecondsPerOpLarge: round((largeMedian / LARGE) * 1000, 1),
    ratio: round(ratio, 2),
    ratioMethod: `median start-up with ${LARGE} ops ÷ median with ${SMALL} ops, rounds alternating`,
    goal: GOAL,
    loadAverage: { before: loadBefore, after: loadAverage() },
  });
}
