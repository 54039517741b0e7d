/**
 * Part (a) of `npm run bench -- hostile`: what a forged group op costs a member, against what
 * an honest op costs, on a group of {@link LOG_OPS} ops. Bob's group engine takes each op as it
 * would from a session (a `group-items` frame from ada): the honest op is ada's next rename;
 * the forgeries are that op with its signature spoilt (in a member's name) and a well-signed
 * rename by someone never added. Rounds alternate honest and forged ops; the ratio is the
 * median forged cost ÷ the median honest cost, both as the engine alone and as the node runs it
 * (the engine, then the changes written in one transaction to an encrypted profile, as
 * groups-feature.ts does; a forgery changes nothing, so writes nothing). Also the honest cost
 * of a concurrent op and of the merge that follows (the state cache at work: neither resolves
 * the whole log).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signGroupOp } from '../../src/groups/group-op.js';
import { fromHexId } from '../../src/groups/ids.js';
import type { UnverifiedGroupOp } from '../../src/protocol/groups/group-op-codec.js';
import type { GroupEngine } from '../../src/groups/group-engine.js';
import { createProfile } from '../../src/store/profile.js';
import type { ProfileStore } from '../../src/store/profile-store.js';
import { BENCH_KDF } from '../_nodes.js';
import { loadAverage, round } from '../_tor-bench.js';
import { percentile } from '../benchmark.js';
import { ada, benchIdentity, bobsEngine, longGroup, storedRows } from './_group-log.js';

const LOG_OPS = 1_001;
const ROUNDS = 5;
/** Ops of each kind per round. */
const PER_ROUND = 40;
const GOAL = 0.05;

/** Ms to take in `op`: the engine, then (with a store) its changes written as the node writes them. */
function timeOp(
  engine: GroupEngine,
  groupId: string,
  op: UnverifiedGroupOp,
  now: number,
  store?: ProfileStore,
): number {
  const started = performance.now();
  const effects = engine.receive(
    ada.onionAddress,
    { kind: 'group-items', groupId: fromHexId(groupId), more: false, items: [{ type: 'op', op }] },
    now,
  );
  if (store !== undefined && effects.changes.length > 0)
    store.transaction(() => {
      for (const change of effects.changes)
        for (const held of change.ops) store.groups.insertOp(fromHexId(change.groupId), held.idBytes, held.encoded());
    });
  return performance.now() - started;
}

/** Runs part (a); returns its figures. */
export async function forgedOp(): Promise<Record<string, unknown>> {
  const outsider = benchIdentity('outsider');
  const group = longGroup(LOG_OPS);
  const engine = bobsEngine(group.groupId, storedRows(group));
  const workDir = await mkdtemp(join(tmpdir(), 'burrow-bench-hostile-'));
  const store = await createProfile(join(workDir, 'bob'), 'benchmark passphrase, not a secret', {
    displayName: 'bob',
    kdf: BENCH_KDF,
  });
  store.groups.insertGroup(fromHexId(group.groupId), 1);
  const loadBefore = loadAverage();
  const honest: number[] = [];
  const honestStored: number[] = [];
  const badSignature: number[] = [];
  const notMember: number[] = [];
  const rounds: { honestMs: number; honestStoredMs: number; badSignatureMs: number; notMemberMs: number }[] = [];
  let now = 10_000;
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    const sample = { honest: [] as number[], badSignature: [] as number[], notMember: [] as number[] };
    const stored: number[] = [];
    for (let i = 0; i < PER_ROUND; i++) {
      now += 20_000; // one op per member per 20 s (limits.ts GROUP_OP_RATE)
      const heads = group.log.heads;
      group.rename(`round ${roundIndex} op ${i}`, now);
      const next = group.log.get(group.log.heads[0]!)!.wire;
      const spoilt = { ...next, signature: new Uint8Array(next.signature).fill(7) };
      const stranger = signGroupOp(outsider, {
        groupId: group.groupId,
        parents: heads,
        timestamp: now,
        payload: { kind: 'rename', name: 'taken over' },
      });
      // Alternate which kind goes first, so drift hits all alike.
      if (i % 2 === 0) sample.badSignature.push(timeOp(engine, group.groupId, spoilt, now));
      // Every other honest op as the node takes it (with the store write), the others engine only.
      if (i % 2 === 0) sample.honest.push(timeOp(engine, group.groupId, next, now));
      else stored.push(timeOp(engine, group.groupId, next, now, store));
      if (i % 2 === 1) sample.badSignature.push(timeOp(engine, group.groupId, spoilt, now));
      sample.notMember.push(timeOp(engine, group.groupId, stranger, now));
    }
    honest.push(...sample.honest);
    honestStored.push(...stored);
    badSignature.push(...sample.badSignature);
    notMember.push(...sample.notMember);
    rounds.push({
      honestMs: round(percentile(sample.honest, 50), 4),
      honestStoredMs: round(percentile(stored, 50), 4),
      badSignatureMs: round(percentile(sample.badSignature, 50), 4),
      notMemberMs: round(percentile(sample.notMember, 50), 4),
    });
  }
  const size = engine.replica(group.groupId)!.log.size;
  if (size !== group.log.size) throw new Error(`bob holds ${size} ops, ada ${group.log.size}: an honest op was lost`);

  // A concurrent op (two heads) and the merge after it, on the same log.
  const bobGroup = engine.replica(group.groupId)!;
  now += 20_000;
  const concurrentParents = group.log.heads;
  group.rename('ada, concurrently', now);
  const adaOp = group.log.get(group.log.heads[0]!)!.wire;
  const concurrent = signGroupOp(benchIdentity('bob'), {
    groupId: group.groupId,
    parents: concurrentParents,
    timestamp: now,
    payload: { kind: 'rename', name: 'bob, concurrently' },
  });
  timeOp(engine, group.groupId, adaOp, now);
  const started = performance.now();
  bobGroup.receiveOp(concurrent);
  const concurrentMs = performance.now() - started;
  const mergeStarted = performance.now();
  bobGroup.rotate(now + 1);
  const mergeMs = performance.now() - mergeStarted;

  store.close();
  await rm(workDir, { recursive: true, force: true });
  const honestMs = percentile(honest, 50);
  const honestStoredMs = percentile(honestStored, 50);
  const badSignatureMs = percentile(badSignature, 50);
  const notMemberMs = percentile(notMember, 50);
  const ratio = Math.max(badSignatureMs, notMemberMs) / honestMs;
  const ratioStored = Math.max(badSignatureMs, notMemberMs) / honestStoredMs;
  console.log(`   (a) forged op vs honest insert on a ${LOG_OPS}-op group (${ROUNDS} rounds × ${PER_ROUND} of each):`);
  console.log(
    `       honest ${honestMs.toFixed(3)} ms (engine), ${honestStoredMs.toFixed(3)} ms (engine + store write); bad signature ${badSignatureMs.toFixed(3)} ms, by a non-member ${notMemberMs.toFixed(3)} ms`,
  );
  console.log(
    `       ratio forged ÷ honest: ${ratioStored.toFixed(3)} as the node runs it, ${ratio.toFixed(3)} engine alone (goal ≤ ${GOAL})`,
  );
  console.log(
    `       concurrent op ${concurrentMs.toFixed(3)} ms, the merge after it ${mergeMs.toFixed(3)} ms; load average ${loadBefore} → ${loadAverage()}`,
  );
  return {
    logOps: LOG_OPS,
    rounds: ROUNDS,
    opsPerRound: PER_ROUND,
    level:
      'GroupEngine.receive of one group-items frame holding one op (decoded), as from a session; "stored": then the changes written in one transaction to an encrypted profile',
    honestInsertMs: round(honestMs, 4),
    honestInsertStoredMs: round(honestStoredMs, 4),
    forgedBadSignatureMs: round(badSignatureMs, 4),
    forgedByNonMemberMs: round(notMemberMs, 4),
    perRound: rounds,
    ratio: round(ratioStored, 3),
    ratioEngineOnly: round(ratio, 3),
    ratioMethod:
      'median cost of the dearer forgery ÷ median cost of an honest insert with its store write (ratioEngineOnly: without it), over all rounds',
    goal: GOAL,
    concurrentOpMs: round(concurrentMs, 3),
    mergeAfterItMs: round(mergeMs, 3),
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}
