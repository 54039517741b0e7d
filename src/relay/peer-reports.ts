/**
 * A friend's reports on an envelope we offered or handed to them — their answer to the offer,
 * their stored-report on the copy, a dropped notice once nothing behind them holds it — as moves
 * of their mark on our record (tracked-envelope.ts `PeerMark`). A report that does not follow
 * from what we did with that friend (an answer to an offer we never made) changes nothing.
 *
 * When the last copy behind us goes, the friends who gave us the envelope are owed a dropped
 * notice ({@link dropEventIfEmpty}); the holder (holder.ts) and the engine send it.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { DropReason } from '../protocol/relay/release-codec.js';
import type { AnswerVerdict, StoredVerdict } from '../protocol/relay/verdicts.js';
import { isRelayRefusal } from '../protocol/relay/verdicts.js';
import { isHeldBehindUs, upstreamFriends, type TrackedEnvelope } from './tracked-envelope.js';
import type { TrackedRecords } from './tracked-records.js';

/** A tracked envelope nothing behind us holds any more: its upstream friends are to be told (`takeDropNotice`). */
export interface DropEvent {
  readonly record: TrackedEnvelope;
  readonly reason: DropReason;
}

/** What an answer or a stored-report from a friend changed. */
export type PeerResult =
  | { readonly type: 'none' }
  /** Hand this copy over (they answered `want`). */
  | { readonly type: 'send'; readonly copy: RelayEnvelope }
  /** They now hold our copy: a holder of ours (the sender's tracker counts it when `own`). */
  | { readonly type: 'holder-added'; readonly own: boolean }
  /** A holder of ours went away; `drop` is set when nothing behind us holds the envelope any more. */
  | {
      readonly type: 'holder-removed';
      readonly own: boolean;
      readonly drop: DropEvent | undefined;
      readonly reason: DropReason;
    }
  /** The recipient rejected it: our copy is gone. */
  | { readonly type: 'rejected'; readonly own: boolean; readonly drop: DropEvent | undefined };

/** What reports change: the holder's records, and the recipients of our own envelopes. */
export interface PeerReportContext {
  readonly records: TrackedRecords;
  /** The recipient of one of our own envelopes; undefined for anyone else's (holders cannot tell). */
  readonly recipientOf: (id: Uint8Array) => OnionAddress | undefined;
}

/** Whether `friend` is the recipient of `record`, as far as we can know (only for our own envelopes). */
function isRecipient(record: TrackedEnvelope, friend: OnionAddress, context: PeerReportContext): boolean {
  return record.owner === undefined && context.recipientOf(record.id) === friend;
}

const NONE: PeerResult = { type: 'none' };

/** `friend` answered our offer of `record`. */
export function answerReport(
  record: TrackedEnvelope | undefined,
  friend: OnionAddress,
  verdict: AnswerVerdict,
  context: PeerReportContext,
): PeerResult {
  if (record === undefined || record.peers.get(friend) !== 'offered') return NONE;
  context.records.touch(record);
  switch (verdict) {
    case 'want': {
      if (record.state !== 'held' || record.envelope === undefined) {
        record.peers.delete(friend);
        return NONE;
      }
      record.peers.set(friend, 'sent');
      const hops = isRecipient(record, friend, context) ? 0 : Math.max(record.passOnHops, 0);
      return { type: 'send', copy: { ...record.envelope, hops } };
    }
    case 'duplicate':
    case 'delivered':
      record.peers.set(friend, 'has');
      return NONE;
    case 'rejected':
      return rejectedBy(record, friend, context);
    default:
      record.peers.set(friend, 'declined');
      return NONE;
  }
}

/** `friend` reported what it did with the copy of `record` we handed over. */
export function storedReport(
  record: TrackedEnvelope | undefined,
  friend: OnionAddress,
  verdict: StoredVerdict,
  context: PeerReportContext,
): PeerResult {
  if (record === undefined || record.peers.get(friend) !== 'sent') return NONE;
  context.records.touch(record);
  if (verdict === 'accepted') {
    record.peers.set(friend, 'holds');
    return { type: 'holder-added', own: record.owner === undefined };
  }
  if (verdict === 'rejected') return rejectedBy(record, friend, context);
  record.peers.set(friend, isRelayRefusal(verdict) ? 'declined' : 'has');
  return NONE;
}

/** `friend`, a holder of ours, says nothing behind it holds `record` any more. */
export function droppedReport(
  record: TrackedEnvelope | undefined,
  friend: OnionAddress,
  reason: DropReason,
  context: PeerReportContext,
): PeerResult {
  if (record === undefined || record.peers.get(friend) !== 'holds') return NONE;
  context.records.touch(record);
  record.peers.set(friend, 'declined');
  return { type: 'holder-removed', own: record.owner === undefined, drop: dropEventIfEmpty(record, reason), reason };
}

/** Sets `record`'s dropped notice when nothing behind us holds it any more (once; never for our own). */
export function dropEventIfEmpty(record: TrackedEnvelope, reason: DropReason): DropEvent | undefined {
  if (record.owner === undefined || record.dropNotice !== undefined || isHeldBehindUs(record)) return undefined;
  record.dropNotice = { reason, pending: new Set(upstreamFriends(record)) };
  return { record, reason };
}

function rejectedBy(record: TrackedEnvelope, friend: OnionAddress, context: PeerReportContext): PeerResult {
  context.records.touch(record);
  // Only the recipient can reject (anyone else's "rejected" is just a refusal): it read the
  // envelope and it is junk. We know the recipient only of our own envelopes.
  if (!isRecipient(record, friend, context)) {
    record.peers.set(friend, 'declined');
    return NONE;
  }
  record.peers.set(friend, 'has');
  const own = record.owner === undefined;
  if (record.state === 'held') {
    context.records.removeCopy(record);
    record.state = 'gone';
    record.goneReason = 'rejected';
  }
  return { type: 'rejected', own, drop: dropEventIfEmpty(record, 'rejected') };
}
