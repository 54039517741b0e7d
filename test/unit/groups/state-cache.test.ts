// The membership log resolves merges from its last cut and keeps the states it resolved
// (membership-log.ts): those shortcuts must give exactly what resolving every op from `create`
// gives, whatever the delivery order and however the history branches, and an honest merge on
// a long log must not cost a resolution of the whole log.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import * as resolve from '../../../src/groups/resolve.js';
import type { HexId } from '../../../src/groups/ids.js';
import { prng } from '../../shared/prng.js';
import { play, steps } from './histories.js';
import { memberCached, seededRandom } from './helpers.js';

vi.mock('../../../src/groups/resolve.js', async (importOriginal) => {
  const original = await importOriginal<typeof resolve>();
  return { ...original, resolveGroupState: vi.fn(original.resolveGroupState) };
});

/** The resolution of the closure of `heads`, from `create`, with nothing kept between calls. */
function resolvedFromScratch(log: MembershipLog, heads: readonly HexId[]) {
  const closure = log.closureOf(heads);
  const depth = new Map<HexId, number>();
  const nodes = log
    .ordered()
    .filter((op) => closure.has(op.id))
    .map((op) => {
      depth.set(op.id, op.parents.length === 0 ? 0 : 1 + Math.max(...op.parents.map((parent) => depth.get(parent)!)));
      return { op, depth: depth.get(op.id)! };
    });
  return resolve.resolveGroupState(nodes).state;
}

describe('the membership log state cache', () => {
  it('gives the state a resolution from scratch gives, after every op, in any delivery order', () => {
    let merges = 0;
    fc.assert(
      fc.property(steps, fc.integer(), (script, seed) => {
        const { groupId, ops } = play(script);
        const random = prng(seed);
        const create = ops.find((op) => op.body.payload.kind === 'create')!;
        const log = MembershipLog.fromGenesis(create, groupId);
        for (const op of random.shuffle([...ops])) {
          log.insert(op);
          expect(log.state).toEqual(resolvedFromScratch(log, log.heads));
        }
        expect(log.size).toBe(ops.length);
        for (const op of log.ordered()) {
          if (op.parents.length < 2) continue;
          merges++;
          expect(log.stateAt(op.parents)).toEqual(resolvedFromScratch(log, op.parents));
        }
      }),
      { numRuns: 25, seed: 20_261_204 },
    );
    expect(merges).toBeGreaterThan(0);
  });

  it('resolves an honest merge on a long log from the last cut, not from create', () => {
    const ada = memberCached(51);
    const bob = memberCached(52);
    const adaGroup = GroupReplica.create(
      { identity: ada, random: seededRandom('ada') },
      { name: 'old', displayName: 'ada', now: 1 },
    );
    adaGroup.addMember(bob.onionAddress, 'bob', 2);
    adaGroup.addAdmin(bob.onionAddress, 3);
    for (let i = 0; i < 300; i++) adaGroup.rename(`name ${i}`, 4 + i);
    const bobGroup = GroupReplica.restore(
      { identity: bob, random: seededRandom('bob') },
      adaGroup.groupId,
      adaGroup.log.ordered().map((op) => op.wire),
    );
    // Both rename at once: two heads, then ada's next op merges them.
    bobGroup.rename('bob says', 1_000);
    adaGroup.rename('ada says', 1_000);
    const resolved = vi.mocked(resolve.resolveGroupState);
    resolved.mockClear();
    adaGroup.receiveOp(bobGroup.log.get(bobGroup.log.heads[0]!)!.wire);
    expect(adaGroup.log.heads).toHaveLength(2);
    adaGroup.rotate(1_001);
    expect(adaGroup.log.heads).toHaveLength(1);
    const sizes = resolved.mock.calls.map(([nodes]) => [...nodes].length);
    // The two concurrent renames (and nothing below them) were resolved, on top of the cut.
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(adaGroup.state).toEqual(resolvedFromScratch(adaGroup.log, adaGroup.log.heads));
  });
});
