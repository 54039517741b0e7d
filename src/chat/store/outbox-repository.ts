/**
 * Outgoing messages not yet acknowledged by their recipient (docs/ARCHITECTURE.md "Services/Chat": retry until
 * acknowledged, also across restarts). The chat service picks due entries, tries to deliver,
 * and either removes the entry (ack) or records the attempt with the next time to try.
 * Deleting a message deletes its outbox entry (ON DELETE CASCADE).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { MESSAGE_ID_BYTES } from './messages-repository.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertLimit, assertTime, checkedOnion } from '../../store/validate.js';

/** Most entries one {@link OutboxRepository.due} call returns. */
export const MAX_OUTBOX_BATCH = 1000;

/** One message awaiting acknowledgement. */
export interface OutboxEntry {
  readonly messageId: Uint8Array;
  /** The recipient (the message's conversation). */
  readonly conversation: OnionAddress;
  /** Delivery attempts made so far. */
  readonly attempts: number;
  /** Not before this time (ms since the epoch). */
  readonly nextAttemptAt: number;
}

interface OutboxRow {
  message_id: Buffer;
  conversation: string;
  attempts: number;
  next_attempt_at: number;
}

const SELECT = `SELECT o.message_id, m.conversation, o.attempts, o.next_attempt_at FROM outbox o JOIN messages m ON m.id = o.message_id`;

/** Reads and writes the outbox. */
export class OutboxRepository {
  readonly #enqueue: Query<never>;
  readonly #due: Query<OutboxRow>;
  readonly #pendingFor: Query<OutboxRow>;
  readonly #recordAttempt: Query<never>;
  readonly #remove: Query<never>;
  readonly #nextDue: Query<{ at: number | null }>;

  constructor(sql: Sql) {
    this.#enqueue = sql.prepare(
      'INSERT INTO outbox (message_id, next_attempt_at) VALUES (@messageId, @nextAttemptAt) ON CONFLICT (message_id) DO NOTHING',
    );
    this.#due = sql.prepare(`${SELECT} WHERE o.next_attempt_at <= @now ORDER BY o.next_attempt_at, m.seq LIMIT @limit`);
    this.#pendingFor = sql.prepare(`${SELECT} WHERE m.conversation = @conversation ORDER BY m.seq`);
    this.#recordAttempt = sql.prepare(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @nextAttemptAt WHERE message_id = @messageId',
    );
    this.#remove = sql.prepare('DELETE FROM outbox WHERE message_id = @messageId');
    this.#nextDue = sql.prepare('SELECT min(next_attempt_at) AS at FROM outbox');
  }

  /** Queues a stored message for delivery; returns false if it was already queued. */
  enqueue(messageId: Uint8Array, nextAttemptAt: number): boolean {
    assertBytes(messageId, MESSAGE_ID_BYTES, 'messageId');
    assertTime(nextAttemptAt, 'nextAttemptAt');
    return this.#enqueue.run({ messageId: blob(messageId), nextAttemptAt }) === 1;
  }

  /** Entries whose time has come, earliest first. */
  due(now: number, limit = MAX_OUTBOX_BATCH): OutboxEntry[] {
    assertTime(now, 'now');
    assertLimit(limit, MAX_OUTBOX_BATCH, 'limit');
    return this.#due.all({ now, limit }).map(fromRow);
  }

  /** Every entry for one recipient in send order, due or not (they just came online: try now). */
  pendingFor(conversation: OnionAddress): OutboxEntry[] {
    return this.#pendingFor.all({ conversation: checkedOnion(conversation) }).map(fromRow);
  }

  /** Counts a failed attempt and sets when to try next; returns false if the entry is gone. */
  recordAttempt(messageId: Uint8Array, nextAttemptAt: number): boolean {
    assertBytes(messageId, MESSAGE_ID_BYTES, 'messageId');
    assertTime(nextAttemptAt, 'nextAttemptAt');
    return this.#recordAttempt.run({ messageId: blob(messageId), nextAttemptAt }) === 1;
  }

  /** Drops an acknowledged entry; returns false if it was not queued. */
  remove(messageId: Uint8Array): boolean {
    assertBytes(messageId, MESSAGE_ID_BYTES, 'messageId');
    return this.#remove.run({ messageId: blob(messageId) }) === 1;
  }

  /** The earliest `nextAttemptAt` in the outbox (to arm one timer), or undefined when empty. */
  nextAttemptAt(): number | undefined {
    return this.#nextDue.get()?.at ?? undefined;
  }
}

function fromRow(row: OutboxRow): OutboxEntry {
  return {
    messageId: new Uint8Array(row.message_id),
    conversation: row.conversation as OnionAddress,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
  };
}
