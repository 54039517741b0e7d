/**
 * Schema of file sharing (one migration in migrations.ts; docs/ARCHITECTURE.md "Services/Files"). What
 * was offered to whom, file names, where a download is saved and how far it got are metadata
 * about who talks to whom, so they live here, in the encrypted store; only the file bytes
 * themselves go to the `.part` file in the folder the user chose.
 *
 * - `file_manifests`: one row per file id. `chunk_hashes` is the whole verified hash list
 *   (`complete` = 1), or, for an offered file whose list is longer than the offer carries and
 *   not fetched yet, its first piece (`complete` = 0). A rowid table: the list is up to 2 MiB.
 * - `file_shares`: files we offered from a path of our own choosing; we serve them from there.
 * - `file_offers`: every offer we made (`out`, peer = recipient) or received (`in`, peer =
 *   offerer), directly (`group_id` empty) or in a group, and the answer: 'complete' once a
 *   recipient announced it holds the whole file. The serving rule reads this table.
 *   Removing a contact removes the offers exchanged with them.
 * - `file_downloads`: one per file we accepted: folder, part file name, the bitmap of chunks
 *   durably on disk (written after an fdatasync), state, and where the finished file went.
 */
export const FILES_MIGRATION_SQL = `
CREATE TABLE file_manifests (
  file_id      BLOB    NOT NULL UNIQUE CHECK (length(file_id) = 32),
  name         TEXT    NOT NULL,
  size         INTEGER NOT NULL CHECK (size >= 0),
  chunk_size   INTEGER NOT NULL CHECK (chunk_size > 0),
  chunk_hashes BLOB    NOT NULL,
  complete     INTEGER NOT NULL CHECK (complete IN (0, 1)),
  created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE file_shares (
  file_id    BLOB    PRIMARY KEY REFERENCES file_manifests (file_id) ON DELETE CASCADE,
  path       TEXT    NOT NULL,
  state      TEXT    NOT NULL CHECK (state IN ('active', 'withdrawn')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE file_offers (
  file_id    BLOB    NOT NULL REFERENCES file_manifests (file_id) ON DELETE CASCADE,
  direction  TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
  peer       TEXT    NOT NULL REFERENCES contacts (onion) ON DELETE CASCADE,
  group_id   BLOB    NOT NULL CHECK (length(group_id) IN (0, 32)),
  state      TEXT    NOT NULL CHECK (state IN ('offered', 'accepted', 'declined', 'cancelled', 'complete')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (file_id, direction, peer, group_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX file_offers_by_peer ON file_offers (peer, direction);

CREATE TABLE file_downloads (
  file_id    BLOB    PRIMARY KEY REFERENCES file_manifests (file_id) ON DELETE CASCADE,
  state      TEXT    NOT NULL CHECK (state IN ('active', 'paused', 'complete', 'cancelled', 'failed')),
  folder     TEXT    NOT NULL,
  part_name  TEXT,
  final_name TEXT,
  have       BLOB,
  bytes_done INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
  path       TEXT,
  error      TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;

/**
 * Schema version 11: files received in a disappearing conversation (README "What is kept of
 * messages you take back"). A file offered to us in a 1:1 conversation or a group whose timer
 * was on gets that timer (the shortest, if several such offers came); its clock starts when we
 * answer the offer (accept, by hand or by the size limit, or decline), as a message's starts
 * when it is read. When it runs out the file is `expired`: a download still running stops, and
 * the user is offered to delete what was saved (nothing on disk is removed without asking).
 */
export const V11_FILE_EXPIRY = `
CREATE TABLE file_expiry (
  file_id         BLOB    PRIMARY KEY REFERENCES file_manifests (file_id) ON DELETE CASCADE,
  disappear_after INTEGER NOT NULL CHECK (disappear_after > 0),
  expires_at      INTEGER CHECK (expires_at IS NULL OR expires_at >= 0),
  expired         INTEGER NOT NULL DEFAULT 0 CHECK (expired IN (0, 1))
) STRICT, WITHOUT ROWID;

CREATE INDEX file_expiry_due ON file_expiry (expires_at) WHERE expires_at IS NOT NULL AND expired = 0;
`;
