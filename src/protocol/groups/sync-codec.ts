/**
 * Catch-up sync between two members of a group (docs/ARCHITECTURE.md "Services/Groups": a member back
 * online exchanges per-sender high-water marks):
 *
 *   summary = 32-byte group id ‖ u8 head count (1–32) ‖ op heads (32 bytes each, strictly increasing)
 *           ‖ u16 mark count (0–512) ‖ marks, strictly increasing by (epoch, sender)
 *   mark    = 32-byte epoch id ‖ 32-byte sender key ‖ u32 seq (≥ 1: every seq up to it is held)
 *   request = 32-byte group id ‖ u8 count (1–64) ‖ op ids (strictly increasing)
 *   items   = 32-byte group id ‖ u8 more (0/1: the sender stopped at a batch limit; send a new
 *             summary for the rest) ‖ u8 count (1–64) ‖ count × item
 *   item    = u8 type (1 op, 2 message) ‖ u16 length ‖ the op or message (group-op-codec.ts,
 *             group-message-codec.ts)
 *
 * A summary names what its sender holds; the peer answers with items it lacks. A request asks
 * for ops by id (a parent or an epoch the sender heard of but does not have).
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { checkArray, checkRange, readFixed, readSortedEntries, writeFixed, writeSortedEntries } from './fields.js';
import { decodeGroupMessage, encodeGroupMessage, type UnverifiedGroupMessage } from './group-message-codec.js';
import { decodeGroupOp, encodeGroupOp, type UnverifiedGroupOp } from './group-op-codec.js';
import {
  GROUP_HASH_BYTES,
  MAX_GROUP_ITEMS,
  MAX_GROUP_MESSAGE_WIRE_BYTES,
  MAX_GROUP_OP_BYTES,
  MAX_GROUP_SEQ,
  MAX_REQUEST_OP_IDS,
  MAX_SUMMARY_HEADS,
  MAX_SUMMARY_MARKS,
  MEMBER_KEY_BYTES,
} from './limits.js';

/** "I hold every message of `sender` in `epoch` up to `seq`." */
export interface SyncMark {
  readonly epoch: Uint8Array;
  readonly sender: Uint8Array;
  readonly seq: number;
}

/** What one member holds of one group. */
export interface GroupSyncSummaryBody {
  readonly groupId: Uint8Array;
  /** The heads of the sender's membership log (ops no other op names as parent). */
  readonly heads: readonly Uint8Array[];
  /** High-water marks, sorted by (epoch, sender); a pair left out means 0. */
  readonly marks: readonly SyncMark[];
}

/** "Send me these ops." */
export interface GroupSyncRequestBody {
  readonly groupId: Uint8Array;
  readonly opIds: readonly Uint8Array[];
}

/** One op or message in a batch. */
export type GroupItem =
  | { readonly type: 'op'; readonly op: UnverifiedGroupOp }
  | { readonly type: 'message'; readonly message: UnverifiedGroupMessage };

/** A batch of ops and messages of one group. */
export interface GroupItemsBody {
  readonly groupId: Uint8Array;
  /** True when the sender had more to send than fits its batch limits. */
  readonly more: boolean;
  readonly items: readonly GroupItem[];
}

const ITEM_OP = 1;
const ITEM_MESSAGE = 2;

const markKey = (mark: SyncMark): Uint8Array => {
  const key = new Uint8Array(GROUP_HASH_BYTES + MEMBER_KEY_BYTES);
  key.set(mark.epoch, 0);
  key.set(mark.sender, GROUP_HASH_BYTES);
  return key;
};

/** Reads a summary's body. */
export function readGroupSyncSummary(reader: ByteReader): GroupSyncSummaryBody {
  const groupId = readFixed(reader, GROUP_HASH_BYTES, 'group id');
  const headCount = reader.readU8('head count');
  if (headCount === 0 || headCount > MAX_SUMMARY_HEADS)
    throw malformedInput('head count', `is ${headCount}, not 1 to ${MAX_SUMMARY_HEADS}`);
  const heads = readSortedEntries(
    reader,
    headCount,
    (r) => readFixed(r, GROUP_HASH_BYTES, 'head'),
    (head) => head,
    'heads',
  );
  const markCount = reader.readU16('mark count');
  if (markCount > MAX_SUMMARY_MARKS)
    throw malformedInput('mark count', `is ${markCount}, over the limit of ${MAX_SUMMARY_MARKS}`);
  const marks = readSortedEntries(
    reader,
    markCount,
    (r) => {
      const epoch = readFixed(r, GROUP_HASH_BYTES, 'mark epoch');
      const sender = readFixed(r, MEMBER_KEY_BYTES, 'mark sender');
      const seq = r.readU32('mark seq');
      if (seq === 0) throw malformedInput('mark seq', 'is 0 (a pair with nothing held is left out)');
      return { epoch, sender, seq };
    },
    markKey,
    'marks',
  );
  return { groupId, heads, marks };
}

/** Writes a summary's body. */
export function writeGroupSyncSummary(writer: ByteWriter, body: GroupSyncSummaryBody): void {
  writeFixed(writer, body.groupId, GROUP_HASH_BYTES, 'group id');
  checkArray(body.heads, 1, MAX_SUMMARY_HEADS, 'heads');
  writer.writeU8(body.heads.length);
  writeSortedEntries(
    writer,
    body.heads,
    (w, head) => writeFixed(w, head, GROUP_HASH_BYTES, 'head'),
    (head) => head,
    'heads',
  );
  checkArray(body.marks, 0, MAX_SUMMARY_MARKS, 'marks');
  writer.writeU16(body.marks.length);
  writeSortedEntries(
    writer,
    body.marks,
    (w, mark) => {
      writeFixed(w, mark?.epoch, GROUP_HASH_BYTES, 'mark epoch');
      writeFixed(w, mark.sender, MEMBER_KEY_BYTES, 'mark sender');
      checkRange(mark.seq, 1, MAX_GROUP_SEQ, 'mark seq');
      w.writeU32(mark.seq);
    },
    markKey,
    'marks',
  );
}

/** Reads a request's body. */
export function readGroupSyncRequest(reader: ByteReader): GroupSyncRequestBody {
  const groupId = readFixed(reader, GROUP_HASH_BYTES, 'group id');
  const count = reader.readU8('op id count');
  if (count === 0 || count > MAX_REQUEST_OP_IDS)
    throw malformedInput('op id count', `is ${count}, not 1 to ${MAX_REQUEST_OP_IDS}`);
  const opIds = readSortedEntries(
    reader,
    count,
    (r) => readFixed(r, GROUP_HASH_BYTES, 'op id'),
    (id) => id,
    'op ids',
  );
  return { groupId, opIds };
}

/** Writes a request's body. */
export function writeGroupSyncRequest(writer: ByteWriter, body: GroupSyncRequestBody): void {
  writeFixed(writer, body.groupId, GROUP_HASH_BYTES, 'group id');
  checkArray(body.opIds, 1, MAX_REQUEST_OP_IDS, 'op ids');
  writer.writeU8(body.opIds.length);
  writeSortedEntries(
    writer,
    body.opIds,
    (w, id) => writeFixed(w, id, GROUP_HASH_BYTES, 'op id'),
    (id) => id,
    'op ids',
  );
}

/** Reads a batch's body. */
export function readGroupItems(reader: ByteReader): GroupItemsBody {
  const groupId = readFixed(reader, GROUP_HASH_BYTES, 'group id');
  const more = reader.readBool('more');
  const count = reader.readU8('item count');
  if (count === 0 || count > MAX_GROUP_ITEMS)
    throw malformedInput('item count', `is ${count}, not 1 to ${MAX_GROUP_ITEMS}`);
  const items: GroupItem[] = [];
  for (let i = 0; i < count; i++) {
    const type = reader.readU8('item type');
    if (type === ITEM_OP)
      items.push({ type: 'op', op: decodeGroupOp(reader.readVarBytes16(MAX_GROUP_OP_BYTES, 'op item')) });
    else if (type === ITEM_MESSAGE)
      items.push({
        type: 'message',
        message: decodeGroupMessage(reader.readVarBytes16(MAX_GROUP_MESSAGE_WIRE_BYTES, 'message item')),
      });
    else throw malformedInput('item type', `is ${type}, not 1 (op) or 2 (message)`);
  }
  return { groupId, more, items };
}

/** The encoded size of one item inside a batch (for writers that fill batches). */
export function groupItemWireBytes(item: GroupItem): number {
  return 3 + (item.type === 'op' ? item.op.signedBytes.length + 64 : item.message.signedBytes.length + 64);
}

/** Writes a batch's body. */
export function writeGroupItems(writer: ByteWriter, body: GroupItemsBody): void {
  writeFixed(writer, body.groupId, GROUP_HASH_BYTES, 'group id');
  writer.writeBool(body.more);
  checkArray(body.items, 1, MAX_GROUP_ITEMS, 'items');
  writer.writeU8(body.items.length);
  for (const item of body.items) {
    if (item?.type === 'op') writer.writeU8(ITEM_OP).writeVarBytes16(encodeGroupOp(item.op), MAX_GROUP_OP_BYTES);
    else if (item?.type === 'message')
      writer.writeU8(ITEM_MESSAGE).writeVarBytes16(encodeGroupMessage(item.message), MAX_GROUP_MESSAGE_WIRE_BYTES);
    else throw invalidArgument('item type', "'op' or 'message'");
  }
}
