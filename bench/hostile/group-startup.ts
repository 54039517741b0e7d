/**
 * Part (c) of `npm run bench -- hostile`: how long a member's group service takes to load a
 * group from its store at start-up (GroupEngine.restoreGroup on the rows as the store hands
 * them back, in op id order), for a group of {@link LARGE} ops against one of {@link SMALL}:
 * replaying every op, and from the checkpoint the store would hold (written as
 * groups/feature/checkpoints.ts writes it, every CHECKPOINT_STRIDE ops of depth), given the
 * rows stored after it. Rounds alternate the two sizes; the ratio is the median of large ÷ the
 * median of small. Also what the first use of the whole log after a start-up from the
 * checkpoint costs (the first sync or history view loads the older ops once).
 */
import { performance } from 'node:perf_hooks';
import { GroupEngine } from '../../src/groups/group-engine.js';
import { loadAverage, round } from '../_tor-bench.js';
import { percentile } from '../benchmark.js';
import { CHECKPOINT_STRIDE } from '../../src/groups/feature/checkpoints.js';
import { groupOpId } from '../../src/groups/group-op.js';
import type { StoredCheckpoint } from '../../src/groups/log-load.js';
import { MembershipLog } from '../../src/groups/membership-log.js';
import { encodeStateCheckpoint } from '../../src/groups/state-checkpoint.js';
import { decodeGroupOp } from '../../src/protocol/groups/group-op-codec.js';
import { bob, longGroup, storedRows } from './_group-log.js';

const SMALL = 100;
const LARGE = Number(process.env['BURROW_BENCH_HOSTILE_OPS'] ?? 10_000);
const ROUNDS = 5;
const GOAL = 3;

/** The group's rows and what the store would hold with its checkpoint (groups/feature/checkpoints.ts). */
interface Stored {
  readonly groupId: string;
  readonly rows: readonly Uint8Array[];
  /** The rows stored after the checkpoint, and the checkpoint (absent if the log never got that deep). */
  readonly after: readonly Uint8Array[];
  readonly checkpoint: StoredCheckpoint | undefined;
}

/** Ms to start up; with `firstUse`, also ms of the first use of the whole log after it (the older ops loaded). */
function timeStartup(stored: Stored, expectedOps: number, withCheckpoint: boolean, firstUse?: number[]): number {
  const checkpoint = withCheckpoint ? stored.checkpoint : undefined;
  const started = performance.now();
  const engine = new GroupEngine({ identity: bob, isFriend: () => true, now: 1 });
  engine.restoreGroup(stored.groupId, checkpoint === undefined ? stored.rows : stored.after, [], checkpoint);
  const elapsed = performance.now() - started;
  const log = engine.replica(stored.groupId)!.log;
  if (log.size !== expectedOps) throw new Error(`restored ${log.size} of ${expectedOps} ops`);
  const used = performance.now();
  if (log.ordered().length !== expectedOps) throw new Error(`loaded ${log.ordered().length} of ${expectedOps} ops`);
  firstUse?.push(performance.now() - used);
  return elapsed;
}

function fail(reason: string): never {
  throw new Error(`the checkpoint was ignored: ${reason}`);
}

/** The rows as the store holds them, and the checkpoint the node would have written last, replaying ada's ops in order. */
function storedOf(group: ReturnType<typeof longGroup>): Stored {
  const rows = storedRows(group);
  const inOrder = group.log.ordered();
  const log = MembershipLog.fromGenesis(inOrder[0]!.wire, group.groupId);
  let written = { depth: 0, count: 0, bytes: undefined as Uint8Array | undefined };
  inOrder.slice(1).forEach((op, index) => {
    log.insert(op.wire);
    const checkpoint = log.checkpoint();
    if (checkpoint.depth - written.depth >= CHECKPOINT_STRIDE)
      written = { depth: checkpoint.depth, count: index + 2, bytes: encodeStateCheckpoint(checkpoint) };
  });
  const byId = new Map(rows.map((row) => [groupOpId(decodeGroupOp(row)), row]));
  const after = inOrder.slice(written.count).map((op) => op.encoded());
  const checkpoint =
    written.bytes === undefined
      ? undefined
      : { bytes: written.bytes, rows: { get: (id: string) => byId.get(id), all: () => rows }, onIgnored: fail };
  return { groupId: group.groupId, rows, after, checkpoint };
}

/** Median start-up times of the small and the large group, rounds alternating. */
function measure(small: Stored, large: Stored, withCheckpoint: boolean) {
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  const firstUseMs: number[] = [];
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    if (roundIndex % 2 === 0) smallMs.push(timeStartup(small, SMALL, withCheckpoint));
    largeMs.push(timeStartup(large, LARGE, withCheckpoint, firstUseMs));
    if (roundIndex % 2 === 1) smallMs.push(timeStartup(small, SMALL, withCheckpoint));
  }
  const smallMedian = percentile(smallMs, 50);
  const largeMedian = percentile(largeMs, 50);
  const ratio = largeMedian / smallMedian;
  console.log(
    `       start-up ${withCheckpoint ? 'from the checkpoint' : 'replaying every op'}: ${SMALL} ops ${smallMedian.toFixed(1)} ms, ${LARGE} ops ${largeMedian.toFixed(1)} ms (${((largeMedian / LARGE) * 1000).toFixed(1)} µs per op); ratio ${ratio.toFixed(1)} (goal ≤ ${GOAL}); then the first use of the whole ${LARGE}-op log ${percentile(firstUseMs, 50).toFixed(1)} ms`,
  );
  return {
    smallMs: { median: round(smallMedian, 2), rounds: smallMs.map((value) => round(value, 2)) },
    largeMs: { median: round(largeMedian, 2), rounds: largeMs.map((value) => round(value, 2)) },
    microsecondsPerOpLarge: round((largeMedian / LARGE) * 1000, 1),
    ratio: round(ratio, 2),
    firstWholeLogUseLargeMs: round(percentile(firstUseMs, 50), 2),
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
      'GroupEngine.restoreGroup on the stored op rows (wire bytes, op id order), and from the stored checkpoint with the rows stored after it, no messages; SQLite read not included; firstWholeLogUse: log.ordered() right after start-up',
    fullReplay,
    fromCheckpoint,
    ratio: fromCheckpoint.ratio,
    ratioMethod: `median start-up with ${LARGE} ops ÷ median with ${SMALL} ops, rounds alternating (from the checkpoint)`,
    goal: GOAL,
    loadAverage: { before: loadBefore, after: loadAverage() },
  });
}
