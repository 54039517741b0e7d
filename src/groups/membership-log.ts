/**
 * One group's membership log: the DAG of verified ops, the ops waiting for a missing parent,
 * and the resolved state (resolve.ts). Pure and in memory; the node persists the ops it adds
 * (`VerifiedGroupOp.encoded()`) and rebuilds the log from them with {@link MembershipLog.restore}.
 *
 * An op is verified against the state of its causal past, so the log keeps the state right
 * after every op (the resolved closure of that op). For an op with one parent that state is
 * the parent's plus the op (the op is a descendant of its whole closure, so R2 cannot revoke
 * it or anything in it, and it sorts last); only a merge (several parents) needs a resolution
 * of the union of its parents' closures.
 *
 * That resolution starts from the latest cut (resolve.ts `ResolutionBase`): of the ops that
 * were once the log's only head, the latest that every op arrived since descends from. So a
 * merge costs the ops since that cut, and the states of parent sets already met are kept (an
 * op set's closure never changes). An op naming ancient parents moves the cut back as far as
 * they go (to `create` at worst) until the next merge: a resolution of that much of the log,
 * which the per-author op rate limit bounds.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { BurrowError } from '../errors.js';
import type { UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import { MAX_GROUP_OP_PARENTS } from '../protocol/groups/limits.js';
import { groupBacklogFull, GroupOpRefusedError, groupOpSignatureInvalid } from './errors.js';
import { applyOp, genesisState, type GroupState } from './group-state.js';
import { checkpointSplit, type RestoreOptions } from './checkpoint-split.js';
import {
  groupOpId,
  hasValidGroupOpSignature,
  storedGroupOpBelowCheckpoint,
  verifyGroupOp,
  type VerifiedGroupOp,
} from './group-op.js';
import { addedByWaitingAdds, ancestorsAbove, insertionIndex, parentsFirst, seniorityAfter } from './dag-order.js';
import { memberFromKey, toHexId, type HexId } from './ids.js';
import { PENDING_OP_QUOTAS } from './limits.js';
import { PendingQueue } from './pending-queue.js';
import { compareDagNodes, resolveGroupState, type DagNode, type Resolution, type ResolutionBase } from './resolve.js';
import type { StateCheckpoint } from './state-checkpoint.js';

export type { RestoreOptions } from './checkpoint-split.js';

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

const ADMIT_ALL: OpAdmission = () => undefined;

interface Entry {
  readonly node: DagNode;
  /** The resolved state of this op's closure (its causal past and itself). */
  readonly stateAfter: GroupState;
  /** R1 within this op's closure (shared with the parent's until an add-admin changes it). */
  readonly seniority: ReadonlyMap<OnionAddress, DagNode>;
}

/** States of parent sets kept for merges (each costs a resolution since the cut). */
const REMEMBERED_MERGE_STATES = 64;
/** Past cuts kept (the oldest go first; `create` always stays). */
const MAX_REMEMBERED_CUTS = 1024;

/**
 * The membership log of one group.
 *
 * @example
 * ```ts
 * const log = MembershipLog.fromGenesis(createOp, groupId);
 * const outcome = log.insert(decodeGroupOp(bytes));
 * if (outcome.status === 'added') persist(outcome.ops.map((op) => op.encoded()));
 * ```
 */
export class MembershipLog {
  readonly groupId: HexId;
  readonly #entries = new Map<HexId, Entry>();
  readonly #heads = new Set<HexId>();
  /** Ops waiting for parents, oldest first, with a quota per signer (pending-queue.ts). */
  readonly #pending = new PendingQueue<UnverifiedGroupOp>(PENDING_OP_QUOTAS, (signer) => this.isKnownSigner(signer));
  /** Missing op id → ids of the waiting ops that name it. */
  readonly #waiting = new Map<HexId, Set<HexId>>();
  #resolution: Resolution | undefined;
  /** Every op held, in the order L, kept sorted as ops arrive. */
  readonly #ordered: VerifiedGroupOp[] = [];
  /** Cuts, oldest (`create`) first, each an ancestor of the next: every op held is each one's ancestor or descendant. */
  readonly #cuts: HexId[] = [];
  readonly #mergeStates = new Map<string, GroupState>();
  /** Signatures are taken as checked (see {@link RestoreOptions}). */
  #trustSignatures = false;
  /** Everyone any op in the log ever added (and the creator): nobody else can author a valid op. */
  readonly #everAdded = new Set<OnionAddress>();
  /** {@link isKnownSigner}'s answer for waiting adds (recomputed when the log or the backlog changes). */
  #addedByWaiting: Set<OnionAddress> | undefined;

  private constructor(genesis: VerifiedGroupOp) {
    this.groupId = genesis.groupId;
    this.#everAdded.add(genesis.author);
    const node = { op: genesis, depth: 0 };
    this.#entries.set(genesis.id, {
      node,
      stateAfter: genesisState(genesis),
      seniority: new Map([[genesis.author, node]]),
    });
    this.#heads.add(genesis.id);
    this.#ordered.push(genesis);
    this.#cuts.push(genesis.id);
  }

  /**
   * A log holding only the group's `create` op. Throws `GroupOpSignatureError` or
   * `GroupOpRefusedError` unless `genesis` is a valid create op whose id is `groupId`.
   */
  static fromGenesis(genesis: UnverifiedGroupOp, groupId: HexId): MembershipLog {
    return new MembershipLog(verifyGroupOp(genesis, { groupId, stateAtParents: undefined }));
  }

  /**
   * Rebuilds a log from stored ops (any order; each is checked again). Throws like
   * {@link fromGenesis} if the create op is missing or invalid; other ops that fail are left out.
   */
  static restore(groupId: HexId, ops: readonly UnverifiedGroupOp[], options: RestoreOptions = {}): MembershipLog {
    const genesis = ops.find((op) => op.body.payload.kind === 'create' && groupOpId(op) === groupId);
    if (genesis === undefined) throw new GroupOpRefusedError('bad-genesis');
    const log = MembershipLog.fromGenesis(genesis, groupId);
    log.#trustSignatures = options.fromOwnStore === true;
    try {
      const sorted = parentsFirst(ops);
      const split = checkpointSplit(sorted, groupId, options);
      if (split !== undefined) log.#seed(split.below.slice(1), options.checkpoint!);
      for (const op of split?.above ?? sorted) log.insert(op);
    } finally {
      log.#trustSignatures = false;
    }
    return log;
  }

  /**
   * Adds `ops` (parents first, after `create`: the closure of the checkpoint's cut) unchecked,
   * with the checkpoint's state as the cut's; the state after each other op is resolved only
   * if an op ever names it as a parent.
   */
  #seed(ops: readonly UnverifiedGroupOp[], checkpoint: StateCheckpoint): void {
    for (const wire of ops) {
      const op = storedGroupOpBelowCheckpoint(wire, this.groupId);
      const parentEntries = op.parents.map((parent) => this.#entries.get(parent)!);
      const node = { op, depth: 1 + Math.max(...parentEntries.map((entry) => entry.node.depth)) };
      const seniority = seniorityAfter(node, parentEntries);
      let stateAfter: GroupState | undefined = op.id === checkpoint.cut ? checkpoint.state : undefined;
      const resolveOwnClosure = (): GroupState =>
        resolveGroupState(this.#closure([op.id]).map((id) => this.#entries.get(id)!.node)).state;
      this.#entries.set(op.id, {
        node,
        seniority,
        get stateAfter() {
          return (stateAfter ??= resolveOwnClosure());
        },
      });
      if (op.kind === 'add' && op.target !== undefined) this.#everAdded.add(op.target);
      for (const parent of op.parents) this.#heads.delete(parent);
      this.#heads.add(op.id);
      this.#ordered.push(op);
    }
    this.#ordered.sort((a, b) => compareDagNodes(this.#entries.get(a.id)!.node, this.#entries.get(b.id)!.node));
    if (checkpoint.cut !== this.groupId) this.#cuts.push(checkpoint.cut);
  }

  /** The latest cut and its resolved state: what to store as a checkpoint (state-checkpoint.ts). */
  checkpoint(): StateCheckpoint & { readonly depth: number } {
    const cut = this.#entries.get(this.#cuts.at(-1)!)!;
    return { cut: cut.node.op.id, state: cut.stateAfter, depth: cut.node.depth };
  }

  /** The resolved state of every op held. */
  get state(): GroupState {
    // With one head every op is its ancestor, so its closure state is the whole log's.
    if (this.#heads.size === 1) return this.#entries.get(this.#heads.values().next().value!)!.stateAfter;
    return this.stateAt([...this.#heads]);
  }

  /** The resolution of every op held (state and each op's fate). */
  resolution(): Resolution {
    this.#resolution ??= resolveGroupState([...this.#entries.values()].map((entry) => entry.node));
    return this.#resolution;
  }

  /** Ops held (not counting waiting ones). */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether the op is held (verified). */
  has(id: HexId): boolean {
    return this.#entries.has(id);
  }

  /** The verified op with this id. */
  get(id: HexId): VerifiedGroupOp | undefined {
    return this.#entries.get(id)?.node.op;
  }

  /** Ops no other op names as a parent, sorted by id. */
  get heads(): HexId[] {
    return [...this.#heads].sort();
  }

  /** Every op held, in the order L (parents before children). */
  ordered(): readonly VerifiedGroupOp[] {
    return this.#ordered;
  }

  /** The parents a new local op names: the heads, deepest first, at most MAX_GROUP_OP_PARENTS. */
  parentsForNewOp(): HexId[] {
    return [...this.#heads]
      .map((id) => this.#entries.get(id)!.node)
      .sort((a, b) => -compareDagNodes(a, b))
      .slice(0, MAX_GROUP_OP_PARENTS)
      .map((node) => node.op.id)
      .sort();
  }

  /** The resolved state of the closure of `parents` (all held): the state an op naming them is checked against. */
  stateAt(parents: readonly HexId[]): GroupState {
    if (parents.length === 1) return this.#entries.get(parents[0]!)!.stateAfter;
    const key = [...parents].sort().join();
    let state = this.#mergeStates.get(key);
    if (state === undefined) {
      state = this.#resolveClosure(parents);
      if (this.#mergeStates.size >= REMEMBERED_MERGE_STATES)
        this.#mergeStates.delete(this.#mergeStates.keys().next().value!);
      this.#mergeStates.set(key, state);
    }
    return state;
  }

  /** The resolved state of the closure of `parents`: from the cut when they are above it, else from `create`. */
  #resolveClosure(parents: readonly HexId[]): GroupState {
    const cut = this.#entries.get(this.#cuts.at(-1)!)!;
    if (!parents.some((id) => this.#entries.get(id)!.node.depth > cut.node.depth))
      return resolveGroupState(this.#closure(parents).map((id) => this.#entries.get(id)!.node)).state;
    const base: ResolutionBase = { cut: cut.node, state: cut.stateAfter, seniority: cut.seniority };
    const above = this.#closure(parents, cut.node.depth).map((id) => this.#entries.get(id)!.node);
    return resolveGroupState(above, base).state;
  }

  /** The held ops among `ids` and all their ancestors. */
  closureOf(ids: readonly HexId[]): Set<HexId> {
    return new Set(this.#closure(ids.filter((id) => this.#entries.has(id))));
  }

  /**
   * Whether `member` signs as someone the group knows: added by an op we hold (or the creator),
   * or named by a waiting `add` whose author is known. Such signers get their own room in the
   * backlogs (pending-queue.ts); an add that arrives after its member's items must not lose them.
   */
  isKnownSigner(member: OnionAddress): boolean {
    if (this.#everAdded.has(member)) return true;
    this.#addedByWaiting ??= addedByWaitingAdds(this.#pending.values(), this.#everAdded);
    return this.#addedByWaiting.has(member);
  }

  /** Op ids that waiting ops need and nobody sent yet: ask a peer for these. */
  missing(): HexId[] {
    return [...this.#waiting.keys()].filter((id) => !this.#entries.has(id) && !this.#pending.has(id)).sort();
  }

  /**
   * Adds an op from a peer (or a local author) if it verifies; see {@link OpInsertOutcome}.
   * `admit` is asked about each op that verified, before it is added (the rate limit): an op
   * it refuses is not added and counts as refused with the error it returns.
   */
  insert(op: UnverifiedGroupOp, admit: OpAdmission = ADMIT_ALL): OpInsertOutcome {
    const id = groupOpId(op);
    if (this.#entries.has(id) || this.#pending.has(id)) return { status: 'duplicate' };
    if (op.body.groupId === undefined || toHexId(op.body.groupId) !== this.groupId) {
      return {
        status: 'refused',
        error: new GroupOpRefusedError(op.body.payload.kind === 'create' ? 'bad-genesis' : 'wrong-group'),
      };
    }
    const parents = op.body.parents.map(toHexId);
    const unknown = parents.filter((parent) => !this.#entries.has(parent));
    if (unknown.length > 0) {
      // Keep only well-signed ops waiting, so forgeries cannot fill the backlog.
      if (!this.#trustSignatures && !hasValidGroupOpSignature(op))
        return { status: 'refused', error: groupOpSignatureInvalid() };
      if (!this.#wait(id, op, unknown)) return { status: 'refused', error: groupBacklogFull('ops') };
      return { status: 'pending', missing: this.missing() };
    }
    // The cheap checks first, so a forgery costs at most a signature check, never a resolution
    // of the state at its parents: by someone the log ever made a member (a lookup), then a
    // valid signature.
    if (!this.#everAdded.has(memberFromKey(op.body.author)))
      return { status: 'refused', error: new GroupOpRefusedError('not-member') };
    if (!this.#trustSignatures && !hasValidGroupOpSignature(op))
      return { status: 'refused', error: groupOpSignatureInvalid() };
    let verified: VerifiedGroupOp;
    try {
      verified = this.#verify(op, parents);
    } catch (error) {
      if (error instanceof BurrowError) return { status: 'refused', error };
      throw error;
    }
    const refusal = admit(verified);
    if (refusal !== undefined) return { status: 'refused', error: refusal };
    const added = [verified];
    const dropped: BurrowError[] = [];
    this.#add(verified, parents);
    this.#release(id, added, dropped, admit);
    return { status: 'added', ops: added, dropped };
  }

  #verify(op: UnverifiedGroupOp, parents: readonly HexId[]): VerifiedGroupOp {
    return verifyGroupOp(op, {
      groupId: this.groupId,
      stateAtParents: this.stateAt(parents),
      // insert() checked it before the state (ops wait only once it is checked), or trusts our own store.
      signatureChecked: true,
    });
  }

  /** Keeps a well-signed op waiting for `unknown` parents, if the backlog has room for its author; false if not. */
  #wait(id: HexId, op: UnverifiedGroupOp, unknown: readonly HexId[]): boolean {
    const { admitted, evicted } = this.#pending.add(id, op, memberFromKey(op.body.author));
    for (const dropped of evicted) this.#unindex(dropped.id, dropped.item);
    this.#addedByWaiting = undefined;
    if (!admitted) return false;
    for (const parent of unknown) {
      let waiters = this.#waiting.get(parent);
      if (waiters === undefined) this.#waiting.set(parent, (waiters = new Set()));
      waiters.add(id);
    }
    return true;
  }

  #forget(id: HexId): void {
    const op = this.#pending.get(id);
    if (op === undefined) return;
    this.#pending.delete(id);
    this.#addedByWaiting = undefined;
    this.#unindex(id, op);
  }

  #unindex(id: HexId, op: UnverifiedGroupOp): void {
    for (const parent of op.body.parents.map(toHexId)) {
      const waiters = this.#waiting.get(parent);
      waiters?.delete(id);
      if (waiters?.size === 0) this.#waiting.delete(parent);
    }
  }

  #add(op: VerifiedGroupOp, parents: readonly HexId[]): void {
    const parentEntries = parents.map((parent) => this.#entries.get(parent)!);
    const node = { op, depth: 1 + Math.max(...parentEntries.map((entry) => entry.node.depth)) };
    const stateAfter = applyOp(this.stateAt(parents), op);
    this.#entries.set(op.id, { node, stateAfter, seniority: seniorityAfter(node, parentEntries) });
    if (op.kind === 'add' && op.target !== undefined) this.#everAdded.add(op.target);
    this.#addedByWaiting = undefined;
    for (const parent of parents) this.#heads.delete(parent);
    this.#heads.add(op.id);
    this.#updateCuts(op.id, parents);
    this.#ordered.splice(
      insertionIndex(this.#ordered, node, (id) => this.#entries.get(id)!.node),
      0,
      op,
    );
    this.#resolution = undefined;
  }

  /** A new only head is a cut; a cut the new op does not descend from is concurrent with it, so no longer one. */
  #updateCuts(id: HexId, parents: readonly HexId[]): void {
    if (this.#heads.size === 1) {
      this.#cuts.push(id);
      if (this.#cuts.length > MAX_REMEMBERED_CUTS) this.#cuts.splice(1, 1);
      return;
    }
    for (;;) {
      const cut = this.#cuts.at(-1)!;
      if (this.#cuts.length === 1 || this.#closure(parents, this.#entries.get(cut)!.node.depth - 1).includes(cut))
        return;
      this.#cuts.pop();
    }
  }

  /** Verifies and adds the waiting ops that `id` completes, transitively. */
  #release(id: HexId, added: VerifiedGroupOp[], dropped: BurrowError[], admit: OpAdmission): void {
    const queue = [id];
    while (queue.length > 0) {
      const arrived = queue.shift()!;
      const waiters = this.#waiting.get(arrived);
      if (waiters === undefined) continue;
      this.#waiting.delete(arrived);
      for (const waiterId of [...waiters].sort()) {
        const waiter = this.#pending.get(waiterId);
        if (waiter === undefined) continue;
        const parents = waiter.body.parents.map(toHexId);
        if (!parents.every((parent) => this.#entries.has(parent))) continue;
        this.#forget(waiterId);
        try {
          const verified = this.#verify(waiter, parents);
          const refusal = admit(verified);
          if (refusal !== undefined) throw refusal;
          this.#add(verified, parents);
          added.push(verified);
          queue.push(waiterId);
        } catch (error) {
          if (!(error instanceof BurrowError)) throw error;
          dropped.push(error);
          this.#dropDescendants(waiterId);
        }
      }
    }
  }

  /** A refused op can never be a parent: what waits for it can never verify. */
  #dropDescendants(id: HexId): void {
    const queue = [id];
    while (queue.length > 0) {
      const waiters = this.#waiting.get(queue.shift()!);
      if (waiters === undefined) continue;
      for (const waiter of [...waiters]) {
        this.#forget(waiter);
        queue.push(waiter);
      }
    }
    this.#waiting.delete(id);
  }

  /** `start` and its ancestors; with `aboveDepth`, only those deeper than that. */
  #closure(start: readonly HexId[], aboveDepth = -1): HexId[] {
    return ancestorsAbove(start, aboveDepth, (id) => this.#entries.get(id)!.node);
  }
}
