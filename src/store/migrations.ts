/**
 * The database schema as an ordered list of migrations. A profile records every version it has
 * applied in `schema_version`; opening it applies the missing ones, each in its own transaction
 * together with its version row, so a crash mid-migration leaves the previous version intact.
 *
 * To extend the schema (groups, files, relay), append a migration; never edit a released one.
 */
import { profileTooNew } from './errors.js';
import { V3_GROUPS } from '../groups/store/migrations.js';
import { RELAY_MIGRATION_SQL } from '../relay/store/migrations.js';
import type { Sql } from './sql.js';
import { FILES_MIGRATION_SQL } from '../files/store/migrations.js';

/** One schema step. */
export interface Migration {
  /** 1, 2, 3 … in order, no gaps. */
  readonly version: number;
  readonly description: string;
  /** SQL run as one script. */
  readonly up: string;
}

// STRICT tables (SQLite ≥ 3.37) reject values of the wrong type instead of silently storing them.
const V1_CONTACTS_CHAT = `
CREATE TABLE identity (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  seed         BLOB    NOT NULL CHECK (length(seed) = 32),
  display_name TEXT    NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE contacts (
  onion           TEXT    PRIMARY KEY CHECK (length(onion) = 56),
  state           TEXT    NOT NULL CHECK (state IN ('outgoing-request', 'incoming-request', 'friend', 'blocked', 'rejected')),
  nickname        TEXT,
  request_message TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  last_seen       INTEGER
) STRICT, WITHOUT ROWID;

-- seq is the local ordering key: the rowid, AUTOINCREMENT so it never goes back even after the
-- newest row is deleted, which keeps "before <seq>" cursors stable. id is the message's identity
-- (acks, dedupe) and is UNIQUE; making it the physical key instead would scatter inserts of
-- random ids across the whole table.
CREATE TABLE messages (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
  conversation TEXT    NOT NULL REFERENCES contacts (onion),
  direction    TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  body         TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  state        TEXT    NOT NULL CHECK (
    (direction = 'out' AND state IN ('sending', 'sent', 'delivered', 'read')) OR
    (direction = 'in'  AND state IN ('received', 'read')))
) STRICT;

-- Paged history: WHERE conversation = ? AND seq < ? ORDER BY seq DESC LIMIT ?
CREATE INDEX messages_by_conversation ON messages (conversation, seq);
-- Unread counts and "mark read" touch only unread incoming rows.
CREATE INDEX messages_unread ON messages (conversation) WHERE direction = 'in' AND state = 'received';

CREATE TABLE outbox (
  message_id      BLOB    PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX outbox_by_due ON outbox (next_attempt_at);
`;

// The name a peer announces (contact request, contact accept) is kept apart from the nickname,
// which stays the user's own choice; the UI shows nickname > announced name > onion address.
const V2_CONTACT_DISPLAY_NAME = `
ALTER TABLE contacts ADD COLUMN display_name TEXT;
`;

/** Burrow's migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { version: 1, description: 'identity, contacts, messages, outbox', up: V1_CONTACTS_CHAT },
  { version: 2, description: "contacts: the peer's announced display name", up: V2_CONTACT_DISPLAY_NAME },
  { version: 3, description: 'groups: ops, messages, read position, invitations', up: V3_GROUPS },
  { version: 4, description: 'relay: held envelopes, provenance, inbox, outgoing envelopes', up: RELAY_MIGRATION_SQL },
  { version: 5, description: 'files: manifests, shares, offers, downloads', up: FILES_MIGRATION_SQL },
]);

/** The schema version this code writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to the last of `migrations` and returns the versions it applied
 * (empty when already current: running it again is a no-op). Throws `ProfileTooNewError`
 * when the database is ahead of this code.
 */
export function migrate(sql: Sql, dir: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new RangeError(`migration #${index} has version ${migration.version}, expected ${index + 1}`);
  });
  sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT');
  const current = currentSchemaVersion(sql);
  const latest = migrations.length;
  if (current > latest) throw profileTooNew(dir, current, latest);
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    sql.transaction(() => {
      sql.exec(migration.up);
      sql.prepare('INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)').run({ version: migration.version, at: Date.now() });
    });
    applied.push(migration.version);
  }
  return applied;
}

/** The highest applied version, 0 for a new database. */
export function currentSchemaVersion(sql: Sql): number {
  return sql.prepare<{ version: number | null }>('SELECT max(version) AS version FROM schema_version').get()?.version ?? 0;
}
