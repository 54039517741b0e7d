// A membership log restored from a checkpoint (state-checkpoint.ts: the resolved state at a cut,
// so the ops below it are not replayed) must be the log a full replay gives: same state, heads,
// order and verdicts on new ops. A checkpoint that does not decode or does not fit the stored
// ops is ignored with a reason, never trusted.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GroupEngine } from '../../../src/groups/group-engine.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { MembershipLog, type RestoreOptions } from '../../../src/groups/membership-log.js';
import {
  decodeStateCheckpoint,
  encodeStateCheckpoint,
  type StateCheckpoint,
} from '../../../src/groups/state-checkpoint.js';
import { DecodeError } from '../../../src/protocol/decode-errors.js';
import type { UnverifiedGroupOp } from '../../../src/protocol/groups/index.js';
import { prng } from '../../shared/prng.js';
import { play, steps } from './histories.js';
import { memberCached, seededRandom } from './helpers.js';

function restored(groupId: string, ops: readonly UnverifiedGroupOp[], options: RestoreOptions = {}): MembershipLog {
  return MembershipLog.restore(groupId, ops, { fromOwnStore: true, ...options });
}

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

/** Restores with the checkpoint, expecting it to be used (or ignored, with a reason, when `ignored`). */
function withCheckpoint(groupId: string, stored: readonly UnverifiedGroupOp[], checkpoint: StateCheckpoint) {
  const reasons: string[] = [];
  const log = restored(groupId, stored, { checkpoint, onCheckpointIgnored: (reason) => reasons.push(reason) });
  return { log, reasons };
}

/** A long log: ada, bob (admin) and 40 renames. */
function longHistory() {
  const { groupId, ops } = play([
    [0, 0, 1],
    [0, 3, 1],
    ...Array.from({ length: 40 }, (_, index) => [index % 2, 4, 0] as const),
  ]);
  const log = restored(groupId, ops);
  return { groupId, ops, log, checkpoint: log.checkpoint() };
}

describe('restoring a membership log from a checkpoint', () => {
  it('gives the log a full replay gives, and the same verdicts on new ops', () => {
    let used = 0;
    fc.assert(
      fc.property(steps, fc.integer(), fc.nat(), (script, seed, split) => {
        const { groupId, ops } = play(script);
        const random = prng(seed);
        const shuffled = random.shuffle([...ops]);
        const create = ops.find((op) => op.body.payload.kind === 'create')!;
        // The live log: a checkpoint taken part way, then more ops stored, some held back for later.
        const live = MembershipLog.fromGenesis(create, groupId);
        const storedCount = 1 + (split % shuffled.length);
        const checkpointAt = split % storedCount;
        let checkpoint: StateCheckpoint = live.checkpoint();
        shuffled.slice(0, storedCount).forEach((op, index) => {
          live.insert(op);
          if (index === checkpointAt) checkpoint = decodeStateCheckpoint(encodeStateCheckpoint(live.checkpoint()));
        });
        const stored = live.ordered().map((op) => op.wire);
        const full = restored(groupId, stored);
        const { log: fast, reasons } = withCheckpoint(groupId, stored, checkpoint);
        if (reasons.length === 0) used++;
        expect(observed(fast)).toEqual(observed(full));
        for (const op of shuffled.slice(storedCount)) {
          const [a, b] = [full.insert(op), fast.insert(op)];
          expect(b.status).toBe(a.status);
          if (a.status === 'refused' && b.status === 'refused') expect(b.error.message).toBe(a.error.message);
          expect(fast.state).toEqual(full.state);
          expect(fast.heads).toEqual(full.heads);
        }
        expect(observed(fast)).toEqual(observed(full));
      }),
      { numRuns: 40, seed: 20_261_205 },
    );
    expect(used).toBeGreaterThan(10);
  });

  it('encodes deterministically and decodes to the same state', () => {
    const { checkpoint } = longHistory();
    const bytes = encodeStateCheckpoint(checkpoint);
    const decoded = decodeStateCheckpoint(bytes);
    expect(decoded).toEqual({ cut: checkpoint.cut, state: checkpoint.state });
    expect(encodeStateCheckpoint(decoded)).toEqual(bytes);
  });

  it('uses a fitting checkpoint: the ops below its cut are not checked again', () => {
    const { groupId, ops, log, checkpoint } = longHistory();
    // A state only the checkpoint could give (a rename nobody signed) shows it was used.
    const marked = { ...checkpoint, state: { ...checkpoint.state, name: 'from the checkpoint' } };
    const { log: fast, reasons } = withCheckpoint(groupId, ops, marked);
    expect(reasons).toEqual([]);
    expect(fast.state.name).toBe('from the checkpoint');
    expect(fast.heads).toEqual(log.heads);
  });
});

describe('a hostile or stale checkpoint', () => {
  const { groupId, ops, log, checkpoint } = longHistory();
  const bytes = encodeStateCheckpoint(checkpoint);
  const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const reencoded = (change: (value: Record<string, unknown>) => void): Uint8Array => {
    const copy = structuredClone(json);
    change(copy);
    return new TextEncoder().encode(JSON.stringify(copy));
  };
  const state = (value: Record<string, unknown>) => value['state'] as Record<string, unknown[]>;

  it.each([
    ['garbage', new Uint8Array([0xff, 0x00, 0x7b])],
    ['an unknown version', reencoded((value) => (value['v'] = 2))],
    ['an extra field', reencoded((value) => (value['extra'] = 1))],
    ['a cut that is not a hex id', reencoded((value) => (value['cut'] = 'ABC'))],
    ['members out of order', reencoded((value) => state(value)['members']!.reverse())],
    ['a duplicate member', reencoded((value) => state(value)['members']!.push(state(value)['members']![0]))],
    ['a non-canonical address', reencoded((value) => ((state(value)['members']![0] as string[])[0] = 'x'))],
    ['a negative cut-off seq', reencoded((value) => state(value)['departed']!.push(['x', 'y', [['a', -1, 'b']]]))],
  ])('refuses to decode %s', (_, hostile) => {
    expect(() => decodeStateCheckpoint(hostile)).toThrow(DecodeError);
  });

  it.each<[string, () => StateCheckpoint]>([
    ['a cut the store does not hold', () => ({ ...checkpoint, cut: 'ab'.repeat(32) })],
    ['a state of another group', () => ({ ...checkpoint, state: { ...checkpoint.state, groupId: 'cd'.repeat(32) } })],
    [
      'a member no op added',
      () => {
        const stranger = memberCached(99).onionAddress;
        const members = new Map(checkpoint.state.members).set(stranger, { id: stranger, name: 'x', isAdmin: true });
        return { ...checkpoint, state: { ...checkpoint.state, members } };
      },
    ],
    [
      'an epoch no op below the cut granted',
      () => ({
        ...checkpoint,
        state: { ...checkpoint.state, epoch: { ...checkpoint.state.epoch, id: 'ef'.repeat(32) } },
      }),
    ],
  ])('ignores, with a reason, %s: a full replay', (_, hostile) => {
    const { log: fast, reasons } = withCheckpoint(groupId, ops, hostile());
    expect(reasons).toHaveLength(1);
    expect(observed(fast)).toEqual(observed(log));
  });

  it('ignores a stale checkpoint: an op stored since is concurrent with its cut', () => {
    const ada = memberCached(61);
    const bob = memberCached(62);
    const adaGroup = GroupReplica.create(
      { identity: ada, random: seededRandom('ada') },
      { name: 'g', displayName: 'ada', now: 1 },
    );
    adaGroup.addMember(bob.onionAddress, 'bob', 2);
    adaGroup.addAdmin(bob.onionAddress, 3);
    const bobGroup = GroupReplica.restore(
      { identity: bob, random: seededRandom('bob') },
      adaGroup.groupId,
      adaGroup.log.ordered().map((op) => op.wire),
    );
    bobGroup.rename('bob says', 4);
    adaGroup.rename('ada says', 4);
    const stale = adaGroup.log.checkpoint();
    adaGroup.receiveOp(bobGroup.log.get(bobGroup.log.heads[0]!)!.wire);
    const stored = adaGroup.log.ordered().map((op) => op.wire);
    const { log: fast, reasons } = withCheckpoint(adaGroup.groupId, stored, stale);
    expect(reasons).toEqual(['an op is concurrent with its cut']);
    expect(observed(fast)).toEqual(observed(restored(adaGroup.groupId, stored)));
  });

  it('is ignored by the engine, with a warning, when its stored bytes do not decode', () => {
    const rows = log.ordered().map((op) => op.encoded());
    const reasons: string[] = [];
    const engine = new GroupEngine({ identity: memberCached(63), isFriend: () => true, now: 1 });
    engine.restoreGroup(groupId, rows, [], { bytes: Uint8Array.of(0x7b), onIgnored: (reason) => reasons.push(reason) });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^it does not decode/);
    expect(observed(engine.replica(groupId)!.log)).toEqual(observed(log));
  });

  it('is not used on ops that are not from our own store', () => {
    const reasons: string[] = [];
    const fast = MembershipLog.restore(groupId, ops, {
      checkpoint,
      onCheckpointIgnored: (reason) => reasons.push(reason),
    });
    expect(reasons).toHaveLength(1);
    expect(observed(fast)).toEqual(observed(log));
  });
});
