// A membership log resumed from a checkpoint of our store (state-checkpoint.ts: the resolved
// state at a cut, with what the log needs to go on) reads only the ops stored after it; the
// older ones stay in the store until something needs them. It must be the log a full replay
// gives: same state, heads, order and verdicts on new ops, after merges of concurrent ops and
// removals too. A checkpoint that does not decode or does not fit is ignored with a reason, never
// trusted; a peer's op never makes the log load its older ops unless it is well signed by a member.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GroupEngine } from '../../../src/groups/group-engine.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { groupOpId, signGroupOp } from '../../../src/groups/group-op.js';
import { loadMembershipLog } from '../../../src/groups/log-load.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import { decodeStateCheckpoint, encodeStateCheckpoint } from '../../../src/groups/state-checkpoint.js';
import { DecodeError } from '../../../src/protocol/decode-errors.js';
import { decodeGroupOp, type UnverifiedGroupOp } from '../../../src/protocol/groups/index.js';
import { prng } from '../../shared/prng.js';
import { play, steps } from './histories.js';
import { memberCached, seededRandom } from './helpers.js';

/** Everything a caller can observe of a log, including the state after every op it holds. */
function observed(log: MembershipLog) {
  return {
    state: log.state,
    heads: log.heads,
    size: log.size,
    ordered: log.ordered().map((op) => op.id),
    missing: log.missing(),
    after: log.ordered().map((op) => log.stateAt([op.id])),
    merges: log.ordered().map((op) => log.stateAt(op.parents.length > 0 ? op.parents : [op.id])),
    resolution: log.resolution(),
  };
}

/** What the store holds: the rows in the order they were stored, and the checkpoint written after the first `count`. */
interface Store {
  readonly groupId: string;
  readonly rows: readonly Uint8Array[];
  readonly count: number;
  readonly checkpoint: Uint8Array;
}

/** Resumes from the store's checkpoint; `loads` counts reads of every older op, `reasons` why it was ignored. */
function resumed({ groupId, rows, count, checkpoint }: Store, bytes = checkpoint) {
  const byId = new Map(rows.map((row) => [groupOpId(decodeGroupOp(row)), row]));
  const reasons: string[] = [];
  const counts = { loads: 0 };
  const all = () => {
    counts.loads++;
    return rows;
  };
  const stored = {
    bytes,
    rows: { get: (id: string) => byId.get(id), all },
    onIgnored: (why: string) => reasons.push(why),
  };
  const log = loadMembershipLog(groupId, rows.slice(count), stored);
  return { log, reasons, counts };
}

/** Stores `ops` in this order as a node would (what each insert added), with a checkpoint after the first `checkpointAfter`. */
function storeOf(create: UnverifiedGroupOp, ops: readonly UnverifiedGroupOp[], checkpointAfter: number): Store {
  const groupId = groupOpId(create);
  const live = MembershipLog.fromGenesis(create, groupId);
  const rows = [live.get(groupId)!.encoded()];
  let checkpoint = encodeStateCheckpoint(live.checkpoint());
  let count = 1;
  ops.forEach((op, index) => {
    const outcome = live.insert(op);
    if (outcome.status === 'added') rows.push(...outcome.ops.map((added) => added.encoded()));
    if (index === checkpointAfter) {
      checkpoint = encodeStateCheckpoint(live.checkpoint());
      count = rows.length;
    }
  });
  return { groupId, rows, count, checkpoint };
}

/** Ada (creator), bob (admin) and carol, 40 renames, carol removed, 20 renames more; bob's replica too. */
function longHistory() {
  const [ada, bob, carol] = [memberCached(61), memberCached(62), memberCached(64)];
  const adaGroup = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'g', displayName: 'ada', now: 1 },
  );
  adaGroup.addMember(bob.onionAddress, 'bob', 2);
  adaGroup.addAdmin(bob.onionAddress, 3);
  adaGroup.addMember(carol.onionAddress, 'carol', 4);
  for (let i = 0; i < 40; i++) adaGroup.rename(`name ${i}`, 10 + i);
  adaGroup.removeMember(carol.onionAddress, 60);
  for (let i = 0; i < 20; i++) adaGroup.rename(`later ${i}`, 70 + i);
  const ops = adaGroup.log.ordered().map((op) => op.wire);
  const store = storeOf(ops[0]!, ops, ops.length - 8);
  const bobGroup = GroupReplica.restore({ identity: bob, random: seededRandom('bob') }, adaGroup.groupId, ops);
  return { ada, bob, carol, adaGroup, bobGroup, store, full: loadMembershipLog(adaGroup.groupId, store.rows) };
}

describe('resuming a membership log from a checkpoint', () => {
  it('gives the log a full replay gives, and the same verdicts on new ops', () => {
    fc.assert(
      fc.property(steps, fc.integer(), fc.nat(), (script, seed, split) => {
        const { groupId, ops } = play(script);
        const shuffled = prng(seed).shuffle([...ops]);
        const storedCount = 1 + (split % shuffled.length);
        const create = ops.find((op) => groupOpId(op) === groupId)!;
        const store = storeOf(create, shuffled.slice(0, storedCount), split % storedCount);
        const full = loadMembershipLog(groupId, store.rows);
        const { log: fast, reasons, counts } = resumed(store);
        expect(reasons).toEqual([]);
        expect([fast.state, fast.heads, fast.size, fast.missing()]).toEqual([
          full.state,
          full.heads,
          full.size,
          full.missing(),
        ]);
        for (const op of shuffled.slice(storedCount)) {
          const [a, b] = [full.insert(op), fast.insert(op)];
          expect(b.status).toBe(a.status);
          if (a.status === 'refused' && b.status === 'refused') expect(b.error.message).toBe(a.error.message);
          expect(fast.state).toEqual(full.state);
          expect(fast.heads).toEqual(full.heads);
        }
        expect(observed(fast)).toEqual(observed(full));
        expect(counts.loads).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40, seed: 20_261_205 },
    );
  });

  it('reads none of the older ops at start-up, and goes on from its state', () => {
    const { store, full, adaGroup } = longHistory();
    const { log, reasons, counts } = resumed(store);
    expect(reasons).toEqual([]);
    expect(counts.loads).toBe(0);
    expect([log.state, log.heads, log.size]).toEqual([full.state, full.heads, full.size]);
    // An older op is still there when asked for by id (the store is read for that one op).
    const old = adaGroup.log.ordered()[5]!;
    expect(log.has(old.id)).toBe(true);
    expect(log.get(old.id)?.encoded()).toEqual(old.encoded());
    expect(counts.loads).toBe(0);
    // A new op on top is checked and added as on the full log.
    adaGroup.rename('next', 200);
    const next = adaGroup.log.get(adaGroup.log.heads[0]!)!.wire;
    expect(log.insert(next).status).toBe('added');
    expect(full.insert(next).status).toBe('added');
    expect(log.state).toEqual(full.state);
    expect(counts.loads).toBe(0);
    // The whole log, when something needs it, is the full replay's.
    expect(observed(log)).toEqual(observed(full));
    expect(counts.loads).toBe(1);
  });

  it('encodes deterministically and decodes to the same checkpoint', () => {
    const { full } = longHistory();
    const { depth: _depth, ...checkpoint } = full.checkpoint();
    const bytes = encodeStateCheckpoint(checkpoint);
    expect(decodeStateCheckpoint(bytes)).toEqual(checkpoint);
    expect(encodeStateCheckpoint(decodeStateCheckpoint(bytes))).toEqual(bytes);
  });
});

describe('hostile peers against a resumed log', () => {
  it('get an older op sent again answered as a duplicate, without the older ops loaded', () => {
    const { store, adaGroup } = longHistory();
    const { log, counts } = resumed(store);
    for (const op of adaGroup.log.ordered().slice(0, 30)) expect(log.insert(op.wire).status).toBe('duplicate');
    expect(counts.loads).toBe(0);
  });

  it('cannot make it load the older ops with a forgery naming them', () => {
    const { store, carol, bob, adaGroup } = longHistory();
    const { log, counts } = resumed(store);
    const old = adaGroup.log
      .ordered()
      .slice(0, 3)
      .map((op) => op.id);
    const draft = {
      groupId: adaGroup.groupId,
      parents: old,
      timestamp: 99,
      payload: { kind: 'rename', name: 'x' },
    } as const;
    const stranger = signGroupOp(memberCached(66), draft);
    expect(log.insert(stranger)).toMatchObject({ status: 'refused', error: { reason: 'not-member' } });
    const byBob = signGroupOp(bob, draft);
    const spoilt = { ...byBob, signature: new Uint8Array(64).fill(7) };
    expect(log.insert(spoilt).status).toBe('refused');
    expect(counts.loads).toBe(0);
    // Carol, removed, was a member once: her well-signed op is checked against the older ops, and refused as on the full log.
    const byCarol = signGroupOp(carol, draft);
    const full = loadMembershipLog(adaGroup.groupId, store.rows);
    const verdict = full.insert(byCarol);
    expect(log.insert(byCarol)).toEqual(verdict);
    expect(counts.loads).toBe(1);
  });

  it('takes a member’s op concurrent with its cut as the full log does (a merge after a removal)', () => {
    const { store, full, bobGroup, adaGroup } = longHistory();
    // Bob renames from an old view (before carol's removal); ada's later ops are concurrent with it.
    const stale = GroupReplica.restore(
      { identity: memberCached(62), random: seededRandom('bob') },
      adaGroup.groupId,
      adaGroup.log
        .ordered()
        .slice(0, 30)
        .map((op) => op.wire),
    );
    stale.rename('from the past', 300);
    const concurrent = stale.log.get(stale.log.heads[0]!)!.wire;
    const { log, counts } = resumed(store);
    expect(log.insert(concurrent)).toEqual(full.insert(concurrent));
    expect(counts.loads).toBe(1);
    bobGroup.receiveOp(concurrent);
    expect(observed(log)).toEqual(observed(full));
  });
});

describe('a corrupt or stale checkpoint', () => {
  const { store, full } = longHistory();
  const json = JSON.parse(new TextDecoder().decode(store.checkpoint)) as Record<string, unknown>;
  const reencoded = (change: (value: Record<string, unknown>) => void): Uint8Array => {
    const copy = structuredClone(json);
    change(copy);
    return new TextEncoder().encode(JSON.stringify(copy));
  };
  const state = (value: Record<string, unknown>) => value['state'] as Record<string, unknown[]>;
  const base = (value: Record<string, unknown>) => value['base'] as [number, string][];

  it.each([
    ['garbage', new Uint8Array([0xff, 0x00, 0x7b])],
    ['an unknown version', reencoded((value) => (value['v'] = 1))],
    ['an extra field', reencoded((value) => (value['extra'] = 1))],
    ['a cut that is not a hex id', reencoded((value) => (value['cut'] = 'ABC'))],
    ['members out of order', reencoded((value) => state(value)['members']!.reverse())],
    ['a duplicate member', reencoded((value) => state(value)['members']!.push(state(value)['members']![0]))],
    ['a non-canonical address', reencoded((value) => ((state(value)['members']![0] as string[])[0] = 'x'))],
    ['a negative cut-off seq', reencoded((value) => state(value)['departed']!.push(['x', 'y', [['a', -1, 'b']]]))],
    ['a kept op that is not base64', reencoded((value) => (base(value)[0]![1] = '!!'))],
    ['a negative closure size', reencoded((value) => (value['closureSize'] = -1))],
  ])('refuses to decode %s', (_, hostile) => {
    expect(() => decodeStateCheckpoint(hostile)).toThrow(DecodeError);
  });

  it.each([
    ['does not decode', Uint8Array.of(0x7b)],
    ['keeps an op that does not decode', reencoded((value) => (base(value)[1]![1] = 'AAAA'))],
    ['is of another group', reencoded((value) => (state(value)['groupId'] = 'cd'.repeat(32) as never))],
    ['does not keep its cut', reencoded((value) => (value['cut'] = 'ab'.repeat(32)))],
    ['does not keep create', reencoded((value) => base(value).splice(0, base(value).length, base(value).at(-1)!))],
    ['gives a kept op a wrong depth', reencoded((value) => (base(value).at(-1)![0] = 0))],
    ['names a member no op added', reencoded((value) => (value['everAdded'] = []))],
    [
      'names a seniority op it does not keep',
      reencoded((value) => ((value['seniority'] as string[][])[0]![1] = 'ef'.repeat(32))),
    ],
  ])('is ignored, with a reason, when it %s: a full replay', (_, bytes) => {
    const { log, reasons } = resumed(store, bytes);
    expect(reasons).toHaveLength(1);
    expect(observed(log)).toEqual(observed(full));
  });

  it('is ignored by the engine, with a warning, when its stored bytes do not decode', () => {
    const reasons: string[] = [];
    const engine = new GroupEngine({ identity: memberCached(63), isFriend: () => true, now: 1 });
    const rows = { get: () => undefined, all: () => store.rows };
    engine.restoreGroup(full.groupId, [], [], {
      bytes: Uint8Array.of(0x7b),
      rows,
      onIgnored: (why) => reasons.push(why),
    });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^it does not decode/);
    expect(observed(engine.replica(full.groupId)!.log)).toEqual(observed(full));
  });
});
