/**
 * Burrow's database schema: every migration, oldest first. The first two create the identity,
 * contacts, messages and outbox tables; each later service brings its own SQL from its store/
 * folder. This module and profile-store.ts are the only parts of src/store/ that know the
 * services (docs/ARCHITECTURE.md "Storage").
 */
import { V3_GROUPS, V9_GROUP_CHECKPOINTS, V10_GROUP_READ_TIMES } from '../groups/store/migrations.js';
import { RELAY_MIGRATION_SQL } from '../relay/store/migrations.js';
import { FILES_MIGRATION_SQL, V11_FILE_EXPIRY } from '../files/store/migrations.js';
import { V7_CHAT_LIFECYCLE } from '../chat/store/lifecycle-migration.js';
import { ENDPOINTS_MIGRATION_SQL } from '../contacts/store/endpoint-migrations.js';
import { WALLS_MIGRATION_SQL } from '../walls/store/migrations.js';
import type { Migration } from './migrations.js';

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

// Preferences that decide what peers may do to us (store/protected-preferences.ts), out of
// reach of whoever can write preferences.json but not unlock the profile.
const V6_SETTINGS = `
CREATE TABLE settings (
  key   TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;

/** Burrow's migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { version: 1, description: 'identity, contacts, messages, outbox', up: V1_CONTACTS_CHAT },
  { version: 2, description: "contacts: the peer's announced display name", up: V2_CONTACT_DISPLAY_NAME },
  { version: 3, description: 'groups: ops, messages, read position, invitations', up: V3_GROUPS },
  { version: 4, description: 'relay: held envelopes, provenance, inbox, outgoing envelopes', up: RELAY_MIGRATION_SQL },
  { version: 5, description: 'files: manifests, shares, offers, downloads', up: FILES_MIGRATION_SQL },
  { version: 6, description: 'settings: the protected preferences', up: V6_SETTINGS },
  { version: 7, description: 'chat: edits, deletes, replies, reactions, disappearing timers', up: V7_CHAT_LIFECYCLE },
  { version: 8, description: 'contacts: private endpoints per friend', up: ENDPOINTS_MIGRATION_SQL },
  { version: 9, description: 'groups: membership-log checkpoints', up: V9_GROUP_CHECKPOINTS },
  { version: 10, description: 'groups: when each message was read (disappearing timers)', up: V10_GROUP_READ_TIMES },
  { version: 11, description: 'files: received files under a disappearing timer', up: V11_FILE_EXPIRY },
  { version: 12, description: 'walls: epoch keys, readers of our epochs, items', up: WALLS_MIGRATION_SQL },
]);

/** The schema version this code writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
