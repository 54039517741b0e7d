/**
 * The groups' read-time migration (groups/store/migrations.ts V10_GROUP_READ_TIMES) on a
 * database that holds group messages: those read before it count their timer from when they
 * arrived, as they did; unread ones wait for the read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { V10_GROUP_READ_TIMES } from '../../../src/groups/store/migrations.js';
import { migrate } from '../../../src/store/migrations.js';
import { MIGRATIONS } from '../../../src/store/schema.js';
import { Sql } from '../../../src/store/sql.js';
import { openDatabase } from '../../../src/store/sqlite.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterEach(removeTempDirs);

describe('migration 10: group read times', () => {
  it('stamps messages read before the upgrade with their arrival, and leaves unread ones unstamped', () => {
    const dir = tempDir();
    const file = join(dir, 'plain.db');
    writeFileSync(file, '');
    const db = openDatabase(file, undefined, { dir });
    const sql = new Sql(db, { dir });
    // Found by its SQL, not its number: migrations of other services may come before it.
    const ten = MIGRATIONS.findIndex((migration) => migration.up === V10_GROUP_READ_TIMES);
    expect(ten).toBeGreaterThan(0);
    migrate(sql, dir, MIGRATIONS.slice(0, ten));
    const group = Buffer.alloc(32, 1);
    db.prepare('INSERT INTO groups (group_id, joined_at, read_seq) VALUES (?, 0, 0)').run(group);
    const insert = db.prepare(
      `INSERT INTO group_messages (message_id, group_id, sender, body, received_at) VALUES (?, ?, ?, x'00', ?)`,
    );
    for (const [n, at] of [
      [1, 100],
      [2, 200],
      [3, 300],
    ] as const)
      insert.run(Buffer.alloc(32, n), group, 'a'.repeat(56), at);
    db.prepare('UPDATE groups SET read_seq = 2').run();

    expect(migrate(sql, dir, MIGRATIONS)).toEqual(MIGRATIONS.slice(ten).map((migration) => migration.version));
    expect(db.prepare('SELECT seq, read_at FROM group_messages ORDER BY seq').all()).toEqual([
      { seq: 1, read_at: 100 },
      { seq: 2, read_at: 200 },
      { seq: 3, read_at: null },
    ]);
    db.close();
  });
});
