/**
 * Loading a group's membership log from our own store at start-up. With a stored checkpoint
 * (state-checkpoint.ts) only the ops stored after it are decoded and checked; the older ones stay
 * in the store, read one at a time when asked for and all at once when something needs the
 * whole log (membership-log.ts `MembershipLog.resume`). A checkpoint that does not decode or does
 * not fit is ignored, the caller told why, and every stored op is replayed.
 */
import { DecodeError } from '../protocol/decode-errors.js';
import { decodeGroupOp } from '../protocol/groups/group-op-codec.js';
import { storedGroupOpBelowCheckpoint, type VerifiedGroupOp } from './group-op.js';
import type { HexId } from './ids.js';
import { MembershipLog } from './membership-log.js';
import { decodeStateCheckpoint } from './state-checkpoint.js';
import type { OlderOps } from './stored-ops.js';

/** A group's op rows in our store, as they were stored (`VerifiedGroupOp.encoded()`). */
export interface StoredOpRows {
  /** The row of the op with this id. */
  get(id: HexId): Uint8Array | undefined;
  /** Every row of the group (any order). */
  all(): readonly Uint8Array[];
}

/** A checkpoint's bytes as our store holds them, the group's rows, and who hears why a checkpoint was ignored. */
export interface StoredCheckpoint {
  readonly bytes: Uint8Array;
  readonly rows: StoredOpRows;
  readonly onIgnored: (reason: string) => void;
}

/** The rows that decode (a row that does not is left out). */
export function decodeAll<T>(rows: readonly Uint8Array[], decode: (bytes: Uint8Array) => T): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(decode(row));
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
    }
  }
  return out;
}

/**
 * The log of `groupId` from our own store: from `stored` and `ops` (the rows stored after it)
 * if it fits, else from every row. Throws like `MembershipLog.restore` if the create op is
 * missing or bad.
 */
export function loadMembershipLog(
  groupId: HexId,
  ops: readonly Uint8Array[],
  stored?: StoredCheckpoint,
): MembershipLog {
  const replay = (rows: readonly Uint8Array[]): MembershipLog =>
    MembershipLog.restore(groupId, decodeAll(rows, decodeGroupOp), { fromOwnStore: true });
  if (stored === undefined) return replay(ops);
  const resumed = resume(groupId, ops, stored);
  if (resumed instanceof MembershipLog) return resumed;
  stored.onIgnored(resumed.refused);
  return replay(stored.rows.all());
}

function resume(groupId: HexId, ops: readonly Uint8Array[], stored: StoredCheckpoint) {
  try {
    const checkpoint = decodeStateCheckpoint(stored.bytes);
    const base = checkpoint.base.map(({ depth, op }) => ({ depth, op: fromStore(groupId, op) }));
    const above = checkpoint.above.map(decodeGroupOp);
    return MembershipLog.resume(
      checkpoint,
      base,
      [...above, ...decodeAll(ops, decodeGroupOp)],
      olderOps(groupId, stored.rows),
    );
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { refused: `it does not decode: ${error.message}` };
  }
}

function fromStore(groupId: HexId, bytes: Uint8Array): VerifiedGroupOp {
  return storedGroupOpBelowCheckpoint(decodeGroupOp(bytes), groupId);
}

/** The older ops, read from `rows` when asked for; those found are kept (misses are not: any id can be asked about). */
function olderOps(groupId: HexId, rows: StoredOpRows): OlderOps {
  const found = new Map<HexId, VerifiedGroupOp>();
  const get = (id: HexId): VerifiedGroupOp | undefined => {
    let op = found.get(id);
    if (op !== undefined) return op;
    const bytes = rows.get(id);
    if (bytes === undefined) return undefined;
    try {
      op = fromStore(groupId, bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return undefined;
    }
    if (op.id !== id) return undefined;
    found.set(id, op);
    return op;
  };
  return { has: (id) => get(id) !== undefined, get, all: () => decodeAll(rows.all(), decodeGroupOp) };
}
