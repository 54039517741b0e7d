/**
 * The database schema as an ordered list of migrations. A profile records every version it has
 * applied in `schema_version`; opening it applies the missing ones, each in its own transaction
 * together with its version row, so a crash mid-migration leaves the previous version intact.
 *
 * The list itself is in schema.ts: to extend the schema, append a migration there; never edit a
 * released one.
 */
import { profileTooNew } from './errors.js';
import type { Sql } from './sql.js';

/** One schema step. */
export interface Migration {
  /** 1, 2, 3 … in order, no gaps. */
  readonly version: number;
  readonly description: string;
  /** SQL run as one script. */
  readonly up: string;
}

/**
 * Brings the database up to the last of `migrations` and returns the versions it applied
 * (empty when already current: running it again is a no-op). Throws `ProfileTooNewError`
 * when the database is ahead of this code.
 */
export function migrate(sql: Sql, dir: string, migrations: readonly Migration[]): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new RangeError(`migration #${index} has version ${migration.version}, expected ${index + 1}`);
  });
  sql.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT',
  );
  const current = currentSchemaVersion(sql);
  const latest = migrations.length;
  if (current > latest) throw profileTooNew(dir, current, latest);
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    sql.transaction(() => {
      sql.exec(migration.up);
      sql
        .prepare('INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)')
        .run({ version: migration.version, at: Date.now() });
    });
    applied.push(migration.version);
  }
  return applied;
}

/** The highest applied version, 0 for a new database. */
export function currentSchemaVersion(sql: Sql): number {
  return (
    sql.prepare<{ version: number | null }>('SELECT max(version) AS version FROM schema_version').get()?.version ?? 0
  );
}
