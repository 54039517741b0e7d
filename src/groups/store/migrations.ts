/**
 * Schema version 3: serverless groups (docs/ARCHITECTURE.md "Services/Groups"). The group service keeps no
 * state of its own beyond these rows: a group is its membership ops and its messages, stored
 * as the signed wire bytes they arrived in (`VerifiedGroupOp.encoded()`,
 * `VerifiedGroupMessage.encoded()`) and checked again when the profile opens (op signatures aside:
 * only verified ops are written here). Epoch keys are
 * not stored apart: each is sealed to us inside an op. The encrypted store is the only place
 * any of it lives (who is in which group is as private as the messages).
 */

/** The SQL of migration 3. */
export const V3_GROUPS = `
-- One row per group held (member or former member). read_seq is the newest group_messages.seq
-- the user has seen: what lies above it from others is unread.
CREATE TABLE groups (
  group_id  BLOB    PRIMARY KEY CHECK (length(group_id) = 32),
  joined_at INTEGER NOT NULL,
  read_seq  INTEGER NOT NULL DEFAULT 0 CHECK (read_seq >= 0)
) STRICT, WITHOUT ROWID;

-- Membership ops: the group's signed log. Any order; the service resolves it.
CREATE TABLE group_ops (
  op_id    BLOB PRIMARY KEY CHECK (length(op_id) = 32),
  group_id BLOB NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
  body     BLOB NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX group_ops_by_group ON group_ops (group_id);

-- Messages, in the order this device stored them (seq: AUTOINCREMENT, so it never goes back
-- and read_seq stays meaningful after deletions). The display order is the service's
-- (Lamport clock, the same on every member), computed from the bodies.
CREATE TABLE group_messages (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id  BLOB    NOT NULL UNIQUE CHECK (length(message_id) = 32),
  group_id    BLOB    NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
  sender      TEXT    NOT NULL CHECK (length(sender) = 56),
  body        BLOB    NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;

CREATE INDEX group_messages_by_group ON group_messages (group_id, seq);

-- Invitations (the service's InviteBook): sent and not answered, received and not answered,
-- accepted and waiting for the group to arrive, and ids already answered. name is the group's
-- name (outgoing, incoming) or the name we announce (join).
CREATE TABLE group_invites (
  kind         TEXT    NOT NULL CHECK (kind IN ('outgoing', 'incoming', 'join', 'answered')),
  invite_id    BLOB    NOT NULL CHECK (length(invite_id) = 16),
  group_id     BLOB    CHECK (group_id IS NULL OR length(group_id) = 32),
  peer         TEXT    CHECK (peer IS NULL OR length(peer) = 56),
  name         TEXT,
  member_count INTEGER,
  at           INTEGER NOT NULL,
  PRIMARY KEY (kind, invite_id)
) STRICT, WITHOUT ROWID;
`;

/**
 * Schema version 9: a checkpoint per group (group-service state-checkpoint.ts): the resolved
 * membership state at a cut of its log, with what the log needs to go on from there, so loading
 * a group reads only the ops stored after it (group_ops.seq, this device's storing order, above
 * through_seq). Derived data, rewritten as the cut moves; one that does not decode or fit is
 * ignored (every op replayed) and rewritten. Ops stored before this version have no seq: they
 * are older than any checkpoint.
 */
export const V9_GROUP_CHECKPOINTS = `
ALTER TABLE group_ops ADD COLUMN seq INTEGER CHECK (seq > 0);
CREATE INDEX group_ops_by_seq ON group_ops (group_id, seq);

CREATE TABLE group_checkpoints (
  group_id    BLOB    PRIMARY KEY REFERENCES groups (group_id) ON DELETE CASCADE,
  cut_depth   INTEGER NOT NULL CHECK (cut_depth >= 0),
  through_seq INTEGER NOT NULL CHECK (through_seq >= 0),
  state       BLOB    NOT NULL
) STRICT, WITHOUT ROWID;
`;

/**
 * Schema version 10: when the user read each group message (docs/PROTOCOL.md "Message lifecycle
 * in groups"). A message under an admin's timer expires that long after it was read here (after
 * it was written, for our own), so the clock of another member's message starts when the read
 * position first passes it. Messages already read before this version count from when they
 * arrived, as they did; unread ones wait for the read.
 */
export const V10_GROUP_READ_TIMES = `
ALTER TABLE group_messages ADD COLUMN read_at INTEGER CHECK (read_at IS NULL OR read_at >= 0);
UPDATE group_messages SET read_at = received_at
  WHERE seq <= (SELECT read_seq FROM groups g WHERE g.group_id = group_messages.group_id);
`;
