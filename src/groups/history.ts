/**
 * A group's history as a front end shows it (system lines for joins, leaves,
 * removals and renames among the messages), pure.
 *
 * The order is the same on every member holding the same ops and messages: messages keep
 * their display order (message-log.ts: Lamport clock, then sender, epoch, seq), ops keep the
 * log's order L (resolve.ts R0), and the two sequences are merged by their authors' clocks (an
 * op goes before the first message whose clock is later than its own). A lying clock can
 * only move its author's own lines, never reorder anyone else's.
 */
import type { VerifiedGroupMessage } from './group-message.js';
import type { VerifiedGroupOp } from './group-op.js';
import type { MembershipLog } from './membership-log.js';
import type { MessageLog } from './message-log.js';
import { adminTest, isHistoryLine } from './message-actions.js';

/** What a system line reports. `rotate` ops change no one's membership and make no line. */
export type SystemLineEvent = 'created' | 'added' | 'removed' | 'left' | 'admin' | 'renamed';

/** One line of history. */
export type HistoryItem =
  | { readonly type: 'message'; readonly message: VerifiedGroupMessage }
  | { readonly type: 'system'; readonly op: VerifiedGroupOp; readonly event: SystemLineEvent };

const EVENTS: Readonly<Record<VerifiedGroupOp['kind'], SystemLineEvent | undefined>> = {
  create: 'created',
  add: 'added',
  remove: 'removed',
  leave: 'left',
  'add-admin': 'admin',
  rename: 'renamed',
  rotate: undefined,
};

/**
 * The system line an op makes, or undefined (a rotation, or an op the resolution skipped or
 * revoked: it changed nothing).
 * @example systemLineOf(op, log) // 'added'
 */
export function systemLineOf(op: VerifiedGroupOp, log: MembershipLog): SystemLineEvent | undefined {
  if (log.resolution().fates.get(op.id) !== 'applied' && op.kind !== 'create') return undefined;
  return EVENTS[op.kind];
}

/** The whole history of a group, oldest first (see the module comment for the order). */
export function groupHistory(source: { readonly log: MembershipLog; readonly messages: MessageLog }): HistoryItem[] {
  const lines: Extract<HistoryItem, { type: 'system' }>[] = [];
  for (const op of source.log.ordered()) {
    const event = systemLineOf(op, source.log);
    if (event !== undefined) lines.push({ type: 'system', op, event });
  }
  // Edits, deletes, reactions and a non-admin's timer are no lines (message-actions.ts), nor what expired.
  const isAdmin = adminTest(source.log.state);
  const messages = source.messages.timeline().filter((message) => !message.gone && isHistoryLine(message, isAdmin));
  const out: HistoryItem[] = [];
  let next = 0;
  for (const message of messages) {
    while (next < lines.length && lines[next]!.op.timestamp <= message.createdAt) out.push(lines[next++]!);
    out.push({ type: 'message', message });
  }
  out.push(...lines.slice(next));
  return out;
}
