/**
 * Schema of walls (docs/ARCHITECTURE.md "Services/Walls"). Who reads our wall and what friends
 * post are metadata: they live in the encrypted store.
 *
 * - `wall_keys`: every epoch key we hold, of our wall (owner = us) and of friends' walls.
 * - `wall_epoch_readers`: for our own wall's epochs only, whom each key was sealed to. Nobody
 *   else is ever told.
 * - `wall_items`: every item held, as it came (ciphertext under its epoch key), by wall and seq;
 *   `direct` = 1 when it came from the owner (a sync or a push, in order), 0 through the relay:
 *   the high-water mark asked from is the highest direct seq.
 */
export const WALLS_MIGRATION_SQL = `
CREATE TABLE wall_keys (
  owner      TEXT    NOT NULL,
  epoch      BLOB    NOT NULL CHECK (length(epoch) = 16),
  key        BLOB    NOT NULL CHECK (length(key) = 32),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (owner, epoch)
) STRICT, WITHOUT ROWID;

CREATE TABLE wall_epoch_readers (
  epoch  BLOB NOT NULL CHECK (length(epoch) = 16),
  reader TEXT NOT NULL,
  PRIMARY KEY (epoch, reader)
) STRICT, WITHOUT ROWID;

CREATE TABLE wall_items (
  owner       TEXT    NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  epoch       BLOB    NOT NULL CHECK (length(epoch) = 16),
  nonce       BLOB    NOT NULL CHECK (length(nonce) = 24),
  ciphertext  BLOB    NOT NULL,
  direct      INTEGER NOT NULL CHECK (direct IN (0, 1)),
  received_at INTEGER NOT NULL,
  PRIMARY KEY (owner, seq)
) STRICT;
`;
