/**
 * Opening the profile database (SQLite3 Multiple Ciphers through better-sqlite3-multiple-ciphers)
 * with the settings every Burrow connection needs, and turning SQLite's errors into typed ones.
 *
 * Settings, and why:
 * - `cipher=chacha20` + a raw 32-byte key: every page (and every WAL frame) is sealed with
 *   ChaCha20-Poly1305; a raw key (`raw:` prefix, sqlite3mc `sqlite3mcExtractRawKey`) skips the
 *   cipher's own PBKDF2 since scrypt already ran (kdf.ts).
 * - `locking_mode=EXCLUSIVE` before the first read: the connection takes the file lock at the
 *   first access and keeps it until close (sqlite.org/pragma.html#pragma_locking_mode), so a
 *   second process gets SQLITE_BUSY at once. The lock is a POSIX lock the kernel drops when the
 *   holder dies, so a crashed Burrow never leaves a stale lock. In WAL mode it also means the
 *   wal-index lives in heap memory and no `-shm` file is created (sqlite.org/wal.html §8).
 * - `journal_mode=WAL`, `synchronous=FULL`: a commit returns only after the WAL is fsynced, so
 *   whatever was acknowledged survives a crash or power cut (sqlite.org/pragma.html#pragma_synchronous).
 * - `temp_store=MEMORY`: sorts and temporary tables never spill to unencrypted temp files.
 * - `foreign_keys=ON`: messages belong to known contacts, outbox rows to stored messages.
 * - `secure_delete=ON`: deleted and overwritten content is zeroed in its page, not just unlinked,
 *   so edited, deleted and expired text does not linger in free space (README "What is kept
 *   of messages you take back"); the WAL copies go with a checkpoint (profile-store.ts `scrub`).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { BurrowError } from '../errors.js';
import {
  ProfileCorruptError,
  profileLocked,
  storeClosed,
  StoreConstraintError,
  storeFull,
  storeInternal,
  storeIo,
} from './errors.js';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/** Page cache per connection: 16 MiB keeps the message index hot (the default 2 MiB thrashes at 1 M messages). */
export const CACHE_SIZE_KIB = 16 * 1024;

/** Where the store's errors point the user. */
export interface StoreContext {
  /** The profile directory, named in error messages. */
  readonly dir: string;
  /** Pid of the current holder, for `ProfileLockedError`'s message. */
  readonly holderPid?: () => number | undefined;
}

/**
 * Opens an existing database file (create it empty first for a new profile) and applies the
 * settings above. `key` undefined opens it unencrypted (the benchmark's baseline only).
 * Throws {@link ProfileCorruptError} if the file is not a database under this key,
 * `ProfileLockedError` if another connection holds it.
 */
export function openDatabase(file: string, key: Uint8Array | undefined, context: StoreContext): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    // timeout 0: a held lock is reported at once instead of retried for 5 s (better-sqlite3's default).
    db = new Database(file, { fileMustExist: true, timeout: 0 });
  } catch (error) {
    throw translateSqliteError(error, context);
  }
  try {
    if (key !== undefined) {
      if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('key must be a 32-byte Uint8Array');
      db.pragma(`cipher = 'chacha20'`);
      const raw = Buffer.concat([Buffer.from('raw:', 'latin1'), key]);
      try {
        const rc = db.key(raw);
        if (rc !== 0) throw storeInternal(`sqlite3_key returned ${rc}`);
      } finally {
        raw.fill(0);
      }
    }
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('temp_store = MEMORY');
    // The first read: decrypts page 1 (wrong key or damage → SQLITE_NOTADB) and takes the lock.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw storeIo(context.dir, `SQLite could not switch to WAL mode (got ${String(mode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, context);
  }
}

/** SQLite result codes (sqlite.org/rescode.html) grouped by what the user can do. */
const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);
const LOCKED_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const IO_CODES = new Set([
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PERM',
  'SQLITE_NOLFS',
  'SQLITE_NOMEM',
]);

/** Maps an error thrown by better-sqlite3 to the store's typed errors. Burrow errors pass through. */
export function translateSqliteError(error: unknown, context: StoreContext): Error {
  if (error instanceof BurrowError) return error;
  if (error instanceof TypeError && /database connection is not open/.test(error.message)) return storeClosed();
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_'))
    return error instanceof Error ? error : new Error(String(error));
  // Extended codes (SQLITE_IOERR_FSYNC, SQLITE_CORRUPT_INDEX, …) share their primary code's prefix.
  const primary = code.split('_').slice(0, 2).join('_');
  const detail = error instanceof Error ? error.message : code;
  if (CORRUPT_CODES.has(primary))
    return new ProfileCorruptError(context.dir, `the database cannot be read (${detail})`, error);
  if (LOCKED_CODES.has(primary)) return profileLocked(context.dir, context.holderPid?.());
  if (primary === 'SQLITE_FULL') return storeFull(context.dir, error);
  if (IO_CODES.has(primary)) return storeIo(context.dir, detail, error);
  if (primary === 'SQLITE_CONSTRAINT') return new StoreConstraintError(`${detail} (${code})`, error);
  return storeInternal(`${detail} (${code})`, error);
}
