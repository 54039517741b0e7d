/**
 * Which stored ops a checkpoint (state-checkpoint.ts) stands for: its cut's closure, taken as it
 * is, while every other op is inserted and checked as usual (membership-log.ts). A checkpoint
 * that does not fit the ops (its cut missing or not a cut of them, its closure incomplete, a
 * state naming ops or members the closure does not hold) is refused, for a full replay.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import { groupOpId } from './group-op.js';
import { memberFromKey, toHexId, type HexId } from './ids.js';
import type { StateCheckpoint } from './state-checkpoint.js';

/** The cut's closure (parents first, `create` first) and the other ops; or why the checkpoint does not fit. */
export type CheckpointSplit =
  | { readonly below: readonly UnverifiedGroupOp[]; readonly above: readonly UnverifiedGroupOp[] }
  | { readonly refused: string };

/** How membership-log.ts `MembershipLog.restore` treats the ops it is given. */
export interface RestoreOptions {
  /**
   * The ops come from our own store, which holds only ops that verified when they arrived and
   * which nobody without the profile key can write (pages sealed and authenticated): their
   * signatures are not checked again (the rules still are). Never for ops from a peer.
   */
  readonly fromOwnStore?: boolean;
  /**
   * With `fromOwnStore`: a checkpoint from that store (state-checkpoint.ts). The ops below its
   * cut are taken as they are, with its state as the cut's, and only the others are checked and
   * resolved. One that does not fit the ops (checkpoint-split.ts) is ignored: a full replay.
   */
  readonly checkpoint?: StateCheckpoint;
  /** Told why a checkpoint was ignored. */
  readonly onCheckpointIgnored?: (reason: string) => void;
}

/** The split of `ops` (parents first) at `options.checkpoint`, or undefined (told why) for a full replay. */
export function checkpointSplit(
  ops: readonly UnverifiedGroupOp[],
  groupId: HexId,
  options: RestoreOptions,
): { readonly below: readonly UnverifiedGroupOp[]; readonly above: readonly UnverifiedGroupOp[] } | undefined {
  if (options.checkpoint === undefined) return undefined;
  const split =
    options.fromOwnStore === true
      ? splitAtCheckpoint(ops, groupId, options.checkpoint)
      : { refused: 'the ops are not from our own store' };
  if ('below' in split) return split;
  options.onCheckpointIgnored?.(split.refused);
  return undefined;
}

/** Splits `ops` (parents first, as dag-order.ts `parentsFirst` gives them) at the checkpoint's cut. */
export function splitAtCheckpoint(
  ops: readonly UnverifiedGroupOp[],
  groupId: HexId,
  checkpoint: StateCheckpoint,
): CheckpointSplit {
  if (checkpoint.state.groupId !== groupId) return { refused: 'it is of another group' };
  const ids = ops.map(groupOpId);
  const byId = new Map(ids.map((id, index) => [id, ops[index]!]));
  if (!byId.has(checkpoint.cut)) return { refused: 'its cut is not held' };
  const below = new Set<HexId>();
  const stack = [checkpoint.cut];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (below.has(id)) continue;
    const op = byId.get(id);
    if (op === undefined) return { refused: 'the closure of its cut is incomplete' };
    below.add(id);
    const isGenesis = id === groupId;
    if (isGenesis !== (op.body.payload.kind === 'create') || isGenesis !== (op.body.parents.length === 0))
      return { refused: 'the closure of its cut holds a stray create op' };
    stack.push(...op.body.parents.map(toHexId));
  }
  if (!below.has(groupId)) return { refused: 'its cut does not descend from the group create op' };
  // Every other op must descend from the cut (or wait for a parent nobody has): else it is no cut.
  const status = new Map<HexId, 'above' | 'waiting'>();
  for (const [index, op] of ops.entries()) {
    const id = ids[index]!;
    if (below.has(id)) continue;
    const parents = op.body.parents.map(toHexId);
    if (parents.some((parent) => !byId.has(parent) || status.get(parent) === 'waiting')) status.set(id, 'waiting');
    else if (parents.some((parent) => parent === checkpoint.cut || status.get(parent) === 'above'))
      status.set(id, 'above');
    else return { refused: 'an op is concurrent with its cut' };
  }
  const belowOps = ops.filter((_, index) => below.has(ids[index]!));
  const refusal = stateRefusal(belowOps, below, checkpoint);
  if (refusal !== undefined) return { refused: refusal };
  return { below: belowOps, above: ops.filter((_, index) => !below.has(ids[index]!)) };
}

/** Cheap consistency checks of the state against the ops it claims to resolve. */
function stateRefusal(
  ops: readonly UnverifiedGroupOp[],
  ids: ReadonlySet<HexId>,
  { state }: StateCheckpoint,
): string | undefined {
  const added = new Set<OnionAddress>();
  for (const op of ops) {
    if (op.body.payload.kind === 'create') added.add(memberFromKey(op.body.author));
    if (op.body.payload.kind === 'add') added.add(memberFromKey(op.body.payload.member));
  }
  if (!ids.has(state.epoch.id)) return 'its epoch is not granted by an op below its cut';
  for (const member of [...state.members.keys(), ...state.names.keys(), ...state.departed.keys()])
    if (!added.has(member)) return 'it names someone no op below its cut added';
  for (const record of state.departed.values())
    if (!ids.has(record.opId)) return 'a departure is not an op below its cut';
  return undefined;
}
