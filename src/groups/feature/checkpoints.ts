/**
 * Keeps each group's membership-log checkpoint (state-checkpoint.ts) in the store: read when
 * the group loads, rewritten in the same transaction as the ops that moved the log's cut
 * {@link CHECKPOINT_STRIDE} deeper than the stored one (not on every op: a checkpoint costs an
 * encoding of the whole state).
 */
import { fromHexId, type HexId } from '../ids.js';
import type { MembershipLog } from '../membership-log.js';
import type { StoredCheckpoint } from '../log-load.js';
import { encodeStateCheckpoint } from '../state-checkpoint.js';
import type { GroupsRepository } from '../store/groups-repository.js';

/** How much deeper the cut must be than the stored checkpoint's before it is rewritten. */
export const CHECKPOINT_STRIDE = 64;

/** The stored checkpoints' cut depths, and their reads and writes. */
export class CheckpointKeeper {
  readonly #depths = new Map<HexId, number>();
  readonly #repository: () => GroupsRepository;

  constructor(repository: () => GroupsRepository) {
    this.#repository = repository;
  }

  /**
   * What to load a group from: with a stored checkpoint, the ops stored after it and the
   * checkpoint (reading older ops from the store when the log needs them); without, every op.
   * `warn` hears why a checkpoint is ignored (it is then rewritten with the next ops).
   */
  load(groupId: HexId, warn: (reason: string) => void): { ops: Uint8Array[]; stored?: StoredCheckpoint } {
    const id = fromHexId(groupId);
    const row = this.#repository().checkpoint(id);
    if (row === undefined) return { ops: this.#repository().ops(id) };
    this.#depths.set(groupId, row.cutDepth);
    const rows = {
      get: (opId: HexId) => this.#repository().op(id, fromHexId(opId)),
      all: () => this.#repository().ops(id),
    };
    const onIgnored = (reason: string): void => {
      this.#depths.delete(groupId);
      warn(reason);
    };
    return { ops: this.#repository().opsAfter(id, row.throughSeq), stored: { bytes: row.state, rows, onIgnored } };
  }

  /** Within the transaction that stored new ops of the group: rewrites its checkpoint if the cut moved far enough. */
  afterOps(groupId: HexId, log: MembershipLog): void {
    const checkpoint = log.checkpoint();
    if (checkpoint.depth - (this.#depths.get(groupId) ?? 0) < CHECKPOINT_STRIDE) return;
    this.#repository().putCheckpoint(fromHexId(groupId), checkpoint.depth, encodeStateCheckpoint(checkpoint));
    this.#depths.set(groupId, checkpoint.depth);
  }
}
