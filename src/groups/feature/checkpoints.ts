/**
 * Keeps each group's membership-log checkpoint (state-checkpoint.ts) in the store: read when
 * the group loads, rewritten in the same transaction as the ops that moved the log's cut
 * {@link CHECKPOINT_STRIDE} deeper than the stored one (not on every op: a checkpoint costs an
 * encoding of the whole state).
 */
import { fromHexId, type HexId } from '../ids.js';
import type { MembershipLog } from '../membership-log.js';
import { encodeStateCheckpoint, type StoredCheckpoint } from '../state-checkpoint.js';
import type { GroupsRepository } from '../store/groups-repository.js';

/** How much deeper the cut must be than the stored checkpoint's before it is rewritten. */
export const CHECKPOINT_STRIDE = 256;

/** The stored checkpoints' cut depths, and their reads and writes. */
export class CheckpointKeeper {
  readonly #depths = new Map<HexId, number>();
  readonly #repository: () => GroupsRepository;

  constructor(repository: () => GroupsRepository) {
    this.#repository = repository;
  }

  /** The stored checkpoint of a group being loaded; `warn` hears why one is ignored (it is then rewritten). */
  load(groupId: HexId, warn: (reason: string) => void): StoredCheckpoint | undefined {
    const row = this.#repository().checkpoint(fromHexId(groupId));
    if (row === undefined) return undefined;
    this.#depths.set(groupId, row.cutDepth);
    return {
      bytes: row.state,
      onIgnored: (reason) => {
        this.#depths.delete(groupId);
        warn(reason);
      },
    };
  }

  /** Within the transaction that stored new ops of the group: rewrites its checkpoint if the cut moved far enough. */
  afterOps(groupId: HexId, log: MembershipLog): void {
    const checkpoint = log.checkpoint();
    if (checkpoint.depth - (this.#depths.get(groupId) ?? 0) < CHECKPOINT_STRIDE) return;
    this.#repository().putCheckpoint(fromHexId(groupId), checkpoint.depth, encodeStateCheckpoint(checkpoint));
    this.#depths.set(groupId, checkpoint.depth);
  }
}
