/**
 * Received files under a disappearing timer (migration 11, migrations.ts `V11_FILE_EXPIRY`), and
 * forgetting a received file: its download, the offers of it made to us, and its manifest
 * unless we share it ourselves. Names and paths go with `secure_delete` (store/sqlite.ts); the
 * caller folds the WAL after the commit (ProfileStore `scrub`).
 */
import { blob, type Query, type Sql } from '../../store/sql.js';
import { assertBytes, assertTime } from '../../store/validate.js';

/** Bytes of a file id. */
const FILE_ID_BYTES = 32;

/** A received file's timer. */
export interface StoredExpiry {
  /** Seconds, from when the offer was answered. */
  readonly disappearAfter: number;
  /** Unix ms; undefined until the offer is answered. */
  readonly expiresAt: number | undefined;
  /** The timer ran out. */
  readonly expired: boolean;
}

/** Reads and writes `file_expiry`, and forgets received files. */
export class ExpiryRepository {
  readonly #timed: Query<never>;
  readonly #start: Query<never>;
  readonly #get: Query<{ disappear_after: number; expires_at: number | null; expired: number }>;
  readonly #due: Query<{ file_id: Buffer }>;
  readonly #next: Query<{ at: number | null }>;
  readonly #dropDownload: Query<never>;
  readonly #dropOffers: Query<never>;
  readonly #dropManifest: Query<never>;
  readonly #dropExpiry: Query<never>;

  constructor(sql: Sql) {
    this.#timed = sql.prepare(
      `INSERT INTO file_expiry (file_id, disappear_after) VALUES (@fileId, @seconds)
       ON CONFLICT (file_id) DO UPDATE SET disappear_after = min(disappear_after, excluded.disappear_after)
       WHERE expires_at IS NULL`,
    );
    this.#start = sql.prepare(
      `UPDATE file_expiry SET expires_at = @now + disappear_after * 1000 WHERE file_id = @fileId AND expires_at IS NULL`,
    );
    this.#get = sql.prepare('SELECT disappear_after, expires_at, expired FROM file_expiry WHERE file_id = @fileId');
    this.#due = sql.prepare(
      `UPDATE file_expiry SET expired = 1 WHERE expired = 0 AND expires_at IS NOT NULL AND expires_at <= @now
       RETURNING file_id`,
    );
    this.#next = sql.prepare('SELECT min(expires_at) AS at FROM file_expiry WHERE expired = 0');
    this.#dropDownload = sql.prepare('DELETE FROM file_downloads WHERE file_id = @fileId');
    this.#dropOffers = sql.prepare(`DELETE FROM file_offers WHERE file_id = @fileId AND direction = 'in'`);
    this.#dropManifest = sql.prepare(
      `DELETE FROM file_manifests WHERE file_id = @fileId
       AND NOT EXISTS (SELECT 1 FROM file_shares WHERE file_id = @fileId)
       AND NOT EXISTS (SELECT 1 FROM file_offers WHERE file_id = @fileId)`,
    );
    this.#dropExpiry = sql.prepare('DELETE FROM file_expiry WHERE file_id = @fileId');
  }

  /** A file was offered to us under a `seconds` timer (the shortest counts until the clock starts). */
  timed(fileId: Uint8Array, seconds: number): void {
    assertBytes(fileId, FILE_ID_BYTES, 'fileId');
    if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new TypeError('seconds must be a positive integer');
    this.#timed.run({ fileId: blob(fileId), seconds });
  }

  /** The offer was answered at `now`: the file's clock starts, unless it had started. Returns whether it did. */
  start(fileId: Uint8Array, now: number): boolean {
    assertBytes(fileId, FILE_ID_BYTES, 'fileId');
    assertTime(now, 'now');
    return this.#start.run({ fileId: blob(fileId), now }) === 1;
  }

  /** The file's timer, if it has one. */
  get(fileId: Uint8Array): StoredExpiry | undefined {
    assertBytes(fileId, FILE_ID_BYTES, 'fileId');
    const row = this.#get.get({ fileId: blob(fileId) });
    if (row === undefined) return undefined;
    return { disappearAfter: row.disappear_after, expiresAt: row.expires_at ?? undefined, expired: row.expired === 1 };
  }

  /** Marks every file whose timer ran out by `now` expired; returns their ids. */
  expire(now: number): Uint8Array[] {
    assertTime(now, 'now');
    return this.#due.all({ now }).map((row) => new Uint8Array(row.file_id));
  }

  /** When the next timer runs out (unix ms), if one runs. */
  nextExpiry(): number | undefined {
    return this.#next.get()?.at ?? undefined;
  }

  /**
   * Forgets a file received: its download, the offers of it made to us and its timer; its
   * manifest too unless we offered the file ourselves. Call inside a transaction.
   */
  forgetReceived(fileId: Uint8Array): void {
    assertBytes(fileId, FILE_ID_BYTES, 'fileId');
    const key = { fileId: blob(fileId) };
    this.#dropDownload.run(key);
    this.#dropOffers.run(key);
    this.#dropExpiry.run(key);
    this.#dropManifest.run(key);
  }
}
