import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeProfileHeader } from '../../../src/store/header.js';
import { deriveProfileKeys } from '../../../src/store/kdf.js';
import { currentSchemaVersion, migrate, type Migration } from '../../../src/store/migrations.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/schema.js';
import { openProfile } from '../../../src/store/profile.js';
import { Sql } from '../../../src/store/sql.js';
import { openDatabase, type SqliteDatabase } from '../../../src/store/sqlite.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';
import { newProfile, PASSPHRASE } from './helpers.js';

afterEach(removeTempDirs);

function plainDatabase(): { db: SqliteDatabase; sql: Sql; dir: string } {
  const dir = tempDir();
  const file = join(dir, 'plain.db');
  writeFileSync(file, '');
  const db = openDatabase(file, undefined, { dir });
  return { db, sql: new Sql(db, { dir }), dir };
}

/** The profile's database opened directly with the derived key (what openProfile does, minus migrations). */
async function rawProfileDatabase(dir: string): Promise<SqliteDatabase> {
  const header = decodeProfileHeader(readFileSync(join(dir, 'profile.json'), 'utf8'), dir);
  const { databaseKey } = await deriveProfileKeys(PASSPHRASE, header.salt, header.kdf);
  return openDatabase(join(dir, 'profile.db'), databaseKey, { dir });
}

describe('migrations', () => {
  it('applies every migration once; running again applies nothing', () => {
    const { db, sql, dir } = plainDatabase();
    expect(migrate(sql, dir, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(sql, dir, MIGRATIONS)).toEqual([]);
    expect(currentSchemaVersion(sql)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) AS n FROM schema_version').get()).toEqual({ n: MIGRATIONS.length });
    db.close();
  });

  it('reopening a profile leaves the schema version as it was', async () => {
    const { dir, store } = await newProfile();
    store.close();
    (await openProfile(dir, PASSPHRASE)).close();
    (await openProfile(dir, PASSPHRASE)).close();
    const db = await rawProfileDatabase(dir);
    expect(db.prepare('SELECT version FROM schema_version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })),
    );
    db.close();
  });

  it('applies a new migration to an existing database, and rolls back a failing one completely', () => {
    const { db, sql, dir } = plainDatabase();
    migrate(sql, dir, MIGRATIONS);
    const next: Migration = {
      version: MIGRATIONS.length + 1,
      description: 'groups',
      up: 'CREATE TABLE groups_test (id BLOB PRIMARY KEY) STRICT;',
    };
    expect(migrate(sql, dir, [...MIGRATIONS, next])).toEqual([next.version]);

    const broken: Migration = {
      version: next.version + 1,
      description: 'broken',
      up: 'CREATE TABLE half (a INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => migrate(sql, dir, [...MIGRATIONS, next, broken])).toThrow(
      expect.objectContaining({ name: 'StoreInternalError' }),
    );
    expect(currentSchemaVersion(sql)).toBe(next.version);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a list with gaps', () => {
    const { db, sql, dir } = plainDatabase();
    expect(() => migrate(sql, dir, [{ ...MIGRATIONS[0]!, version: 2 }])).toThrow(RangeError);
    db.close();
  });

  it('refuses a profile written by a newer schema with ProfileTooNewError, changing nothing', async () => {
    const { dir, store } = await newProfile();
    store.close();
    const db = await rawProfileDatabase(dir);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (99, 0)').run();
    db.close();
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({ name: 'ProfileTooNewError', found: 99 });
  });

  it('configures every connection for durability, locking and privacy', () => {
    const { db } = plainDatabase();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    db.close();
  });
});
