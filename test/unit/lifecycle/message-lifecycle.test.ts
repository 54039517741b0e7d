import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decideAction,
  orderHeldActions,
  type LifecycleAction,
  type TargetFacts,
} from '../../../src/lib/message-lifecycle.js';

const ada = 'ada';
const bob = 'bob';
const target = (facts: Partial<TargetFacts> = {}): TargetFacts => ({ author: ada, deleted: false, ...facts });
const edit = (actor: string, at: number): LifecycleAction => ({ kind: 'edit', actor, at });
const del = (actor: string, at: number): LifecycleAction => ({ kind: 'delete', actor, at });

describe('decideAction', () => {
  it('holds an edit or delete whose target has not arrived', () => {
    expect(decideAction(edit(ada, 1), undefined)).toEqual({ outcome: 'hold' });
    expect(decideAction(del(ada, 1), undefined)).toEqual({ outcome: 'hold' });
  });

  it('applies the author’s edit and delete', () => {
    expect(decideAction(edit(ada, 2), target())).toEqual({ outcome: 'apply' });
    expect(decideAction(del(ada, 2), target())).toEqual({ outcome: 'apply' });
  });

  it('refuses an edit of someone else’s message, even by an admin', () => {
    expect(decideAction(edit(bob, 2), target())).toEqual({ outcome: 'refuse', reason: 'not-author' });
    expect(decideAction(edit(bob, 2), target(), true)).toEqual({ outcome: 'refuse', reason: 'not-author' });
  });

  it('refuses a delete of someone else’s message unless the actor is an admin', () => {
    expect(decideAction(del(bob, 2), target())).toEqual({ outcome: 'refuse', reason: 'not-author-or-admin' });
    expect(decideAction(del(bob, 2), target(), true)).toEqual({ outcome: 'apply' });
  });

  it('lets a delete beat an edit: nothing changes a deleted message', () => {
    expect(decideAction(edit(ada, 9), target({ deleted: true }))).toEqual({ outcome: 'ignore' });
    expect(decideAction({ kind: 'react', actor: bob, at: 9 }, target({ deleted: true }))).toEqual({
      outcome: 'ignore',
    });
  });

  it('treats a replayed delete and a replayed or older edit as no-ops', () => {
    expect(decideAction(del(ada, 3), target({ deleted: true }))).toEqual({ outcome: 'ignore' });
    expect(decideAction(edit(ada, 5), target({ editedAt: 5 }))).toEqual({ outcome: 'ignore' });
    expect(decideAction(edit(ada, 4), target({ editedAt: 5 }))).toEqual({ outcome: 'ignore' });
    expect(decideAction(edit(ada, 6), target({ editedAt: 5 }))).toEqual({ outcome: 'apply' });
  });

  it('lets anyone react to a message that is still there', () => {
    expect(decideAction({ kind: 'react', actor: bob, at: 1 }, target())).toEqual({ outcome: 'apply' });
  });
});

/** Applies actions in the given order to a target, as a store would. */
function replay(actions: readonly LifecycleAction[]): { deleted: boolean; editedAt: number | undefined } {
  let facts = target();
  for (const action of actions) {
    if (decideAction(action, facts).outcome !== 'apply') continue;
    facts = action.kind === 'delete' ? { ...facts, deleted: true } : { ...facts, editedAt: action.at };
  }
  return { deleted: facts.deleted, editedAt: facts.deleted ? undefined : facts.editedAt };
}

describe('orderHeldActions', () => {
  it('puts a delete after an edit written at the same moment, so the delete wins', () => {
    const ordered = orderHeldActions([del(ada, 5), edit(ada, 5)]);
    expect(ordered.map((action) => action.kind)).toEqual(['edit', 'delete']);
    expect(replay(ordered)).toEqual({ deleted: true, editedAt: undefined });
  });

  it('ends in the same state whatever order the held actions arrived in', () => {
    const action = fc.record({
      kind: fc.constantFrom('edit' as const, 'delete' as const),
      actor: fc.constantFrom(ada, bob),
      at: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 8 }), fc.infiniteStream(fc.nat()), (actions, seeds) => {
        const shuffled = [...actions].sort(() => (seeds.next().value % 3) - 1);
        expect(replay(orderHeldActions(shuffled))).toEqual(replay(orderHeldActions(actions)));
      }),
    );
  });
});
