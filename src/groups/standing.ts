/**
 * Where we stand in a group before and after an outcome (group-engine.ts): whether we are a
 * member, who the members are, and name, members and admins in one string. Comparing the two
 * tells the front ends whether we joined, departed, or saw the membership change, and tells
 * the engine which connected members are new to sync with.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { GroupEvent } from './group-effects.js';
import type { GroupReplica } from './group-replica.js';
import type { HexId } from './ids.js';

/** A snapshot of our standing in one group. */
export interface Standing {
  readonly isMember: boolean;
  readonly members: ReadonlySet<OnionAddress>;
  /** Name, members and admins in one string. */
  readonly signature: string;
}

/** The standing in a group we do not hold yet. */
export const NOT_JOINED: Standing = { isMember: false, members: new Set(), signature: '' };

/** Our standing in `replica` now. */
export function standingOf(replica: GroupReplica): Standing {
  const state = replica.state;
  const members = [...state.members.values()].map((m) => `${m.id}:${m.isAdmin ? 1 : 0}`).sort();
  return {
    isMember: replica.isMember,
    members: new Set(state.members.keys()),
    signature: `${state.name}\n${members.join(',')}`,
  };
}

/** The event for the front ends that the change from `before` to `after` makes, if any. */
export function standingEvent(groupId: HexId, before: Standing, after: Standing): GroupEvent | undefined {
  if (!before.isMember && after.isMember) return { type: 'joined', groupId };
  if (before.isMember && !after.isMember) return { type: 'departed', groupId };
  if (before.signature !== after.signature) return { type: 'membership', groupId };
  return undefined;
}
