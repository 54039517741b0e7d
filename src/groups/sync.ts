/**
 * Catch-up sync, pure (docs/ARCHITECTURE.md "Services/Groups": a member back online exchanges per-sender
 * high-water marks). When two members connect, each sends a summary of each group they share:
 * the heads of its membership log and, per (epoch, sender), the last seq it holds without a
 * gap. Each answers the other's summary with what the other lacks:
 *
 * - ops: every op not in the closure of the peer's heads, in the order L (parents first). If
 *   the peer names heads we do not know, it holds ops we lack; it will send them in answer to
 *   our summary, and meanwhile we may send a few ops it already has (dropped as duplicates);
 * - messages: for every epoch whose key the peer received, every message above the peer's mark,
 *   in display order, so the peer can show them as they arrive.
 *
 * The answer is cut into batches that fit a session frame; after MAX_BATCHES_PER_SYNC_ANSWER
 * the last batch says `more`, and the peer sends a fresh summary once it has taken them in.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { compareBytes } from '../protocol/groups/fields.js';
import {
  MAX_GROUP_ITEMS,
  MAX_GROUP_ITEMS_BYTES,
  MAX_SUMMARY_HEADS,
  MAX_SUMMARY_MARKS,
} from '../protocol/groups/limits.js';
import {
  groupItemWireBytes,
  type GroupItem,
  type GroupItemsBody,
  type GroupSyncSummaryBody,
  type SyncMark,
} from '../protocol/groups/sync-codec.js';
import type { VerifiedGroupMessage } from './group-message.js';
import type { VerifiedGroupOp } from './group-op.js';
import { fromHexId, keyOfMember, memberFromKey, toHexId, type HexId } from './ids.js';
import { compareDisplayOrder, type MessageLog } from './message-log.js';
import type { MembershipLog } from './membership-log.js';

/** What a summary or an answer is computed from. */
export interface SyncSource {
  readonly log: MembershipLog;
  readonly messages: MessageLog;
}

/** A verified op or message, as a sync answer or a forward carries it. */
export type HeldItem = VerifiedGroupOp | VerifiedGroupMessage;

/**
 * The summary of what we hold. At most MAX_SUMMARY_HEADS heads (the deepest first) and
 * MAX_SUMMARY_MARKS marks (those of the latest epochs first): what is left out is sent again
 * by the peer and dropped as duplicates.
 */
export function buildSyncSummary(source: SyncSource): GroupSyncSummaryBody {
  const ordered = source.log.ordered();
  const position = new Map(ordered.map((op, index) => [op.id, index]));
  const heads = [...source.log.heads].sort((a, b) => position.get(b)! - position.get(a)!).slice(0, MAX_SUMMARY_HEADS);
  const marks = source.messages
    .marks()
    .sort((a, b) => (position.get(b.epoch) ?? -1) - (position.get(a.epoch) ?? -1))
    .slice(0, MAX_SUMMARY_MARKS)
    .map((mark): SyncMark => ({ epoch: fromHexId(mark.epoch), sender: keyOfMember(mark.sender), seq: mark.seq }))
    .sort((a, b) => compareBytes(a.epoch, b.epoch) || compareBytes(a.sender, b.sender));
  return { groupId: fromHexId(source.log.groupId), heads: heads.sort().map(fromHexId), marks };
}

/** Everything `peer` lacks according to their `summary`: ops first (order L), then messages (display order). */
export function itemsLacking(source: SyncSource, peer: OnionAddress, summary: GroupSyncSummaryBody): HeldItem[] {
  const known = source.log.closureOf(summary.heads.map(toHexId));
  const ops = source.log.ordered().filter((op) => !known.has(op.id));
  const peerMarks = new Map(
    summary.marks.map((mark) => [`${toHexId(mark.epoch)}/${memberFromKey(mark.sender)}`, mark.seq]),
  );
  const messages: VerifiedGroupMessage[] = [];
  for (const { epoch, sender } of source.messages.slots()) {
    if (source.log.get(epoch)?.recipients?.has(peer) !== true) continue;
    const after = source.messages.after(epoch, sender, peerMarks.get(`${epoch}/${sender}`) ?? 0);
    // A message whose text is gone is not sent again (redacted-record.ts).
    messages.push(...after.filter((message) => !message.redacted));
  }
  return [...ops, ...messages.sort(compareDisplayOrder)];
}

/** The wire form of a held item. */
export function toGroupItem(item: HeldItem): GroupItem {
  return 'kind' in item ? { type: 'op', op: item.wire } : { type: 'message', message: item.wire };
}

/**
 * Cuts `items` into batches of at most MAX_GROUP_ITEMS items and MAX_GROUP_ITEMS_BYTES bytes,
 * keeping their order. With `maxBatches`, stops there and marks the last batch `more`.
 */
export function toItemBatches(groupId: HexId, items: readonly HeldItem[], maxBatches = Infinity): GroupItemsBody[] {
  const id = fromHexId(groupId);
  const batches: GroupItemsBody[] = [];
  let current: GroupItem[] = [];
  let bytes = 0;
  for (const held of items) {
    const item = toGroupItem(held);
    const size = groupItemWireBytes(item);
    if (current.length === MAX_GROUP_ITEMS || (current.length > 0 && bytes + size > MAX_GROUP_ITEMS_BYTES)) {
      if (batches.length + 1 === maxBatches) {
        batches.push({ groupId: id, more: true, items: current });
        return batches;
      }
      batches.push({ groupId: id, more: false, items: current });
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push({ groupId: id, more: false, items: current });
  return batches;
}
