/**
 * 1:1 chat history. Every message has a random 16-byte id (docs/ARCHITECTURE.md "Session protocol": acks
 * and dedupe) and a local sequence number `seq` that orders each conversation as this device
 * stored it; paging walks `seq` downwards through the (conversation, seq) index.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertLimit, assertOneOf, assertText, assertTime, checkedOnion } from '../../store/validate.js';

/** Bytes in a message id. */
export const MESSAGE_ID_BYTES = 16;
/** Most messages one {@link MessagesRepository.page} call returns. */
export const MAX_PAGE_SIZE = 1000;

/** Whether we received the message ('in') or wrote it ('out'). */
export type MessageDirection = 'in' | 'out';
/** Outgoing: queued → handed to the peer's session → peer acknowledged → peer read it. */
export type OutgoingMessageState = 'sending' | 'sent' | 'delivered' | 'read';
/** Incoming: stored → we showed it (read receipts are the chat service's call). */
export type IncomingMessageState = 'received' | 'read';
/** A message's delivery state; which ones apply depends on its direction. */
export type MessageState = OutgoingMessageState | IncomingMessageState;

const OUTGOING_STATES: readonly OutgoingMessageState[] = ['sending', 'sent', 'delivered', 'read'];
const INCOMING_STATES: readonly IncomingMessageState[] = ['received', 'read'];
const ALL_STATES: readonly MessageState[] = ['sending', 'sent', 'delivered', 'received', 'read'];

/**
 * States only move forward (a late "delivered" after "read" is ignored); the rank says how far.
 * Mirrored in SQL by {@link RANK_SQL}.
 */
const STATE_RANK: Readonly<Record<MessageState, number>> = { sending: 0, received: 0, sent: 1, delivered: 2, read: 3 };
const RANK_SQL = `CASE state WHEN 'sending' THEN 0 WHEN 'received' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 END`;

/** A message to store. */
export interface NewMessage {
  readonly id: Uint8Array;
  /** The contact this conversation is with (must be a stored contact). */
  readonly conversation: OnionAddress;
  readonly direction: MessageDirection;
  readonly body: string;
  /** The sender's timestamp, ms since the epoch (the peer's clock for incoming messages). */
  readonly createdAt: number;
  /** When this device stored it, ms since the epoch. */
  readonly receivedAt: number;
  readonly state: MessageState;
  /** A reply's target or an action on an earlier message (lifecycle-migration.ts); none for a plain message. */
  readonly action?: MessageAction | undefined;
  /** The message a reply or an action is about. */
  readonly target?: Uint8Array | undefined;
  /** A timer action: the conversation's new timer in seconds (0 = off). */
  readonly timerSeconds?: number | undefined;
  /** An action waiting for its target to arrive. */
  readonly held?: boolean | undefined;
  /** The disappearing timer (seconds) in force when the message was written or stored here. */
  readonly disappearAfter?: number | undefined;
  /** When the message expires here (unix ms); set when written, or when read for an incoming one. */
  readonly expiresAt?: number | undefined;
}

/** What a message row is besides a plain message. */
export type MessageAction = 'reply' | 'edit' | 'delete' | 'react' | 'timer';

/** 0 = there; 1 = deleted for everyone (a tombstone); 2 = gone from history (expired, or deleted for me). */
export type DeletedMark = 0 | 1 | 2;

/** A stored message. */
export interface StoredMessage extends NewMessage {
  /** Local ordering key; also the paging cursor. */
  readonly seq: number;
  /** The sender's clock when the text now shown was written by an edit; undefined if never edited. */
  readonly editedAt?: number | undefined;
  readonly deleted: DeletedMark;
}

/** One page of history, oldest message first. */
export interface HistoryPage {
  readonly messages: readonly StoredMessage[];
  /** Pass as `before` to get the next older page; undefined when there is none. */
  readonly before: number | undefined;
}

interface MessageRow {
  seq: number;
  id: Buffer;
  conversation: string;
  direction: MessageDirection;
  body: string;
  created_at: number;
  received_at: number;
  state: MessageState;
  action: MessageAction | null;
  target: Buffer | null;
  timer_seconds: number | null;
  held: number;
  edited_at: number | null;
  deleted: DeletedMark;
  disappear_after: number | null;
  expires_at: number | null;
}

const COLUMNS =
  'seq, id, conversation, direction, body, created_at, received_at, state, action, target, timer_seconds, held, edited_at, deleted, disappear_after, expires_at';
/** History shows messages, replies and timer lines that are not gone; actions and held rows stay out of it. */
const IN_HISTORY = `(action IS NULL OR action IN ('reply', 'timer')) AND deleted < 2 AND held = 0`;
/** Rows {@link MessagesRepository.search} reads at a time. */
const SEARCH_PAGE_ROWS = 500;

/** Reads and writes messages. */
export class MessagesRepository {
  readonly #insert: Query<never>;
  readonly #get: Query<MessageRow>;
  readonly #pageNewest: Query<MessageRow>;
  readonly #pageBefore: Query<MessageRow>;
  readonly #advance: Query<never>;
  readonly #unread: Query<{ count: number }>;
  readonly #unreadBytes: Query<{ bytes: number }>;
  readonly #markRead: Query<{ id: Buffer }>;

  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
    this.#insert = sql.prepare(
      `INSERT INTO messages (id, conversation, direction, body, created_at, received_at, state,
         action, target, timer_seconds, held, disappear_after, expires_at)
       VALUES (@id, @conversation, @direction, @body, @createdAt, @receivedAt, @state,
         @action, @target, @timerSeconds, @held, @disappearAfter, @expiresAt) ON CONFLICT (id) DO NOTHING`,
    );
    this.#get = sql.prepare(`SELECT ${COLUMNS} FROM messages WHERE id = @id`);
    this.#pageNewest = sql.prepare(
      `SELECT ${COLUMNS} FROM messages WHERE conversation = @conversation AND ${IN_HISTORY} ORDER BY seq DESC LIMIT @limit`,
    );
    this.#pageBefore = sql.prepare(
      `SELECT ${COLUMNS} FROM messages WHERE conversation = @conversation AND seq < @before AND ${IN_HISTORY}
       ORDER BY seq DESC LIMIT @limit`,
    );
    this.#advance = sql.prepare(
      `UPDATE messages SET state = @state
       WHERE id = @id AND ((direction = 'out' AND @outgoing) OR (direction = 'in' AND @incoming)) AND ${RANK_SQL} < @rank`,
    );
    this.#unread = sql.prepare(
      `SELECT count(*) AS count FROM messages WHERE conversation = @conversation AND direction = 'in' AND state = 'received'`,
    );
    this.#unreadBytes = sql.prepare(
      `SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) AS bytes FROM messages
       WHERE conversation = @conversation AND direction = 'in' AND state = 'received'`,
    );
    this.#markRead = sql.prepare(
      `UPDATE messages SET state = 'read',
         expires_at = CASE WHEN disappear_after > 0 THEN @now + disappear_after * 1000 ELSE expires_at END
       WHERE conversation = @conversation AND direction = 'in' AND state = 'received' RETURNING id`,
    );
  }

  /**
   * Stores a message unless one with the same id exists (dedupe: peers and relays resend until
   * acknowledged). Returns true if it was new. The first copy wins; a later one with the same id
   * and other content is dropped.
   */
  insertIfAbsent(message: NewMessage): boolean {
    assertBytes(message.id, MESSAGE_ID_BYTES, 'id');
    assertOneOf(message.direction, ['in', 'out'], 'direction');
    assertOneOf(message.state, message.direction === 'out' ? OUTGOING_STATES : INCOMING_STATES, 'state');
    assertText(message.body, 'body');
    assertTime(message.createdAt, 'createdAt');
    assertTime(message.receivedAt, 'receivedAt');
    const changes = this.#insert.run({
      id: blob(message.id),
      conversation: checkedOnion(message.conversation),
      direction: message.direction,
      body: message.body,
      createdAt: message.createdAt,
      receivedAt: message.receivedAt,
      state: message.state,
      action: message.action ?? null,
      target: message.target === undefined ? null : blob(message.target),
      timerSeconds: message.timerSeconds ?? null,
      held: message.held === true ? 1 : 0,
      disappearAfter: message.disappearAfter ?? null,
      expiresAt: message.expiresAt ?? null,
    });
    return changes === 1;
  }

  /** The message with this id, or undefined. */
  get(id: Uint8Array): StoredMessage | undefined {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    const row = this.#get.get({ id: blob(id) });
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * Moves a message's state forward (sending → sent → delivered → read; received → read).
   * Returns false when nothing changed: unknown id, a state of the other direction, or not forward.
   */
  advanceState(id: Uint8Array, state: MessageState): boolean {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    assertOneOf(state, ALL_STATES, 'state');
    return (
      this.#advance.run({
        id: blob(id),
        state,
        rank: STATE_RANK[state],
        outgoing: (OUTGOING_STATES as readonly string[]).includes(state) ? 1 : 0,
        incoming: (INCOMING_STATES as readonly string[]).includes(state) ? 1 : 0,
      }) === 1
    );
  }

  /**
   * Up to `limit` messages of a conversation older than the cursor `before` (the newest ones
   * when `before` is undefined), oldest first.
   *
   * @example
   * let page = store.messages.page(friend, { limit: 50 });
   * while (page.before !== undefined) page = store.messages.page(friend, { before: page.before, limit: 50 });
   */
  page(
    conversation: OnionAddress,
    options: { readonly before?: number | undefined; readonly limit: number },
  ): HistoryPage {
    assertLimit(options.limit, MAX_PAGE_SIZE, 'limit');
    const params = { conversation: checkedOnion(conversation), limit: options.limit + 1 };
    let rows: MessageRow[];
    if (options.before === undefined) {
      rows = this.#pageNewest.all(params);
    } else {
      assertTime(options.before, 'before');
      rows = this.#pageBefore.all({ ...params, before: options.before });
    }
    // One extra row tells whether an older page exists without a count query.
    const more = rows.length > options.limit;
    const messages = rows.slice(0, options.limit).reverse().map(fromRow);
    return { messages, before: more ? messages[0]?.seq : undefined };
  }

  /** How many incoming messages of the conversation are not read yet. */
  unreadCount(conversation: OnionAddress): number {
    return this.#unread.get({ conversation: checkedOnion(conversation) })?.count ?? 0;
  }

  /** UTF-8 bytes of the incoming messages of the conversation not read yet (chat's per-friend budget). */
  unreadBytes(conversation: OnionAddress): number {
    return this.#unreadBytes.get({ conversation: checkedOnion(conversation) })?.bytes ?? 0;
  }

  /**
   * Up to `limit` messages, newest first, whose body `matches` (a conversation's, or every
   * conversation's). The body is compared in JavaScript, not SQL, so that case folding covers
   * every script (SQLite's LIKE folds ASCII only); rows are read a page at a time.
   */
  search(
    matches: (body: string) => boolean,
    options: { readonly conversation?: OnionAddress | undefined; readonly limit: number },
  ): StoredMessage[] {
    assertLimit(options.limit, MAX_PAGE_SIZE, 'limit');
    const page = this.#sql.prepare<MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE (@conversation IS NULL OR conversation = @conversation) AND seq < @before AND ${IN_HISTORY}
       ORDER BY seq DESC LIMIT ${SEARCH_PAGE_ROWS}`,
    );
    const conversation = options.conversation === undefined ? null : checkedOnion(options.conversation);
    const found: StoredMessage[] = [];
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = page.all({ conversation, before });
      for (const row of rows) {
        if (matches(row.body)) found.push(fromRow(row));
        if (found.length === options.limit) return found;
      }
      if (rows.length < SEARCH_PAGE_ROWS) return found;
      before = rows.at(-1)?.seq ?? 0;
    }
  }

  /**
   * Marks every unread incoming message of the conversation read, which starts the clock of
   * those with a disappearing timer (`now`, unix ms); returns their ids (for read receipts).
   */
  markRead(conversation: OnionAddress, now: number): Uint8Array[] {
    return this.#markRead.all({ conversation: checkedOnion(conversation), now }).map((row) => new Uint8Array(row.id));
  }
}

function fromRow(row: MessageRow): StoredMessage {
  return {
    seq: row.seq,
    id: new Uint8Array(row.id),
    conversation: row.conversation as OnionAddress,
    direction: row.direction,
    body: row.body,
    createdAt: row.created_at,
    receivedAt: row.received_at,
    state: row.state,
    ...(row.action === null ? {} : { action: row.action }),
    ...(row.target === null ? {} : { target: new Uint8Array(row.target) }),
    ...(row.timer_seconds === null ? {} : { timerSeconds: row.timer_seconds }),
    ...(row.held === 1 ? { held: true } : {}),
    ...(row.edited_at === null ? {} : { editedAt: row.edited_at }),
    deleted: row.deleted,
    ...(row.disappear_after === null ? {} : { disappearAfter: row.disappear_after }),
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
  };
}
