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
import {
  groupOpId,
  hasValidGroupOpSignature,
  storedGroupOpBelowCheckpoint,
  verifyGroupOp,
  type VerifiedGroupOp,
} from './group-op.js';
import { ancestorsAbove, insertionIndex, parentsFirst, seniorityAfter } from './dag-order.js';
import { memberFromKey, toHexId, type HexId } from './ids.js';
import { OpBacklog } from './op-backlog.js';
import { compareDagNodes, resolveGroupState, type Resolution, type ResolutionBase } from './resolve.js';
import type { StateCheckpoint } from './state-checkpoint.js';
import {
  checkpointOf,
  lazyEntry,
  storedBelow,
  checkpointRefusal,
  type BaseOp,
  type LogEntry as Entry,
  type OlderOps,
  type OpAdmission,
  type OpInsertOutcome,
  type RestoreOptions,
} from './stored-ops.js';

export type { OpAdmission, OpInsertOutcome, RestoreOptions } from './stored-ops.js';

const ADMIT_ALL: OpAdmission = () => undefined;

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
  readonly #backlog = new OpBacklog(this.#everAdded);
  /** A resumed log's stored ops below its checkpoint's cut until loaded; that cut, its depth, how many are not loaded. */
  #older: OlderOps | undefined;
  #olderBelow = { cut: '' as HexId, depth: 0, unloaded: 0 };

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
      for (const op of parentsFirst(ops)) log.insert(op);
    } finally {
      log.#trustSignatures = false;
    }
    return log;
  }

  /**
   * A log resumed from a checkpoint of our own store (state-checkpoint.ts): its `base` ops and state at its cut,
   * then `ops` (stored after it, or above its cut), checked as on a full restore. The ops below the cut stay in
   * `older`: fetched one at a time for {@link get} and {@link has}, all loaded (unchecked) once the order, the
   * resolution, a closure or an op whose parents lie below the cut needs them. Why not, if the checkpoint does not fit.
   */
  static resume(
    checkpoint: StateCheckpoint,
    base: readonly BaseOp[],
    ops: readonly UnverifiedGroupOp[],
    older: OlderOps,
  ): MembershipLog | { readonly refused: string } {
    const groupId = checkpoint.state.groupId;
    const refused = checkpointRefusal(groupId, checkpoint, base);
    if (refused !== undefined) return { refused };
    const log = new MembershipLog(base.find((kept) => kept.op.id === groupId)!.op);
    // Read through the entry #load puts in its place (only the cut is a parent of what is loaded).
    const loaded = (id: HexId): Entry => {
      log.#load();
      return log.#entries.get(id)!;
    };
    for (const { op, depth } of base) {
      if (op.id === groupId) continue;
      const node = { op, depth };
      const isCut = op.id === checkpoint.cut;
      log.#entries.set(op.id, {
        node,
        get stateAfter() {
          return isCut ? checkpoint.state : loaded(op.id).stateAfter;
        },
        get seniority() {
          return isCut ? seniority : loaded(op.id).seniority;
        },
      });
      log.#ordered.push(op);
    }
    const seniority = new Map([...checkpoint.seniority].map(([admin, id]) => [admin, log.#entries.get(id)!.node]));
    log.#ordered.sort((a, b) => compareDagNodes(log.#entries.get(a.id)!.node, log.#entries.get(b.id)!.node));
    log.#heads.clear();
    log.#heads.add(checkpoint.cut);
    if (checkpoint.cut !== groupId) log.#cuts.push(checkpoint.cut);
    for (const member of checkpoint.everAdded) log.#everAdded.add(member);
    log.#older = older;
    const { depth } = base.find((kept) => kept.op.id === checkpoint.cut)!;
    log.#olderBelow = { cut: checkpoint.cut, depth, unloaded: checkpoint.closureSize - base.length };
    log.#trustSignatures = true;
    try {
      for (const op of parentsFirst(ops)) log.insert(op);
    } finally {
      log.#trustSignatures = false;
    }
    return log;
  }

  /** Whether `parents` reach below a resumed log's cut (held there, or stored and not loaded). */
  #reachesOlder(parents: readonly HexId[]): boolean {
    const older = this.#older;
    if (older === undefined) return false;
    return parents.some((id) => {
      const entry = this.#entries.get(id);
      return entry === undefined ? older.has(id) : entry.node.depth < this.#olderBelow.depth;
    });
  }

  /** Loads the stored ops below the cut (unchecked: see {@link resume}); the states after them are resolved when asked. */
  #load(): void {
    const older = this.#older;
    if (older === undefined) return;
    const { cut } = this.#olderBelow;
    this.#older = undefined;
    this.#olderBelow = { cut: this.groupId, depth: 0, unloaded: 0 };
    for (const wire of storedBelow(this.#entries.get(cut)!.node.op, older.all())) {
      const op = storedGroupOpBelowCheckpoint(wire, this.groupId);
      const parentEntries = op.parents.map((parent) => this.#entries.get(parent));
      if (parentEntries.some((entry) => entry === undefined)) continue;
      this.#seed(op, parentEntries as Entry[], !this.#entries.has(op.id));
    }
    this.#ordered.sort((a, b) => compareDagNodes(this.#entries.get(a.id)!.node, this.#entries.get(b.id)!.node));
    this.#resolution = undefined;
  }

  #seed(op: VerifiedGroupOp, parentEntries: readonly Entry[], isNew: boolean): void {
    const node = { op, depth: 1 + Math.max(...parentEntries.map((entry) => entry.node.depth)) };
    const resolveOwnClosure = (): GroupState =>
      resolveGroupState(this.#closure([op.id]).map((id) => this.#entries.get(id)!.node)).state;
    this.#entries.set(op.id, lazyEntry(node, seniorityAfter(node, parentEntries), resolveOwnClosure));
    if (op.kind === 'add' && op.target !== undefined) this.#everAdded.add(op.target);
    if (isNew) this.#ordered.push(op);
    else this.#ordered[this.#ordered.findIndex((held) => held.id === op.id)] = op;
  }

  /** The latest cut and its resolved state: what to store as a checkpoint (state-checkpoint.ts). */
  checkpoint(): StateCheckpoint & { readonly depth: number } {
    const cut = this.#entries.get(this.#cuts.at(-1)!)!;
    const genesis = this.#entries.get(this.groupId)!.node;
    return checkpointOf(cut, genesis, this.#ordered, (id) => this.#entries.get(id)!.node, this.size, this.#everAdded);
  }

  /** The resolved state of every op held. */
  get state(): GroupState {
    // With one head every op is its ancestor, so its closure state is the whole log's.
    if (this.#heads.size === 1) return this.#entries.get(this.#heads.values().next().value!)!.stateAfter;
    return this.stateAt([...this.#heads]);
  }

  /** The resolution of every op held (state and each op's fate). */
  resolution(): Resolution {
    this.#load();
    this.#resolution ??= resolveGroupState([...this.#entries.values()].map((entry) => entry.node));
    return this.#resolution;
  }

  /** Ops held (not counting waiting ones). */
  get size(): number {
    return this.#entries.size + this.#olderBelow.unloaded;
  }

  /** Whether the op is held (verified). */
  has(id: HexId): boolean {
    return this.#entries.has(id) || this.#older?.has(id) === true;
  }

  /** The verified op with this id. */
  get(id: HexId): VerifiedGroupOp | undefined {
    return this.#entries.get(id)?.node.op ?? this.#older?.get(id);
  }

  /** Ops no other op names as a parent, sorted by id. */
  get heads(): HexId[] {
    return [...this.#heads].sort();
  }

  /** Every op held, in the order L (parents before children). */
  ordered(): readonly VerifiedGroupOp[] {
    this.#load();
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
    if (!parents.some((id) => this.#entries.get(id)!.node.depth > cut.node.depth)) {
      this.#load();
      return resolveGroupState(this.#closure(parents).map((id) => this.#entries.get(id)!.node)).state;
    }
    const base: ResolutionBase = { cut: cut.node, state: cut.stateAfter, seniority: cut.seniority };
    const above = this.#closure(parents, cut.node.depth).map((id) => this.#entries.get(id)!.node);
    return resolveGroupState(above, base).state;
  }

  /** The held ops among `ids` and all their ancestors. */
  closureOf(ids: readonly HexId[]): Set<HexId> {
    this.#load();
    return new Set(this.#closure(ids.filter((id) => this.#entries.has(id))));
  }

  /**
   * Whether `member` signs as someone the group knows: added by an op we hold (or the creator),
   * or named by a waiting `add` whose author is known. Such signers get their own room in the
   * backlogs (pending-queue.ts); an add that arrives after its member's items must not lose them.
   */
  isKnownSigner(member: OnionAddress): boolean {
    return this.#backlog.isKnownSigner(member);
  }

  /** Op ids that waiting ops need and nobody sent yet: ask a peer for these. */
  missing(): HexId[] {
    return this.#backlog.missing((id) => this.#entries.has(id));
  }

  /**
   * Adds an op from a peer (or a local author) if it verifies; see {@link OpInsertOutcome}.
   * `admit` is asked about each op that verified, before it is added (the rate limit): an op
   * it refuses is not added and counts as refused with the error it returns.
   */
  insert(op: UnverifiedGroupOp, admit: OpAdmission = ADMIT_ALL): OpInsertOutcome {
    const id = groupOpId(op);
    if (this.#entries.has(id) || this.#backlog.has(id)) return { status: 'duplicate' };
    if (op.body.groupId === undefined || toHexId(op.body.groupId) !== this.groupId) {
      return {
        status: 'refused',
        error: new GroupOpRefusedError(op.body.payload.kind === 'create' ? 'bad-genesis' : 'wrong-group'),
      };
    }
    const parents = op.body.parents.map(toHexId);
    let signatureChecked = this.#trustSignatures;
    if (this.#reachesOlder(parents)) {
      // A stored op sent again, or one to check against the ops below a resumed log's cut: those
      // are loaded (once) only for a well-signed op by someone the group knows.
      if (this.#older!.has(id)) return { status: 'duplicate' };
      if (!this.isKnownSigner(memberFromKey(op.body.author)))
        return { status: 'refused', error: new GroupOpRefusedError('not-member') };
      if (!signatureChecked && !hasValidGroupOpSignature(op))
        return { status: 'refused', error: groupOpSignatureInvalid() };
      signatureChecked = true;
      this.#load();
    }
    const unknown = parents.filter((parent) => !this.#entries.has(parent));
    if (unknown.length > 0) {
      // Keep only well-signed ops waiting, so forgeries cannot fill the backlog.
      if (!signatureChecked && !hasValidGroupOpSignature(op))
        return { status: 'refused', error: groupOpSignatureInvalid() };
      if (!this.#backlog.wait(id, op, unknown)) return { status: 'refused', error: groupBacklogFull('ops') };
      return { status: 'pending', missing: this.missing() };
    }
    // The cheap checks first, so a forgery costs at most a signature check, never a resolution
    // of the state at its parents: by someone the log ever made a member (a lookup), then a
    // valid signature.
    if (!this.#everAdded.has(memberFromKey(op.body.author)))
      return { status: 'refused', error: new GroupOpRefusedError('not-member') };
    if (!signatureChecked && !hasValidGroupOpSignature(op))
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

  #add(op: VerifiedGroupOp, parents: readonly HexId[]): void {
    const parentEntries = parents.map((parent) => this.#entries.get(parent)!);
    const node = { op, depth: 1 + Math.max(...parentEntries.map((entry) => entry.node.depth)) };
    const stateAfter = applyOp(this.stateAt(parents), op);
    this.#entries.set(op.id, { node, stateAfter, seniority: seniorityAfter(node, parentEntries) });
    if (op.kind === 'add' && op.target !== undefined) this.#everAdded.add(op.target);
    this.#backlog.logChanged();
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
      for (const waiterId of this.#backlog.takeWaiters(queue.shift()!)) {
        const waiter = this.#backlog.get(waiterId);
        if (waiter === undefined) continue;
        const parents = waiter.body.parents.map(toHexId);
        if (!parents.every((parent) => this.#entries.has(parent))) continue;
        this.#backlog.forget(waiterId);
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
          this.#backlog.dropDescendants(waiterId);
        }
      }
    }
  }

  /** `start` and its ancestors; with `aboveDepth`, only those deeper than that. */
  #closure = (start: readonly HexId[], aboveDepth = -1): HexId[] =>
    ancestorsAbove(start, aboveDepth, (id) => this.#entries.get(id)!.node);
}
