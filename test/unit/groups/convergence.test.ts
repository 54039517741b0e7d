// Property: every member replaying the same set of membership ops computes the same state,
// whatever order (and however many times) the ops arrive. Histories are made by honest
// replicas that act on partial knowledge, so they are full of concurrent branches.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import { resolveGroupState } from '../../../src/groups/resolve.js';
import { prng } from '../../shared/prng.js';
import { play, steps } from './histories.js';

describe('membership convergence', () => {
  it('any delivery order, with duplicates, gives the same state, heads and op set', () => {
    // Counted to show the property is not vacuous: histories do branch and merge, and some ops lose.
    let merges = 0;
    let notApplied = 0;
    fc.assert(
      fc.property(steps, fc.integer(), (script, seed) => {
        const { groupId, ops } = play(script);
        const random = prng(seed);
        const logs = [0, 1, 2].map(() => {
          const delivery = random.shuffle([...ops, ...ops.filter(() => random.next() < 0.3)]);
          return MembershipLog.restore(groupId, delivery);
        });
        for (const log of logs) {
          // Every honest op is accepted…
          expect(log.size).toBe(ops.length);
          // …and the outcome does not depend on the order.
          expect(log.state).toEqual(logs[0]!.state);
          expect(log.heads).toEqual(logs[0]!.heads);
          expect(log.resolution().fates).toEqual(logs[0]!.resolution().fates);
        }
        merges += logs[0]!.ordered().filter((op) => op.parents.length > 1).length;
        notApplied += [...logs[0]!.resolution().fates.values()].filter((fate) => fate !== 'applied').length;
      }),
      { numRuns: 25, seed: 20_240_601 },
    );
    expect(merges).toBeGreaterThan(0);
    expect(notApplied).toBeGreaterThan(0);
  });

  it('replicas that exchange everything agree with a fresh replay', () => {
    fc.assert(
      fc.property(steps, (script) => {
        const { groupId, ops, replicas } = play(script);
        for (const replica of replicas) for (const op of ops) replica.receiveOp(op);
        const fresh = MembershipLog.restore(groupId, ops);
        for (const replica of replicas) expect(replica.state).toEqual(fresh.state);
      }),
      { numRuns: 15 },
    );
  });

  it('the state kept after each op is the resolution of that op and its ancestors', () => {
    fc.assert(
      fc.property(steps, (script) => {
        const { groupId, ops } = play(script);
        const log = MembershipLog.restore(groupId, ops);
        for (const op of log.ordered()) {
          const closure = log.closureOf([op.id]);
          const nodes = log.ordered().filter((o) => closure.has(o.id));
          const depth = new Map<string, number>();
          for (const o of nodes)
            depth.set(o.id, o.parents.length === 0 ? 0 : 1 + Math.max(...o.parents.map((p) => depth.get(p)!)));
          const full = resolveGroupState(nodes.map((o) => ({ op: o, depth: depth.get(o.id)! })));
          expect(log.stateAt([op.id])).toEqual(full.state);
        }
      }),
      { numRuns: 15 },
    );
  });
});
