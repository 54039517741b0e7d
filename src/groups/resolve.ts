/**
 * Deterministic resolution of a group's membership log: every member holding the same set of
 * ops computes the same state, whatever order the ops arrived in (docs/ARCHITECTURE.md "Services/Groups":
 * a membership log signed by its admins). The ops form a DAG: each names the heads its author
 * had seen as parents, so concurrent changes are branches that later ops merge.
 *
 * Every op in the set already passed group-op.ts `verifyGroupOp`: it was allowed in the state
 * of its own causal past. What remains is merging branches. The rules:
 *
 * R0 Order. An op's depth is 0 for `create`, else 1 + the largest depth of its parents. The
 *    order L sorts ops by (depth, op id). Parents have smaller depths, so L is a topological
 *    order, and it depends only on the set of ops.
 * R1 Seniority. An admin's rank is the position in L of the first op that made them admin
 *    (`create` for the creator, else the first `add-admin` naming them), counted over all ops.
 * R2 Removal wins. Removals are taken in order of their author's rank, then of L. A removal
 *    not revoked by then is final, and revokes every op of the member it removes that is
 *    concurrent with it (neither its ancestor nor its descendant), except a final removal.
 *    So what an admin did concurrently with being removed (adding, promoting, renaming,
 *    rotating, removing) is void; when two admins remove each other concurrently the senior
 *    one's removal stands; removals that do not conflict all stand.
 * R3 Replay. From the `create` op, the ops of L that are not revoked are applied in turn, each
 *    only if its author may make it in the state reached so far (a member for leave and
 *    rotate, an admin for add, remove, add-admin and rename) and it still makes sense (add:
 *    not a member yet and room left; remove: a member; add-admin: a member who is not admin);
 *    otherwise it is skipped. Skips cascade: once an add is revoked, the ops of the member it
 *    would have added are skipped too. Concurrent renames: the later in L wins.
 * R4 Epochs. The current epoch is the one granted by the last applied create / add / remove /
 *    rotate. If its key went to anyone but exactly the members (after a leave, or when
 *    concurrent changes merged, e.g. an add concurrent with a removal), the state
 *    `needsRotation` and the next member to send first rotates. Any member may rotate, not only
 *    admins: a leave must not silence a group whose admins are offline, and a rotation changes
 *    nobody's membership (its grant must name exactly the members, checked on arrival).
 * R5 Departures. The last applied remove or leave of a member records its cut-offs: per
 *    epoch listed, the seq and id of that member's last message that counts. Their messages of
 *    that epoch count only if they are that message or, through the `prev` field each message
 *    carries (the id of the sender's previous one), its predecessors; none in epochs not
 *    listed (departure-chain.ts). Ids are hashes, so those messages were all written before the
 *    departure op was signed: a departed member cannot add one afterwards, whatever cut-off
 *    they named, and every member keeps the same messages whatever order they arrived in.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { applyOp, checkOp, genesisState, type GroupState } from './group-state.js';
import type { VerifiedGroupOp } from './group-op.js';
import type { HexId } from './ids.js';

/** An op with its depth in the DAG (R0). */
export interface DagNode {
  readonly op: VerifiedGroupOp;
  readonly depth: number;
}

/** What resolution did with an op. */
export type OpFate = 'applied' | 'skipped' | 'revoked';

/** The resolved state, and each op's fate (for tests and for showing undone changes). */
export interface Resolution {
  readonly state: GroupState;
  readonly fates: ReadonlyMap<HexId, OpFate>;
}

/** The order L (R0): by depth, then op id. */
export function compareDagNodes(a: DagNode, b: DagNode): number {
  if (a.depth !== b.depth) return a.depth - b.depth;
  return a.op.id < b.op.id ? -1 : a.op.id > b.op.id ? 1 : 0;
}

function closure(start: HexId, next: (id: HexId) => readonly HexId[]): Set<HexId> {
  const seen = new Set<HexId>();
  const stack = [...next(start)];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...next(id));
  }
  return seen;
}

/**
 * A cut: an op C such that every op of the set is an ancestor of C, C itself, or a descendant
 * of C. Nothing below C is concurrent with anything above it, and everything above sorts after
 * everything below in L, so the resolution of the whole set is the replay of the ops above C
 * from C's own resolved state, with R1 ranks carried over (the membership log uses this so a
 * new op costs the ops since the last cut, not the whole log).
 */
export interface ResolutionBase {
  readonly cut: DagNode;
  /** The resolved state of C's closure. */
  readonly state: GroupState;
  /** R1 within C's closure: each admin and the op that first made them admin (`create` for the creator). */
  readonly seniority: ReadonlyMap<OnionAddress, DagNode>;
}

/**
 * Resolves a set of verified ops (closed under parents, with exactly one `create`) into the
 * group's state by rules R0–R5. With a `base`, `nodes` are the ops above its cut instead (closed
 * under parents down to the cut; fates are given for them only). Throws `TypeError` on a set
 * that breaks those preconditions (a bug in the caller: the membership log never builds one).
 */
export function resolveGroupState(nodes: Iterable<DagNode>, base?: ResolutionBase): Resolution {
  const order = [...nodes].sort(compareDagNodes);
  const genesis = base?.cut ?? order[0];
  if (genesis === undefined || (base === undefined && genesis.op.kind !== 'create'))
    throw new TypeError('a resolvable op set starts with its create op');
  const byId = new Map(order.map((node) => [node.op.id, node]));
  const children = new Map<HexId, HexId[]>();
  const authored = new Map<OnionAddress, DagNode[]>();
  // R1 as the node that made each admin: comparing two such nodes in L compares their positions.
  const rank = new Map<OnionAddress, DagNode>(base?.seniority ?? [[genesis.op.author, genesis]]);
  const replayed = base === undefined ? order.slice(1) : order;
  replayed.forEach((node) => {
    const { op } = node;
    if (op.kind === 'create') throw new TypeError('a resolvable op set has one create op');
    for (const parent of op.parents) {
      // Above a cut, parents at or below it are the base's (none of them is concurrent with the ops above).
      if (!byId.has(parent)) {
        if (base === undefined) throw new TypeError('a resolvable op set is closed under parents');
        continue;
      }
      let list = children.get(parent);
      if (list === undefined) children.set(parent, (list = []));
      list.push(op.id);
    }
    let list = authored.get(op.author);
    if (list === undefined) authored.set(op.author, (list = []));
    list.push(node);
    if (op.kind === 'add-admin' && !rank.has(op.target!)) rank.set(op.target!, node);
  });
  const bySeniority = (a: DagNode | undefined, b: DagNode | undefined): number =>
    a === undefined ? (b === undefined ? 0 : 1) : b === undefined ? -1 : compareDagNodes(a, b);

  // R2: removals by seniority of their author, then by L.
  const removals = order
    .filter((node) => node.op.kind === 'remove')
    .sort((a, b) => bySeniority(rank.get(a.op.author), rank.get(b.op.author)) || compareDagNodes(a, b));
  const revoked = new Set<HexId>();
  const final = new Set<HexId>();
  for (const removal of removals) {
    if (revoked.has(removal.op.id)) continue;
    final.add(removal.op.id);
    const theirs = authored.get(removal.op.target!);
    if (theirs === undefined) continue;
    const ancestors = closure(removal.op.id, (id) => byId.get(id)?.op.parents ?? []);
    const descendants = closure(removal.op.id, (id) => children.get(id) ?? []);
    for (const node of theirs) {
      const id = node.op.id;
      if (!ancestors.has(id) && !descendants.has(id) && !final.has(id)) revoked.add(id);
    }
  }

  // R3: replay.
  let state = base?.state ?? genesisState(genesis.op);
  const fates = new Map<HexId, OpFate>(base === undefined ? [[genesis.op.id, 'applied']] : []);
  for (const { op } of replayed) {
    if (revoked.has(op.id)) {
      fates.set(op.id, 'revoked');
    } else if (checkOp(state, op, 'replay') === undefined) {
      state = applyOp(state, op);
      fates.set(op.id, 'applied');
    } else {
      fates.set(op.id, 'skipped');
    }
  }
  return { state, fates };
}
