/**
 * Groups at rest (schema: groups/store/migrations.ts): each group's signed membership ops and
 * messages as wire bytes, the user's read position, and the pending invitations. The group
 * service decodes and checks everything again when it loads it (not the ops' signatures: only
 * verified ops are stored, under the profile key); this layer only keeps bytes
 * and ids straight.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertOneOf, assertText, assertTime, checkedOnion } from '../../store/validate.js';

/** Bytes of a group, op or message id (SHA-256). */
export const GROUP_ROW_ID_BYTES = 32;
/** Bytes of an invitation id. */
export const GROUP_INVITE_ROW_ID_BYTES = 16;

/** A group message to store. */
export interface NewGroupMessage {
  readonly groupId: Uint8Array;
  readonly messageId: Uint8Array;
  /** Its (verified) sender, for unread counts. */
  readonly sender: OnionAddress;
  /** Its wire bytes. */
  readonly body: Uint8Array;
  /** When this device stored it, ms since the epoch. */
  readonly receivedAt: number;
}

/** Which part of the invitation book a row is (see the group service's `InviteRecord`). */
export type GroupInviteKind = 'outgoing' | 'incoming' | 'join' | 'answered';

const INVITE_KINDS: readonly GroupInviteKind[] = ['outgoing', 'incoming', 'join', 'answered'];

/** One stored invitation row. Fields a kind does not use are undefined. */
export interface StoredGroupInvite {
  readonly kind: GroupInviteKind;
  readonly inviteId: Uint8Array;
  readonly groupId: Uint8Array | undefined;
  readonly peer: OnionAddress | undefined;
  /** The group's name (outgoing, incoming) or the name we announce (join). */
  readonly name: string | undefined;
  readonly memberCount: number | undefined;
  readonly at: number;
}

interface InviteRow {
  kind: GroupInviteKind;
  invite_id: Buffer;
  group_id: Buffer | null;
  peer: string | null;
  name: string | null;
  member_count: number | null;
  at: number;
}

/** Reads and writes groups. */
export class GroupsRepository {
  readonly #insertGroup: Query<never>;
  readonly #groupIds: Query<{ group_id: Buffer }>;
  readonly #deleteGroup: Query<never>;
  readonly #insertOp: Query<never>;
  readonly #ops: Query<{ body: Buffer }>;
  readonly #insertMessage: Query<never>;
  readonly #deleteMessage: Query<never>;
  readonly #rewriteMessage: Query<never>;
  readonly #timerStarts: Query<{ message_id: Buffer; started_at: number }>;
  readonly #unreadIds: Query<{ message_id: Buffer }>;
  readonly #timerStart: Query<{ started_at: number | null }>;
  readonly #messages: Query<{ body: Buffer }>;
  readonly #unread: Query<{ count: number }>;
  readonly #markRead: Query<never>;
  readonly #stampRead: Query<never>;
  readonly #insertInvite: Query<never>;
  readonly #clearInvites: Query<never>;
  readonly #invites: Query<InviteRow>;
  readonly #checkpoint: Query<{ cut_depth: number; through_seq: number; state: Buffer }>;
  readonly #opsAfter: Query<{ body: Buffer }>;
  readonly #op: Query<{ body: Buffer }>;
  readonly #putCheckpoint: Query<never>;

  constructor(sql: Sql) {
    this.#insertGroup = sql.prepare(
      'INSERT INTO groups (group_id, joined_at) VALUES (@groupId, @at) ON CONFLICT (group_id) DO NOTHING',
    );
    this.#groupIds = sql.prepare('SELECT group_id FROM groups ORDER BY group_id');
    this.#deleteGroup = sql.prepare('DELETE FROM groups WHERE group_id = @groupId');
    this.#insertOp = sql.prepare(
      `INSERT INTO group_ops (op_id, group_id, body, seq)
       VALUES (@opId, @groupId, @body, (SELECT coalesce(max(seq), 0) + 1 FROM group_ops WHERE group_id = @groupId))
       ON CONFLICT (op_id) DO NOTHING`,
    );
    this.#ops = sql.prepare('SELECT body FROM group_ops WHERE group_id = @groupId');
    this.#insertMessage = sql.prepare(
      `INSERT INTO group_messages (message_id, group_id, sender, body, received_at)
       VALUES (@messageId, @groupId, @sender, @body, @receivedAt) ON CONFLICT (message_id) DO NOTHING`,
    );
    this.#deleteMessage = sql.prepare('DELETE FROM group_messages WHERE message_id = @messageId');
    this.#rewriteMessage = sql.prepare('UPDATE group_messages SET body = @body WHERE message_id = @messageId');
    // A disappearing timer runs from when a message was read here, or written, for our own.
    this.#timerStarts = sql.prepare(
      `SELECT message_id, CASE WHEN sender = @self THEN received_at ELSE read_at END AS started_at
       FROM group_messages WHERE group_id = @groupId AND (sender = @self OR read_at IS NOT NULL)`,
    );
    this.#timerStart = sql.prepare(
      `SELECT CASE WHEN sender = @self THEN received_at ELSE read_at END AS started_at
       FROM group_messages WHERE message_id = @messageId`,
    );
    this.#unreadIds = sql.prepare(
      `SELECT m.message_id FROM group_messages m JOIN groups g ON g.group_id = m.group_id
       WHERE m.group_id = @groupId AND m.seq > g.read_seq AND m.sender <> @self`,
    );
    this.#messages = sql.prepare('SELECT body FROM group_messages WHERE group_id = @groupId ORDER BY seq');
    this.#unread = sql.prepare(
      `SELECT count(*) AS count FROM group_messages m JOIN groups g ON g.group_id = m.group_id
       WHERE m.group_id = @groupId AND m.seq > g.read_seq AND m.sender <> @self`,
    );
    this.#markRead = sql.prepare(
      `UPDATE groups SET read_seq = (SELECT coalesce(max(seq), 0) FROM group_messages WHERE group_id = @groupId)
       WHERE group_id = @groupId AND read_seq < (SELECT coalesce(max(seq), 0) FROM group_messages WHERE group_id = @groupId)`,
    );
    this.#stampRead = sql.prepare(
      `UPDATE group_messages SET read_at = @now WHERE group_id = @groupId AND read_at IS NULL
       AND seq <= (SELECT read_seq FROM groups WHERE group_id = @groupId)`,
    );
    this.#insertInvite = sql.prepare(
      `INSERT INTO group_invites (kind, invite_id, group_id, peer, name, member_count, at)
       VALUES (@kind, @inviteId, @groupId, @peer, @name, @memberCount, @at)`,
    );
    this.#checkpoint = sql.prepare(
      'SELECT cut_depth, through_seq, state FROM group_checkpoints WHERE group_id = @groupId',
    );
    this.#putCheckpoint = sql.prepare(
      `INSERT INTO group_checkpoints (group_id, cut_depth, through_seq, state)
       VALUES (@groupId, @cutDepth, (SELECT coalesce(max(seq), 0) FROM group_ops WHERE group_id = @groupId), @state)
       ON CONFLICT (group_id) DO UPDATE
       SET cut_depth = excluded.cut_depth, through_seq = excluded.through_seq, state = excluded.state`,
    );
    this.#opsAfter = sql.prepare('SELECT body FROM group_ops WHERE group_id = @groupId AND seq > @seq');
    this.#op = sql.prepare('SELECT body FROM group_ops WHERE op_id = @opId AND group_id = @groupId');
    this.#clearInvites = sql.prepare('DELETE FROM group_invites');
    this.#invites = sql.prepare(
      'SELECT kind, invite_id, group_id, peer, name, member_count, at FROM group_invites ORDER BY at, kind, invite_id',
    );
  }

  /** Records a group (before its first op); returns false if it was already there. */
  insertGroup(groupId: Uint8Array, at: number): boolean {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    assertTime(at, 'at');
    return this.#insertGroup.run({ groupId: blob(groupId), at }) === 1;
  }

  /** Every group held, by id. */
  groupIds(): Uint8Array[] {
    return this.#groupIds.all().map((row) => new Uint8Array(row.group_id));
  }

  /** Deletes a group with its ops and messages; returns false if there was none. */
  deleteGroup(groupId: Uint8Array): boolean {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    return this.#deleteGroup.run({ groupId: blob(groupId) }) === 1;
  }

  /** Stores a membership op of a stored group; returns false if it was already there. */
  insertOp(groupId: Uint8Array, opId: Uint8Array, body: Uint8Array): boolean {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    assertBytes(opId, GROUP_ROW_ID_BYTES, 'opId');
    if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
    return this.#insertOp.run({ groupId: blob(groupId), opId: blob(opId), body: blob(body) }) === 1;
  }

  /**
   * The group's membership-log checkpoint, if one was stored: its bytes, its cut's depth, and
   * the last op stored before it was written (see {@link opsAfter}).
   */
  checkpoint(
    groupId: Uint8Array,
  ): { readonly cutDepth: number; readonly throughSeq: number; readonly state: Uint8Array } | undefined {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    const row = this.#checkpoint.get({ groupId: blob(groupId) });
    if (row === undefined) return undefined;
    return { cutDepth: row.cut_depth, throughSeq: row.through_seq, state: new Uint8Array(row.state) };
  }

  /** Stores (or replaces) the group's checkpoint, as of the ops stored so far. */
  putCheckpoint(groupId: Uint8Array, cutDepth: number, state: Uint8Array): void {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    if (!Number.isSafeInteger(cutDepth) || cutDepth < 0) throw new TypeError('cutDepth must be a natural number');
    this.#putCheckpoint.run({ groupId: blob(groupId), cutDepth, state: blob(state) });
  }

  /** The wire bytes of every op of a group (any order). */
  ops(groupId: Uint8Array): Uint8Array[] {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    return this.#ops.all({ groupId: blob(groupId) }).map((row) => new Uint8Array(row.body));
  }

  /** The wire bytes of the ops of a group stored after its `throughSeq`-th (any order). */
  opsAfter(groupId: Uint8Array, throughSeq: number): Uint8Array[] {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    return this.#opsAfter.all({ groupId: blob(groupId), seq: throughSeq }).map((row) => new Uint8Array(row.body));
  }

  /** The wire bytes of one op of a group. */
  op(groupId: Uint8Array, opId: Uint8Array): Uint8Array | undefined {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    assertBytes(opId, GROUP_ROW_ID_BYTES, 'opId');
    const row = this.#op.get({ groupId: blob(groupId), opId: blob(opId) });
    return row === undefined ? undefined : new Uint8Array(row.body);
  }

  /** Stores a message of a stored group; returns false if one with its id was already there. */
  insertMessage(message: NewGroupMessage): boolean {
    assertBytes(message.groupId, GROUP_ROW_ID_BYTES, 'groupId');
    assertBytes(message.messageId, GROUP_ROW_ID_BYTES, 'messageId');
    if (!(message.body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
    assertTime(message.receivedAt, 'receivedAt');
    return (
      this.#insertMessage.run({
        groupId: blob(message.groupId),
        messageId: blob(message.messageId),
        sender: checkedOnion(message.sender),
        body: blob(message.body),
        receivedAt: message.receivedAt,
      }) === 1
    );
  }

  /** Deletes a message (retracted by a membership change); returns false if there was none. */
  deleteMessage(messageId: Uint8Array): boolean {
    assertBytes(messageId, GROUP_ROW_ID_BYTES, 'messageId');
    return this.#deleteMessage.run({ messageId: blob(messageId) }) === 1;
  }

  /**
   * Replaces a message's stored bytes (with its redacted record: its text gone, overwritten by
   * `secure_delete`; the caller scrubs the WAL after the commit). Returns false if there was none.
   */
  rewriteMessage(messageId: Uint8Array, body: Uint8Array): boolean {
    assertBytes(messageId, GROUP_ROW_ID_BYTES, 'messageId');
    if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
    return this.#rewriteMessage.run({ messageId: blob(messageId), body: blob(body) }) === 1;
  }

  /**
   * When a message's disappearing timer started here (unix ms): when it was read, or stored,
   * for one of `self`'s. Undefined for one not read yet (or not stored).
   */
  timerStart(messageId: Uint8Array, self: OnionAddress): number | undefined {
    assertBytes(messageId, GROUP_ROW_ID_BYTES, 'messageId');
    return this.#timerStart.get({ messageId: blob(messageId), self: checkedOnion(self) })?.started_at ?? undefined;
  }

  /** {@link timerStart} of every message of a group whose timer started, by message id (hex). */
  timerStarts(groupId: Uint8Array, self: OnionAddress): Map<string, number> {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    const rows = this.#timerStarts.all({ groupId: blob(groupId), self: checkedOnion(self) });
    return new Map(rows.map((row) => [Buffer.from(row.message_id).toString('hex'), row.started_at]));
  }

  /** The wire bytes of every message of a group, in the order they were stored. */
  messages(groupId: Uint8Array): Uint8Array[] {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    return this.#messages.all({ groupId: blob(groupId) }).map((row) => new Uint8Array(row.body));
  }

  /** Messages of others stored since the user last read the group. */
  unreadCount(groupId: Uint8Array, self: OnionAddress): number {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    return this.#unread.get({ groupId: blob(groupId), self: checkedOnion(self) })?.count ?? 0;
  }

  /** The ids (hex) of the messages of others stored since the group was last read. */
  unreadIds(groupId: Uint8Array, self: OnionAddress): string[] {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    const rows = this.#unreadIds.all({ groupId: blob(groupId), self: checkedOnion(self) });
    return rows.map((row) => Buffer.from(row.message_id).toString('hex'));
  }

  /**
   * Marks every stored message of the group read at `now` (the read time of those read for the
   * first time); returns false if nothing was unread.
   */
  markRead(groupId: Uint8Array, now: number): boolean {
    assertBytes(groupId, GROUP_ROW_ID_BYTES, 'groupId');
    assertTime(now, 'now');
    const moved = this.#markRead.run({ groupId: blob(groupId) }) === 1;
    this.#stampRead.run({ groupId: blob(groupId), now });
    return moved;
  }

  /** Replaces every stored invitation with `invites` (the book is small: at most a few hundred rows). */
  replaceInvites(invites: readonly StoredGroupInvite[]): void {
    for (const invite of invites) checkInvite(invite);
    this.#clearInvites.run();
    for (const invite of invites) {
      this.#insertInvite.run({
        kind: invite.kind,
        inviteId: blob(invite.inviteId),
        groupId: invite.groupId === undefined ? null : blob(invite.groupId),
        peer: invite.peer ?? null,
        name: invite.name ?? null,
        memberCount: invite.memberCount ?? null,
        at: invite.at,
      });
    }
  }

  /** Every stored invitation, oldest first. */
  invites(): StoredGroupInvite[] {
    return this.#invites.all().map((row) => ({
      kind: row.kind,
      inviteId: new Uint8Array(row.invite_id),
      groupId: row.group_id === null ? undefined : new Uint8Array(row.group_id),
      peer: row.peer === null ? undefined : (row.peer as OnionAddress),
      name: row.name ?? undefined,
      memberCount: row.member_count ?? undefined,
      at: row.at,
    }));
  }
}

function checkInvite(invite: StoredGroupInvite): void {
  assertOneOf(invite.kind, INVITE_KINDS, 'invite.kind');
  assertBytes(invite.inviteId, GROUP_INVITE_ROW_ID_BYTES, 'invite.inviteId');
  assertTime(invite.at, 'invite.at');
  if (invite.groupId !== undefined) assertBytes(invite.groupId, GROUP_ROW_ID_BYTES, 'invite.groupId');
  if (invite.peer !== undefined) checkedOnion(invite.peer);
  if (invite.name !== undefined) assertText(invite.name, 'invite.name');
  if (invite.memberCount !== undefined) assertTime(invite.memberCount, 'invite.memberCount');
}
