/**
 * The rules for taking messages back (docs/PROTOCOL.md "Message lifecycle"), shared by 1:1 chat
 * and groups: who may edit or delete a message, what a late, early, repeated or concurrent
 * action does, and when a message of a disappearing conversation expires. Pure: facts in, a
 * decision out; the services store what it says and refuse with their own typed errors.
 */

/** What an action does to its target (a reply is not an action: it is a field of a new message). */
export type LifecycleActionKind = 'edit' | 'delete' | 'react';

/** One action on an earlier message, as the rules see it. */
export interface LifecycleAction {
  readonly kind: LifecycleActionKind;
  /** Who sent the action (an onion address, a member key: opaque here). */
  readonly actor: string;
  /** When the actor wrote it, by the actor's clock (orders edits; untrusted otherwise). */
  readonly at: number;
}

/** What the receiver knows of the target message. */
export interface TargetFacts {
  readonly author: string;
  /** Deleted for everyone (or expired): nothing may change it any more. */
  readonly deleted: boolean;
  /** The `at` of the edit now shown, if any. */
  readonly editedAt?: number | undefined;
}

/** Why an action is refused (the service names the typed error). */
export type LifecycleRefusal = 'not-author' | 'not-author-or-admin';

/** What to do with an action. */
export type LifecycleDecision =
  /** Change the target now. */
  | { readonly outcome: 'apply' }
  /** The target has not arrived: keep the action until it does (bounded, {@link MAX_HELD_ACTIONS}). */
  | { readonly outcome: 'hold' }
  /** Nothing to do: a replay, an edit older than the one shown, anything after a delete. */
  | { readonly outcome: 'ignore' }
  | { readonly outcome: 'refuse'; readonly reason: LifecycleRefusal };

/** Actions a conversation keeps waiting for targets that have not arrived. */
export const MAX_HELD_ACTIONS = 256;

/**
 * Decides an action. `target` undefined: it has not arrived. `actorIsAdmin`: a group admin,
 * who may delete anyone's message (moderation) but edit only their own.
 *
 * - only the author edits; the author or an admin deletes; anyone who sees a message reacts;
 * - a delete beats every edit, earlier or later, and is final (a second delete is a no-op);
 * - of two edits the later one (by `at`, then arrival) is shown, so replays change nothing;
 * - reactions to a deleted message are dropped.
 */
export function decideAction(
  action: LifecycleAction,
  target: TargetFacts | undefined,
  actorIsAdmin = false,
): LifecycleDecision {
  if (target === undefined) return { outcome: 'hold' };
  switch (action.kind) {
    case 'edit':
      if (action.actor !== target.author) return { outcome: 'refuse', reason: 'not-author' };
      if (target.deleted) return { outcome: 'ignore' };
      if (target.editedAt !== undefined && action.at <= target.editedAt) return { outcome: 'ignore' };
      return { outcome: 'apply' };
    case 'delete':
      if (action.actor !== target.author && !actorIsAdmin) return { outcome: 'refuse', reason: 'not-author-or-admin' };
      return target.deleted ? { outcome: 'ignore' } : { outcome: 'apply' };
    case 'react':
      return target.deleted ? { outcome: 'ignore' } : { outcome: 'apply' };
  }
}

/**
 * The order held actions are applied in once their target arrives: by `at`, deletes last among
 * equals, so every edit meets the target before the delete that beats it and any arrival order
 * ends in the same state.
 */
export function orderHeldActions<T extends LifecycleAction>(actions: readonly T[]): T[] {
  return [...actions].sort((a, b) => a.at - b.at || rank(a.kind) - rank(b.kind));
}

function rank(kind: LifecycleActionKind): number {
  return kind === 'delete' ? 1 : 0;
}
