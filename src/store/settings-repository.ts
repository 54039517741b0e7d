/**
 * Settings kept in the encrypted database rather than in preferences.json: the ones that decide
 * what a peer may do to us (docs/ARCHITECTURE.md "Storage"), so that someone who can write the
 * profile folder but not read the database cannot switch them. Integers only (byte counts,
 * counts, flags); typed access is in protected-preferences.ts.
 */
import type { Query, Sql } from './sql.js';

interface SettingRow {
  value: number;
}

/** Reads and writes the `settings` table. */
export class SettingsRepository {
  readonly #select: Query<SettingRow>;
  readonly #upsert: Query<never>;
  readonly #delete: Query<never>;

  constructor(sql: Sql) {
    this.#select = sql.prepare('SELECT value FROM settings WHERE key = @key');
    this.#upsert = sql.prepare(
      'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#delete = sql.prepare('DELETE FROM settings WHERE key = @key');
  }

  /** The stored value of `key`, or undefined when unset. */
  get(key: string): number | undefined {
    return this.#select.get({ key })?.value;
  }

  set(key: string, value: number): void {
    if (!Number.isSafeInteger(value)) throw new TypeError(`setting ${key} must be an integer`);
    this.#upsert.run({ key, value });
  }

  /** Removes `key`, so its default applies again. */
  delete(key: string): void {
    this.#delete.run({ key });
  }
}
