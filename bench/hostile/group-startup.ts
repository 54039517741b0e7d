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
import { encodeStateCheckpoint } from '../../src/groups/state-checkpoint.js';
import { bob, longGroup, storedRows } from './_group-log.js';

const SMALL = 100;
const LARGE = Number(process.env['BURROW_BENCH_HOSTILE_OPS'] ?? 10_000);
const ROUNDS = 5;
const GOAL = 3;

/** The group's rows and the checkpoint the store would hold for it (groups/feature/checkpoints.ts). */
interface Stored {
  readonly groupId: string;
  readonly rows: readonly Uint8Array[];
  readonly checkpoint: Uint8Array;
}

function timeStartup({ groupId, rows, checkpoint }: Stored, expectedOps: number, withCheckpoint: boolean): number {
  const stored = withCheckpoint ? { bytes: checkpoint, onIgnored: (reason: string) => fail(reason) } : undefined;
  const started = performance.now();
  const engine = new GroupEngine({ identity: bob, isFriend: () => true, now: 1 });
  engine.restoreGroup(groupId, rows, [], stored);
  const elapsed = performance.now() - started;
  const held = engine.replica(groupId)!.log.size;
  if (held !== expectedOps) throw new Error(`restored ${held} of ${expectedOps} ops`);
  return elapsed;
}

function fail(reason: string): never {
  throw new Error(`the checkpoint was ignored: ${reason}`);
}

function storedOf(group: ReturnType<typeof longGroup>): Stored {
  return { groupId: group.groupId, rows: storedRows(group), checkpoint: encodeStateCheckpoint(group.log.checkpoint()) };
}

/** Median start-up times of the small and the large group, rounds alternating. */
function measure(small: Stored, large: Stored, withCheckpoint: boolean) {
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    if (roundIndex % 2 === 0) smallMs.push(timeStartup(small, SMALL, withCheckpoint));
    largeMs.push(timeStartup(large, LARGE, withCheckpoint));
    if (roundIndex % 2 === 1) smallMs.push(timeStartup(small, SMALL, withCheckpoint));
  }
  const smallMedian = percentile(smallMs, 50);
  const largeMedian = percentile(largeMs, 50);
  const ratio = largeMedian / smallMedian;
  console.log(
    `       start-up ${withCheckpoint ? 'from the checkpoint' : 'replaying every op'}: ${SMALL} ops ${smallMedian.toFixed(1)} ms, ${LARGE} ops ${largeMedian.toFixed(1)} ms (${((largeMedian / LARGE) * 1000).toFixed(1)} µs per op); ratio ${ratio.toFixed(1)} (goal ≤ ${GOAL})`,
  );
  return {
    smallMs: { median: round(smallMedian, 2), rounds: smallMs.map((value) => round(value, 2)) },
    largeMs: { median: round(largeMedian, 2), rounds: largeMs.map((value) => round(value, 2)) },
    microsecondsPerOpLarge: round((largeMedian / LARGE) * 1000, 1),
    ratio: round(ratio, 2),
  };
}

/** Runs part (c); returns its figures. */
export function groupStartup(): Promise<Record<string, unknown>> {
  const built = performance.now();
  const small = longGroup(SMALL);
  const large = longGroup(LARGE);
  console.log(
    `   (c) built groups of ${SMALL} and ${LARGE} ops in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );
  const smallStored = storedOf(small);
  const largeStored = storedOf(large);
  const loadBefore = loadAverage();
  const fullReplay = measure(smallStored, largeStored, false);
  const fromCheckpoint = measure(smallStored, largeStored, true);
  console.log(`       load average ${loadBefore} → ${loadAverage()}`);
  return Promise.resolve({
    smallOps: SMALL,
    largeOps: LARGE,
    rounds: ROUNDS,
    level:
      'GroupEngine.restoreGroup on the stored op rows (wire bytes, op id order) with and without the stored checkpoint at the latest cut, no messages; SQLite read not included',
    fullReplay,
    fromCheckpoint,
    ratio: fromCheckpoint.ratio,
    ratioMethod: `median start-up with ${LARGE} ops ÷ median with ${SMALL} ops, rounds alternating (from the checkpoint)`,
    goal: GOAL,
    loadAverage: { before: loadBefore, after: loadAverage() },
  });
}
