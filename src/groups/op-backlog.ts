/**
 * The ops a membership log holds back until their parents arrive (membership-log.ts): well-signed
 * ops in a queue with a quota per signer (pending-queue.ts), indexed by the parents they wait for.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { UnverifiedGroupOp } from '../protocol/groups/group-op-codec.js';
import { addedByWaitingAdds } from './dag-order.js';
import { memberFromKey, toHexId, type HexId } from './ids.js';
import { PENDING_OP_QUOTAS } from './limits.js';
import { PendingQueue } from './pending-queue.js';

/** One log's waiting ops. */
export class OpBacklog {
  readonly #everAdded: ReadonlySet<OnionAddress>;
  /** Ops waiting for parents, oldest first, with a quota per signer. */
  readonly #pending: PendingQueue<UnverifiedGroupOp>;
  /** Missing op id → ids of the waiting ops that name it. */
  readonly #waiting = new Map<HexId, Set<HexId>>();
  /** {@link isKnownSigner}'s answer for waiting adds (recomputed when the log or the backlog changes). */
  #addedByWaiting: Set<OnionAddress> | undefined;

  /** `everAdded`: the log's own set of everyone its ops added (read, never written here). */
  constructor(everAdded: ReadonlySet<OnionAddress>) {
    this.#everAdded = everAdded;
    this.#pending = new PendingQueue<UnverifiedGroupOp>(PENDING_OP_QUOTAS, (signer) => this.isKnownSigner(signer));
  }

  /** Whether the op is waiting. */
  has(id: HexId): boolean {
    return this.#pending.has(id);
  }

  /** The waiting op with this id. */
  get(id: HexId): UnverifiedGroupOp | undefined {
    return this.#pending.get(id);
  }

  /** Told when the log added an op (who is known may have changed). */
  logChanged(): void {
    this.#addedByWaiting = undefined;
  }

  /** See membership-log.ts `MembershipLog.isKnownSigner`. */
  isKnownSigner(member: OnionAddress): boolean {
    if (this.#everAdded.has(member)) return true;
    this.#addedByWaiting ??= addedByWaitingAdds(this.#pending.values(), this.#everAdded);
    return this.#addedByWaiting.has(member);
  }

  /** Op ids that waiting ops need, nobody sent yet and `held` does not hold. */
  missing(held: (id: HexId) => boolean): HexId[] {
    return [...this.#waiting.keys()].filter((id) => !held(id) && !this.#pending.has(id)).sort();
  }

  /** Keeps a well-signed op waiting for `unknown` parents, if the backlog has room for its author; false if not. */
  wait(id: HexId, op: UnverifiedGroupOp, unknown: readonly HexId[]): boolean {
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

  /** Ids of the ops that waited for `arrived` (sorted), no longer indexed under it. */
  takeWaiters(arrived: HexId): HexId[] {
    const waiters = this.#waiting.get(arrived);
    if (waiters === undefined) return [];
    this.#waiting.delete(arrived);
    return [...waiters].sort();
  }

  /** Stops holding a waiting op. */
  forget(id: HexId): void {
    const op = this.#pending.get(id);
    if (op === undefined) return;
    this.#pending.delete(id);
    this.#addedByWaiting = undefined;
    this.#unindex(id, op);
  }

  /** A refused op can never be a parent: what waits for it can never verify. */
  dropDescendants(id: HexId): void {
    const queue = [id];
    while (queue.length > 0) {
      const waiters = this.#waiting.get(queue.shift()!);
      if (waiters === undefined) continue;
      for (const waiter of [...waiters]) {
        this.forget(waiter);
        queue.push(waiter);
      }
    }
    this.#waiting.delete(id);
  }

  #unindex(id: HexId, op: UnverifiedGroupOp): void {
    for (const parent of op.body.parents.map(toHexId)) {
      const waiters = this.#waiting.get(parent);
      waiters?.delete(id);
      if (waiters?.size === 0) this.#waiting.delete(parent);
    }
  }
}
