/**
 * The store side of taking 1:1 messages back (lifecycle-migration.ts): applying edits and
 * deletes to message rows, held actions, reactions, per-conversation timers and expiry. Every
 * write that drops text overwrites it (`secure_delete`, store/sqlite.ts); the caller scrubs the
 * WAL after the commit (ProfileStore `scrub`).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertText, assertTime, checkedOnion } from '../../store/validate.js';
import { MESSAGE_ID_BYTES } from './messages-repository.js';

/** One person's reaction to a message. */
export interface StoredReaction {
  readonly messageId: Uint8Array;
  readonly fromMe: boolean;
  readonly emoji: string;
}

/** A message whose text went (expired): which conversation to tell. */
export interface GoneMessage {
  readonly id: Uint8Array;
  readonly conversation: OnionAddress;
}

/** Reads and writes the lifecycle columns and tables. */
export class LifecycleRepository {
  readonly #edit: Query<never>;
  readonly #delete: Query<never>;
  readonly #dropReactions: Query<never>;
  readonly #blank: Query<never>;
  readonly #held: Query<{ id: Buffer }>;
  readonly #heldCount: Query<{ count: number }>;
  readonly #release: Query<never>;
  readonly #ownActionsOn: Query<{ id: Buffer }>;
  readonly #react: Query<never>;
  readonly #unreact: Query<never>;
  readonly #reactions: Query<{ from_me: number; emoji: string }>;
  readonly #timer: Query<{ seconds: number }>;
  readonly #setTimer: Query<never>;
  readonly #due: Query<{ id: Buffer; conversation: string }>;
  readonly #nextExpiry: Query<{ at: number | null }>;

  constructor(sql: Sql) {
    this.#edit = sql.prepare(`UPDATE messages SET body = @body, edited_at = @at WHERE id = @id AND deleted = 0`);
    this.#delete = sql.prepare(
      `UPDATE messages SET body = '', edited_at = NULL, deleted = max(deleted, @mark), expires_at = NULL WHERE id = @id`,
    );
    this.#dropReactions = sql.prepare(`DELETE FROM chat_reactions WHERE message_id = @id`);
    this.#blank = sql.prepare(`UPDATE messages SET body = '' WHERE id = @id AND body <> ''`);
    this.#held = sql.prepare(
      `SELECT id FROM messages WHERE conversation = @conversation AND target = @target AND held = 1 ORDER BY seq`,
    );
    this.#heldCount = sql.prepare(
      `SELECT count(*) AS count FROM messages WHERE conversation = @conversation AND held = 1`,
    );
    this.#release = sql.prepare(`UPDATE messages SET held = 0, body = '' WHERE id = @id`);
    this.#ownActionsOn = sql.prepare(
      `SELECT id FROM messages WHERE target = @target AND direction = 'out' AND action IN ('edit', 'react')`,
    );
    this.#react = sql.prepare(
      `INSERT INTO chat_reactions (message_id, from_me, emoji) VALUES (@id, @fromMe, @emoji)
       ON CONFLICT (message_id, from_me) DO UPDATE SET emoji = excluded.emoji`,
    );
    this.#unreact = sql.prepare(`DELETE FROM chat_reactions WHERE message_id = @id AND from_me = @fromMe`);
    this.#reactions = sql.prepare(`SELECT from_me, emoji FROM chat_reactions WHERE message_id = @id ORDER BY from_me`);
    this.#timer = sql.prepare(`SELECT seconds FROM chat_timers WHERE conversation = @conversation`);
    this.#setTimer = sql.prepare(
      `INSERT INTO chat_timers (conversation, seconds) VALUES (@conversation, @seconds)
       ON CONFLICT (conversation) DO UPDATE SET seconds = excluded.seconds`,
    );
    this.#due = sql.prepare(
      `UPDATE messages SET body = '', deleted = 2, expires_at = NULL
       WHERE expires_at IS NOT NULL AND deleted = 0 AND expires_at <= @now RETURNING id, conversation`,
    );
    this.#nextExpiry = sql.prepare(
      `SELECT min(expires_at) AS at FROM messages WHERE expires_at IS NOT NULL AND deleted = 0`,
    );
  }

  /** Shows `body` as the message's text, written at `at` by the author's clock. */
  applyEdit(id: Uint8Array, body: string, at: number): void {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    assertText(body, 'body');
    assertTime(at, 'at');
    this.#edit.run({ id: blob(id), body, at });
  }

  /** Overwrites the message's text and reactions: a tombstone (1) or gone from history (2). */
  applyDelete(id: Uint8Array, mark: 1 | 2): void {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    this.#delete.run({ id: blob(id), mark });
    this.#dropReactions.run({ id: blob(id) });
  }

  /** Overwrites a row's text (an action whose text is applied, or not needed any more). */
  blank(id: Uint8Array): void {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    this.#blank.run({ id: blob(id) });
  }

  /** Ids of the actions of `conversation` held for `target`, in arrival order. */
  heldFor(conversation: OnionAddress, target: Uint8Array): Uint8Array[] {
    assertBytes(target, MESSAGE_ID_BYTES, 'target');
    return this.#held
      .all({ conversation: checkedOnion(conversation), target: blob(target) })
      .map((row) => new Uint8Array(row.id));
  }

  /** How many actions of `conversation` wait for their target. */
  heldCount(conversation: OnionAddress): number {
    return this.#heldCount.get({ conversation: checkedOnion(conversation) })?.count ?? 0;
  }

  /** A held action was applied (or dropped): not held any more, its text overwritten. */
  release(id: Uint8Array): void {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    this.#release.run({ id: blob(id) });
  }

  /** Our own edits and reactions of `target` (a delete makes them moot). */
  ownActionsOn(target: Uint8Array): Uint8Array[] {
    assertBytes(target, MESSAGE_ID_BYTES, 'target');
    return this.#ownActionsOn.all({ target: blob(target) }).map((row) => new Uint8Array(row.id));
  }

  /** Sets (emoji) or removes (undefined) our or the peer's reaction to a message. */
  setReaction(id: Uint8Array, fromMe: boolean, emoji: string | undefined): void {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    if (emoji === undefined) this.#unreact.run({ id: blob(id), fromMe: fromMe ? 1 : 0 });
    else this.#react.run({ id: blob(id), fromMe: fromMe ? 1 : 0, emoji });
  }

  /** The reactions to a message, ours first. */
  reactions(id: Uint8Array): StoredReaction[] {
    assertBytes(id, MESSAGE_ID_BYTES, 'id');
    return this.#reactions
      .all({ id: blob(id) })
      .map((row) => ({ messageId: id, fromMe: row.from_me === 1, emoji: row.emoji }));
  }

  /** The conversation's disappearing timer in seconds (0 = off). */
  timer(conversation: OnionAddress): number {
    return this.#timer.get({ conversation: checkedOnion(conversation) })?.seconds ?? 0;
  }

  setTimer(conversation: OnionAddress, seconds: number): void {
    this.#setTimer.run({ conversation: checkedOnion(conversation), seconds });
  }

  /** Overwrites every message expired at `now` (gone from history); returns them. */
  expire(now: number): GoneMessage[] {
    return this.#due
      .all({ now })
      .map((row) => ({ id: new Uint8Array(row.id), conversation: row.conversation as OnionAddress }));
  }

  /** When the next message expires (unix ms), if any does. */
  nextExpiry(): number | undefined {
    return this.#nextExpiry.get()?.at ?? undefined;
  }
}
