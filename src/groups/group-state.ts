/**
 * A group's state as one replay of its membership log reaches it, and the rules each op must
 * pass against a state (src/groups/resolve.ts says which ops are replayed, in which order).
 *
 * The same predicate serves twice: in 'strict' mode when an op arrives (against the state of
 * its own causal past: an op its author could not have made honestly is refused), and in
 * 'replay' mode while resolving (against the merged state: an op that concurrent changes made
 * moot is skipped, not refused). Strict mode adds the checks only the author could have got
 * right: the new key sealed to exactly the members, and the last admin not walking out.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { GroupOpKind, GroupOpPayload } from '../protocol/groups/group-op-codec.js';
import { MAX_GROUP_MEMBERS } from '../protocol/groups/limits.js';
import type { GroupOpRefusal } from './errors.js';
import type { HexId } from './ids.js';

/**
 * What the rules read of an op. Every op they see is a group-op.ts `VerifiedGroupOp` (only
 * ops that passed `verifyGroupOp` reach a state); the shape is declared here because
 * `verifyGroupOp` itself calls {@link checkOp}, and group-op.ts must not be imported back.
 */
export interface OpFacts {
  /** The op id, hex. */
  readonly id: HexId;
  /** The group's id, hex. */
  readonly groupId: HexId;
  readonly kind: GroupOpKind;
  readonly author: OnionAddress;
  readonly payload: GroupOpPayload;
  /** The member an add / remove / add-admin names. */
  readonly target: OnionAddress | undefined;
  /** Who received the key this op grants (create, add, remove, rotate). */
  readonly recipients: ReadonlySet<OnionAddress> | undefined;
  /** Cut-offs of a remove or leave, by epoch id (hex). */
  readonly cutoffs: ReadonlyMap<HexId, CutoffFacts> | undefined;
}

/** Where a departed member's messages of one epoch end: the seq and id of the last that counts. */
export interface CutoffFacts {
  readonly seq: number;
  /** The id of that message, hex; through the messages' `prev` chain it fixes every earlier one. */
  readonly last: HexId;
}

/** One member as the log describes them. */
export interface MemberRecord {
  readonly id: OnionAddress;
  /** The name they announced when they joined (theirs to choose: untrusted, shown with a fingerprint). */
  readonly name: string;
  readonly isAdmin: boolean;
}

/** An epoch: the op that granted its key, and who received that key. */
export interface EpochRef {
  readonly id: HexId;
  readonly recipients: ReadonlySet<OnionAddress>;
}

/** How a member left (or was removed): which of their messages of each epoch count (departure-chain.ts). */
export interface DepartureRecord {
  readonly opId: HexId;
  readonly cutoffs: ReadonlyMap<HexId, CutoffFacts>;
}

/** What every member computes from the same set of ops. */
export interface GroupState {
  readonly groupId: HexId;
  readonly name: string;
  readonly members: ReadonlyMap<OnionAddress, MemberRecord>;
  /** The epoch members send in (the last one granted by an applied op). */
  readonly epoch: EpochRef;
  /** Former members (left or removed and not added back), with their cut-offs. */
  readonly departed: ReadonlyMap<OnionAddress, DepartureRecord>;
  /** The last announced name of everyone ever added (to label a former member's old messages). */
  readonly names: ReadonlyMap<OnionAddress, string>;
}

/** Whether a check is of an arriving op against its causal past, or a replay step. */
export type CheckMode = 'strict' | 'replay';

function sameMembers(recipients: ReadonlySet<OnionAddress> | undefined, expected: ReadonlySet<OnionAddress>): boolean {
  if (recipients === undefined || recipients.size !== expected.size) return false;
  for (const member of expected) if (!recipients.has(member)) return false;
  return true;
}

/** The state a `create` op starts. */
export function genesisState(op: OpFacts): GroupState {
  if (op.payload.kind !== 'create' || op.recipients === undefined)
    throw new TypeError('genesisState needs a create op');
  const creator: MemberRecord = { id: op.author, name: op.payload.creatorName, isAdmin: true };
  return {
    groupId: op.groupId,
    name: op.payload.name,
    members: new Map([[op.author, creator]]),
    epoch: { id: op.id, recipients: op.recipients },
    departed: new Map(),
    names: new Map([[op.author, op.payload.creatorName]]),
  };
}

/** Members after `op` would apply to `state` (for ops that grant a key). */
function membersAfter(state: GroupState, op: OpFacts): Set<OnionAddress> {
  const members = new Set(state.members.keys());
  if (op.kind === 'add' && op.target !== undefined) members.add(op.target);
  if (op.kind === 'remove' && op.target !== undefined) members.delete(op.target);
  return members;
}

/**
 * Why `op` may not apply to `state`, or undefined if it may. Never called for `create` ops
 * other than to refuse them ('bad-genesis').
 */
export function checkOp(state: GroupState, op: OpFacts, mode: CheckMode): GroupOpRefusal | undefined {
  const author = state.members.get(op.author);
  const needAdmin = (): GroupOpRefusal | undefined =>
    author === undefined ? 'not-member' : author.isAdmin ? undefined : 'not-admin';
  const exactGrant = (): GroupOpRefusal | undefined =>
    mode === 'strict' && !sameMembers(op.recipients, membersAfter(state, op)) ? 'bad-recipients' : undefined;
  switch (op.payload.kind) {
    case 'create':
      return 'bad-genesis';
    case 'add': {
      const target = op.target!;
      if (state.members.has(target)) return needAdmin() ?? 'already-member';
      if (state.members.size >= MAX_GROUP_MEMBERS) return needAdmin() ?? 'group-full';
      return needAdmin() ?? exactGrant();
    }
    case 'remove': {
      const target = op.target!;
      if (target === op.author) return 'self-removal';
      if (!state.members.has(target)) return needAdmin() ?? 'not-a-member';
      return needAdmin() ?? exactGrant();
    }
    case 'leave': {
      if (author === undefined) return 'not-member';
      if (mode === 'strict' && author.isAdmin && state.members.size > 1) {
        const otherAdmin = [...state.members.values()].some((member) => member.isAdmin && member.id !== op.author);
        if (!otherAdmin) return 'last-admin';
      }
      return undefined;
    }
    case 'rotate':
      return author === undefined ? 'not-member' : exactGrant();
    case 'add-admin': {
      const target = state.members.get(op.target!);
      if (target === undefined) return needAdmin() ?? 'not-a-member';
      return needAdmin() ?? (target.isAdmin ? 'already-admin' : undefined);
    }
    case 'rename':
      return needAdmin();
  }
}

/** `state` after `op`, which {@link checkOp} allowed. */
export function applyOp(state: GroupState, op: OpFacts): GroupState {
  const members = new Map(state.members);
  const departed = new Map(state.departed);
  const epochOf = (): EpochRef => ({ id: op.id, recipients: op.recipients! });
  switch (op.payload.kind) {
    case 'create':
      throw new TypeError('a create op starts a state; it is never applied to one');
    case 'add': {
      const target = op.target!;
      members.set(target, { id: target, name: op.payload.memberName, isAdmin: false });
      departed.delete(target);
      const names = new Map(state.names).set(target, op.payload.memberName);
      return { ...state, members, departed, names, epoch: epochOf() };
    }
    case 'remove': {
      const target = op.target!;
      members.delete(target);
      departed.set(target, { opId: op.id, cutoffs: op.cutoffs! });
      return { ...state, members, departed, epoch: epochOf() };
    }
    case 'leave':
      members.delete(op.author);
      departed.set(op.author, { opId: op.id, cutoffs: op.cutoffs! });
      return { ...state, members, departed };
    case 'rotate':
      return { ...state, epoch: epochOf() };
    case 'add-admin': {
      const target = members.get(op.target!)!;
      members.set(target.id, { ...target, isAdmin: true });
      return { ...state, members };
    }
    case 'rename':
      return { ...state, name: op.payload.name };
  }
}

/**
 * Whether the current epoch's key is held by anyone but exactly the members: after a leave,
 * or when concurrent changes were merged. Members rotate before sending in such a state.
 */
export function needsRotation(state: GroupState): boolean {
  return !sameMembers(state.epoch.recipients, new Set(state.members.keys()));
}
