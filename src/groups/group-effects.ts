/**
 * What one call of the group service (group-engine.ts) asks the node to do: messages to send,
 * what to write to the store per group, and events for the front ends; and the builder that
 * gathers them during the call. The node writes `changes` in one transaction before it sends
 * or shows anything (groups/feature/groups-feature.ts).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { BurrowError } from '../errors.js';
import type { GroupWireMessage } from '../protocol/groups/group-wire.js';
import type { VerifiedGroupMessage } from './group-message.js';
import type { VerifiedGroupOp } from './group-op.js';
import type { HexId } from './ids.js';
import type { IncomingInvite } from './invites.js';

/** A group message to send to a peer over their session. */
export interface OutgoingGroupMessage {
  readonly to: OnionAddress;
  readonly message: GroupWireMessage;
}

/** What to write to the store for one group. */
export interface GroupChanges {
  readonly groupId: HexId;
  /** New ops: store `op.encoded()` (the group's first op creates the group). */
  readonly ops: readonly VerifiedGroupOp[];
  /** New messages: store `message.encoded()`. */
  readonly messages: readonly VerifiedGroupMessage[];
  /** Messages to delete. */
  readonly retracted: readonly VerifiedGroupMessage[];
}

/** What front ends hear about. */
export type GroupEvent =
  | { readonly type: 'invite'; readonly invite: IncomingInvite }
  | { readonly type: 'invite-declined'; readonly groupId: HexId; readonly peer: OnionAddress }
  | { readonly type: 'joined'; readonly groupId: HexId }
  /** Members, admins or the name changed. */
  | { readonly type: 'membership'; readonly groupId: HexId }
  /** We are no longer a member (we left or were removed). */
  | { readonly type: 'departed'; readonly groupId: HexId }
  | { readonly type: 'messages'; readonly groupId: HexId; readonly messages: readonly VerifiedGroupMessage[] }
  | { readonly type: 'retracted'; readonly groupId: HexId; readonly ids: readonly HexId[] }
  /** A member sent more than a limit allows (rate-limit.ts): the excess waits for a later sync. */
  | {
      readonly type: 'throttled';
      readonly groupId: HexId;
      readonly member: OnionAddress;
      readonly limit: 'messages' | 'ops' | 'bytes';
    }
  /** Something a peer sent was refused. If `error.action` is 'drop-peer', the node may close that session. */
  | {
      readonly type: 'refused';
      readonly groupId: HexId | undefined;
      readonly peer: OnionAddress | undefined;
      readonly error: BurrowError;
    };

/** Everything one call asks the node to do. */
export interface GroupEffects {
  readonly send: readonly OutgoingGroupMessage[];
  readonly changes: readonly GroupChanges[];
  readonly events: readonly GroupEvent[];
}

/** The changes to one group as a call gathers them. */
interface PendingChanges {
  readonly ops: VerifiedGroupOp[];
  readonly messages: VerifiedGroupMessage[];
  readonly retracted: VerifiedGroupMessage[];
}

/**
 * Added and retracted messages as the store and the front ends should see them. A message can
 * be both within one call: a former member's held message retracted by a membership change to
 * wait for the message after it (departure-chain.ts), then taken back when that one arrives. It
 * was held before, so if it is held again (`holds`) nothing changed; if not, it is retracted.
 */
export function settleMessages<M extends { readonly id: HexId }>(
  added: readonly M[],
  retracted: readonly M[],
  holds: (id: HexId) => boolean,
): { readonly added: M[]; readonly retracted: M[] } {
  const gone = new Set(retracted.map((message) => message.id));
  const both = new Set(added.filter((message) => gone.has(message.id)).map((message) => message.id));
  return {
    added: added.filter((message) => !both.has(message.id)),
    retracted: retracted.filter((message) => !both.has(message.id) || !holds(message.id)),
  };
}

/** Gathers the effects of one call, in the order they arise. */
export class EffectsBuilder {
  readonly send: OutgoingGroupMessage[] = [];
  readonly events: GroupEvent[] = [];
  readonly #changes = new Map<HexId, PendingChanges>();

  /** The changes to `groupId` so far, to add to. */
  change(groupId: HexId): PendingChanges {
    let change = this.#changes.get(groupId);
    if (change === undefined) this.#changes.set(groupId, (change = { ops: [], messages: [], retracted: [] }));
    return change;
  }

  refused(groupId: HexId | undefined, peer: OnionAddress | undefined, error: BurrowError): void {
    this.events.push({ type: 'refused', groupId, peer, error });
  }

  finish(): GroupEffects {
    const changes = [...this.#changes].map(([groupId, change]) => {
      // A message added and retracted within one call need not be written at all.
      const retracted = new Set(change.retracted.map((message) => message.id));
      return {
        groupId,
        ops: change.ops,
        messages: change.messages.filter((message) => !retracted.has(message.id)),
        retracted: change.retracted,
      };
    });
    return {
      send: this.send,
      changes: changes.filter((c) => c.ops.length + c.messages.length + c.retracted.length > 0),
      events: this.events,
    };
  }
}
