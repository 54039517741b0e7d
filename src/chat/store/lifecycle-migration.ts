/**
 * The chat tables for taking messages back (docs/PROTOCOL.md "Message lifecycle").
 *
 * An action (edit, delete, react, timer) is a row of `messages` like any message, so it is
 * queued, resent, relayed, acknowledged and deduplicated by id the same way; `action` tells
 * it apart, and history shows only messages, replies and timer lines. A held action waits
 * for its target (`held = 1`). `deleted`: 1 a tombstone (deleted for everyone), 2 gone from
 * history (expired, or deleted for me); the text of both is overwritten (store/sqlite.ts
 * `secure_delete`), the id stays to drop late copies.
 */
export const V7_CHAT_LIFECYCLE = `
ALTER TABLE messages ADD COLUMN action TEXT CHECK (action IN ('reply', 'edit', 'delete', 'react', 'timer'));
ALTER TABLE messages ADD COLUMN target BLOB CHECK (target IS NULL OR length(target) = 16);
ALTER TABLE messages ADD COLUMN timer_seconds INTEGER;
ALTER TABLE messages ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1, 2));
ALTER TABLE messages ADD COLUMN disappear_after INTEGER;
ALTER TABLE messages ADD COLUMN expires_at INTEGER;

CREATE INDEX messages_expiring ON messages (expires_at) WHERE expires_at IS NOT NULL AND deleted = 0;
CREATE INDEX messages_by_target ON messages (target) WHERE target IS NOT NULL;

CREATE TABLE chat_reactions (
  message_id BLOB    NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  from_me    INTEGER NOT NULL CHECK (from_me IN (0, 1)),
  emoji      TEXT    NOT NULL,
  PRIMARY KEY (message_id, from_me)
) STRICT, WITHOUT ROWID;

CREATE TABLE chat_timers (
  conversation TEXT    PRIMARY KEY REFERENCES contacts (onion),
  seconds      INTEGER NOT NULL CHECK (seconds >= 0)
) STRICT, WITHOUT ROWID;
`;
