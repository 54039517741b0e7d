/**
 * What membership-log.ts is restored from: our own store's ops, all of them (a full replay) or,
 * with a checkpoint (state-checkpoint.ts), only those stored after it, the older ones left in
 * the store and fetched through {@link OlderOps} when something needs them. Also the checks a
 * checkpoint must pass before a log is resumed from it (a checkpoint that fails any of them is
 * ignored, for a full replay).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { BurrowError } from '../errors.js';
import type { UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import { parentsFirst } from './dag-order.js';
import { groupOpId, type VerifiedGroupOp } from './group-op.js';
import type { GroupState } from './group-state.js';
import { toHexId, type HexId } from './ids.js';
import type { DagNode } from './resolve.js';
import type { StateCheckpoint } from './state-checkpoint.js';

/** What inserting an op did. */
export type OpInsertOutcome =
  /** Verified and added, with any waiting ops it released (in the order they were added). `dropped` are released ops that failed their check. */
  | { readonly status: 'added'; readonly ops: readonly VerifiedGroupOp[]; readonly dropped: readonly BurrowError[] }
  /** Already in the log (or already waiting). */
  | { readonly status: 'duplicate' }
  /** Well signed, waiting for parents; `missing` are the op ids to ask a peer for. */
  | { readonly status: 'pending'; readonly missing: readonly HexId[] }
  /** Refused: a forgery or an op its author could not make. */
  | { readonly status: 'refused'; readonly error: BurrowError };

/** Asked about each verified op before it is added: undefined to add it, or why not. */
export type OpAdmission = (op: VerifiedGroupOp) => BurrowError | undefined;

/** What membership-log.ts keeps of each op it holds. */
export interface LogEntry {
  readonly node: DagNode;
  /** The resolved state of this op's closure (its causal past and itself). */
  readonly stateAfter: GroupState;
  /** R1 within this op's closure (shared with the parent's until an add-admin changes it). */
  readonly seniority: ReadonlyMap<OnionAddress, DagNode>;
}

/** How membership-log.ts `MembershipLog.restore` treats the ops it is given. */
export interface RestoreOptions {
  /**
   * The ops come from our own store, which holds only ops that verified when they arrived and
   * which nobody without the profile key can write (pages sealed and authenticated): their
   * signatures are not checked again (the rules still are). Never for ops from a peer.
   */
  readonly fromOwnStore?: boolean;
}

/**
 * The stored ops below a checkpoint's cut that a resumed log has not loaded. They verified when
 * they arrived and the checkpoint stands for the states they led to: they are taken as stored.
 */
export interface OlderOps {
  /** Whether the store holds an op with this id. */
  has(id: HexId): boolean;
  /** The stored op with this id. */
  get(id: HexId): VerifiedGroupOp | undefined;
  /** Every op the store holds of the group (any order). */
  all(): readonly UnverifiedGroupOp[];
}

/** A checkpoint op, decoded, with its depth. */
export interface BaseOp {
  readonly depth: number;
  readonly op: VerifiedGroupOp;
}

/**
 * Why `checkpoint` (with its `base` ops decoded) cannot be the start of `groupId`'s log, or
 * undefined. Cheap checks of its own consistency: it cannot be checked against ops it exists not
 * to load, which is why only our own store's checkpoints are ever used.
 */
export function checkpointRefusal(
  groupId: HexId,
  checkpoint: StateCheckpoint,
  base: readonly BaseOp[],
): string | undefined {
  const { state } = checkpoint;
  if (state.groupId !== groupId) return 'it is of another group';
  const byId = new Map(base.map((kept) => [kept.op.id, kept]));
  if (byId.size !== base.length) return 'it keeps an op twice';
  const genesis = byId.get(groupId);
  if (genesis?.op.kind !== 'create' || genesis.depth !== 0) return 'it does not keep the group create op';
  const cut = byId.get(checkpoint.cut);
  if (cut === undefined) return 'it does not keep its cut';
  for (const kept of base) {
    if (kept.op.groupId !== groupId) return 'it keeps an op of another group';
    if (kept.op.kind === 'create' ? kept.op.id !== groupId || kept.depth !== 0 : kept.depth === 0)
      return 'it keeps a stray create op';
    if (kept.depth > cut.depth) return 'it keeps an op above its cut';
  }
  if (checkpoint.closureSize < base.length || checkpoint.closureSize <= cut.depth) return 'its closure size is wrong';
  const creator = genesis.op.author;
  for (const [admin, opId] of checkpoint.seniority) {
    const made = byId.get(opId);
    if (made === undefined) return 'it does not keep a seniority op';
    if (made.op.kind === 'create' ? admin !== creator : made.op.kind !== 'add-admin' || made.op.target !== admin)
      return 'a seniority op did not make that admin';
  }
  if (!checkpoint.everAdded.has(creator)) return 'its creator was never added';
  const named: OnionAddress[] = [...state.members.keys(), ...state.names.keys(), ...state.departed.keys()];
  if (named.some((member) => !checkpoint.everAdded.has(member))) return 'it names someone no op added';
  return undefined;
}

/**
 * The checkpoint at `cut` (a cut of a log of `size` ops, `ordered` in the order L): every op is
 * the cut's ancestor or descendant, and L sorts by depth first, so those above it come last.
 */
export function checkpointOf(
  cut: LogEntry,
  genesis: DagNode,
  ordered: readonly VerifiedGroupOp[],
  nodeOf: (id: HexId) => DagNode,
  size: number,
  everAdded: ReadonlySet<OnionAddress>,
): StateCheckpoint & { readonly depth: number } {
  const depth = cut.node.depth;
  let first = ordered.length;
  while (first > 0 && nodeOf(ordered[first - 1]!.id).depth > depth) first--;
  const above = ordered.slice(first);
  const kept = new Map<HexId, DagNode>([
    [genesis.op.id, genesis],
    [cut.node.op.id, cut.node],
  ]);
  for (const node of cut.seniority.values()) kept.set(node.op.id, node);
  return {
    cut: cut.node.op.id,
    depth,
    state: cut.stateAfter,
    closureSize: size - above.length,
    seniority: new Map([...cut.seniority].map(([admin, node]) => [admin, node.op.id])),
    everAdded: new Set(everAdded),
    base: [...kept.values()].map((node) => ({ depth: node.depth, op: node.op.encoded() })),
    above: above.map((op) => op.encoded()),
  };
}

/** The stored ops (`all`) that are strict ancestors of `cut`, but `create`, parents first: what a resumed log did not load. */
export function storedBelow(cut: VerifiedGroupOp, all: readonly UnverifiedGroupOp[]): UnverifiedGroupOp[] {
  const byId = new Map(all.map((wire) => [groupOpId(wire), wire]));
  const below = new Set<HexId>();
  const stack = [...cut.parents];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    const wire = byId.get(id);
    if (below.has(id) || wire === undefined) continue;
    below.add(id);
    stack.push(...wire.body.parents.map(toHexId));
  }
  below.delete(cut.groupId);
  return parentsFirst([...below].map((id) => byId.get(id)!));
}

/** An entry whose state is resolved the first time it is read. */
export function lazyEntry(
  node: DagNode,
  seniority: ReadonlyMap<OnionAddress, DagNode>,
  resolve: () => GroupState,
): LogEntry {
  let stateAfter: GroupState | undefined;
  return {
    node,
    seniority,
    get stateAfter() {
      return (stateAfter ??= resolve());
    },
  };
}
