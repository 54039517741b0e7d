/**
 * Tables of the offline relay (src/relay/, docs/ARCHITECTURE.md "Services/Relay"): what this node holds
 * for friends and remembers about envelope ids (provenance, so receipts travel back the same
 * way), the envelope ids addressed to us (exactly-once delivery, receipts to repeat), and our
 * own outgoing envelopes with their receipt secrets. All of it lives in the encrypted profile:
 * which friend handed us what, and to whom we write, is metadata worth protecting.
 *
 * Rows mirror src/relay/engine-state.ts; `seq` keeps the engine's oldest-first order (eviction
 * takes the oldest first) across restarts.
 */

/** The relay's schema (one migration). */
export const RELAY_MIGRATION_SQL = `
CREATE TABLE relay_held (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
  tag               BLOB    NOT NULL CHECK (length(tag) = 16),
  expiry            INTEGER NOT NULL CHECK (expiry > 0),
  commitment        BLOB    NOT NULL CHECK (length(commitment) = 32),
  size              INTEGER NOT NULL CHECK (size > 0),
  -- The friend whose quota the copy counts against; NULL for our own envelope.
  owner             TEXT    CHECK (owner IS NULL OR length(owner) = 56),
  pass_on_hops      INTEGER NOT NULL CHECK (pass_on_hops >= -1),
  state             TEXT    NOT NULL CHECK (state IN ('held', 'gone', 'released')),
  -- The encoded envelope while held; NULL once it is gone or released.
  envelope          BLOB    CHECK ((state = 'held') = (envelope IS NOT NULL)),
  gone_reason       TEXT    CHECK (gone_reason IS NULL OR gone_reason IN ('expired', 'evicted', 'rejected')),
  release_kind      TEXT    CHECK (release_kind IS NULL OR release_kind IN ('receipt', 'withdrawal')),
  release_secret    BLOB    CHECK ((release_kind IS NULL) = (release_secret IS NULL)),
  release_signature BLOB    CHECK ((release_kind = 'receipt') = (release_signature IS NOT NULL)),
  -- JSON: {"peers": [[onion, mark]…], "releasedTo": [onion…], "dropNotice": {"reason", "pending": [onion…]} | null}
  provenance        TEXT    NOT NULL
) STRICT;

CREATE TABLE relay_inbox (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
  state             TEXT    NOT NULL CHECK (state IN ('delivered', 'rejected')),
  expiry            INTEGER NOT NULL,
  receipt_secret    BLOB,
  receipt_signature BLOB,
  CHECK ((state = 'delivered') = (receipt_secret IS NOT NULL AND receipt_signature IS NOT NULL))
) STRICT;

CREATE TABLE relay_outgoing (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  envelope_id    BLOB    NOT NULL UNIQUE CHECK (length(envelope_id) = 16),
  -- The node's reference: the chat message id in hex, or a group item's.
  ref            TEXT    NOT NULL,
  recipient      TEXT    NOT NULL CHECK (length(recipient) = 56),
  recipient_key  BLOB    NOT NULL CHECK (length(recipient_key) = 32),
  commitment     BLOB    NOT NULL CHECK (length(commitment) = 32),
  expiry         INTEGER NOT NULL,
  state          TEXT    NOT NULL CHECK (state IN ('waiting-on-sender', 'held-by-friends', 'delivered', 'dropped')),
  drop_reason    TEXT    CHECK ((state = 'dropped') = (drop_reason IS NOT NULL)),
  -- JSON array of the friends that say they hold it.
  holders        TEXT    NOT NULL,
  -- Lets us withdraw the envelope; NULL once it is done with.
  receipt_secret BLOB    CHECK (receipt_secret IS NULL OR length(receipt_secret) = 32)
) STRICT;

CREATE INDEX relay_outgoing_by_ref ON relay_outgoing (ref);
`;
