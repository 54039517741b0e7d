/**
 * Orders of the membership log's DAG (docs/PROTOCOL.md "Groups"): ops a store hands back in any
 * order put parents first, admin seniority (R1) carried along the DAG, and where a new op goes
 * in the order L. Pure helpers of membership-log.ts, with the ancestors of ops and who waiting adds make known signers.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import { groupOpId, type VerifiedGroupOp } from './group-op.js';
import { memberFromKey, toHexId, type HexId } from './ids.js';
import { compareDagNodes, type DagNode } from './resolve.js';

/**
 * `ops` with every op after those of its parents that are among them (a store hands them back in
 * any order, and more ops waiting for parents than the backlog's quotas allow would push some out).
 */
export function parentsFirst(ops: readonly UnverifiedGroupOp[]): UnverifiedGroupOp[] {
  const byId = new Map(ops.map((op) => [groupOpId(op), op]));
  const placed = new Set<HexId>();
  const out: UnverifiedGroupOp[] = [];
  for (const start of byId.keys()) {
    // Depth-first without recursion (a log can be thousands of ops deep): an op is placed once its parents are.
    const stack: HexId[] = [start];
    while (stack.length > 0) {
      const id = stack.at(-1)!;
      if (placed.has(id)) {
        stack.pop();
        continue;
      }
      const op = byId.get(id)!;
      const unplaced = op.body.parents.map(toHexId).filter((parent) => byId.has(parent) && !placed.has(parent));
      if (unplaced.length === 0) {
        placed.add(id);
        out.push(op);
        stack.pop();
      } else {
        stack.push(...unplaced);
      }
    }
  }
  return out;
}

/** R1 within the closure of an op with these parents: the earliest in L wins when parents disagree. */
export function seniorityAfter(
  node: DagNode,
  parents: readonly { readonly seniority: ReadonlyMap<OnionAddress, DagNode> }[],
): ReadonlyMap<OnionAddress, DagNode> {
  let seniority = parents[0]!.seniority;
  for (const other of parents.slice(1)) {
    if (other.seniority === seniority) continue;
    const merged = new Map(seniority);
    for (const [admin, made] of other.seniority) {
      const known = merged.get(admin);
      if (known === undefined || compareDagNodes(made, known) < 0) merged.set(admin, made);
    }
    seniority = merged;
  }
  const target = node.op.target;
  if (node.op.kind === 'add-admin' && target !== undefined && !seniority.has(target))
    seniority = new Map(seniority).set(target, node);
  return seniority;
}

/** Where `node` goes in `ordered` (sorted by L): usually at the end, as new ops are the deepest. */
export function insertionIndex(
  ordered: readonly VerifiedGroupOp[],
  node: DagNode,
  nodeOf: (id: HexId) => DagNode,
): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareDagNodes(nodeOf(ordered[middle]!.id), node) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `start` and its ancestors deeper than `aboveDepth` (-1: all of them). */
export function ancestorsAbove(start: readonly HexId[], aboveDepth: number, nodeOf: (id: HexId) => DagNode): HexId[] {
  const seen = new Set<HexId>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    const node = nodeOf(id);
    if (node.depth <= aboveDepth) continue;
    seen.add(id);
    stack.push(...node.op.parents);
  }
  return [...seen];
}

/** Who the waiting `add` ops make known signers: those added by someone `everAdded` holds, transitively. */
export function addedByWaitingAdds(
  waiting: Iterable<UnverifiedGroupOp>,
  everAdded: ReadonlySet<OnionAddress>,
): Set<OnionAddress> {
  const known = new Set<OnionAddress>();
  const adds = [...waiting].filter((op) => op.body.payload.kind === 'add');
  for (let grew = true; grew;) {
    grew = false;
    for (const op of adds) {
      const author = memberFromKey(op.body.author);
      const payload = op.body.payload as { readonly member: Uint8Array };
      const target = memberFromKey(payload.member);
      if (!known.has(target) && (everAdded.has(author) || known.has(author))) {
        known.add(target);
        grew = true;
      }
    }
  }
  return known;
}
