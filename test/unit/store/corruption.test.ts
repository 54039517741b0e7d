import { openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProfile } from '../../../src/store/profile.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { addFriend, newProfile, outgoing, PASSPHRASE, snapshot } from './helpers.js';

afterEach(removeTempDirs);

/** Overwrites `length` bytes at `offset` with 0x5a. */
function scribble(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, offset);
  } finally {
    closeSync(fd);
  }
}

async function closedProfileWithHistory(messages: number, bodyBytes: number) {
  const { dir, store } = await newProfile();
  const friend = addFriend(store);
  store.transaction(() => {
    for (let i = 0; i < messages; i++) store.messages.insertIfAbsent(outgoing(friend, `${i}:`.padEnd(bodyBytes, 'x')));
  });
  store.close();
  return { dir, friend, database: join(dir, 'profile.db') };
}

describe('a damaged profile', () => {
  it('refuses a database whose first page is damaged, with a typed error that says what to do, and changes nothing', async () => {
    const { dir, database } = await closedProfileWithHistory(5, 10);
    scribble(database, 100, 64);
    const before = snapshot(dir);
    const error = await openProfile(dir, PASSPHRASE).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProfileCorruptError', action: 'tell-user' });
    expect((error as Error).message).toMatch(/backup/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('reports a damaged data page when it is read, and in the integrity check', async () => {
    // ~1 message per 4 KiB page, so the middle of the file is message data.
    const { dir, friend, database } = await closedProfileWithHistory(60, 3000);
    scribble(database, Math.floor(statSync(database).size / 2 / 4096) * 4096 + 200, 16);
    const store = await openProfile(dir, PASSPHRASE);
    try {
      expect(() => store.checkIntegrity()).toThrow(expect.objectContaining({ name: 'ProfileCorruptError' }));
      expect(() => {
        for (let page = store.messages.page(friend, { limit: 10 }); page.before !== undefined;) {
          page = store.messages.page(friend, { before: page.before, limit: 10 });
        }
      }).toThrow(expect.objectContaining({ name: 'ProfileCorruptError' }));
    } finally {
      store.close();
    }
  });

  it('passes the integrity check when intact', async () => {
    const { dir } = await closedProfileWithHistory(60, 3000);
    const store = await openProfile(dir, PASSPHRASE);
    store.checkIntegrity();
    store.close();
  });

  it('refuses a truncated database', async () => {
    const { dir, database } = await closedProfileWithHistory(60, 3000);
    truncateSync(database, 4096 * 3 + 17);
    const before = snapshot(dir);
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({ name: 'ProfileCorruptError' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a database file that is not a database at all', async () => {
    const { dir, database } = await closedProfileWithHistory(1, 10);
    writeFileSync(database, 'this is not sqlite'.repeat(500));
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({ name: 'ProfileCorruptError' });
    expect(readFileSync(database, 'utf8')).toBe('this is not sqlite'.repeat(500));
  });

  it('refuses a missing database file next to a valid header', async () => {
    const { dir, database } = await closedProfileWithHistory(1, 10);
    rmSync(database);
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({
      name: 'ProfileCorruptError',
      message: expect.stringContaining('missing') as string,
    });
  });

  it('refuses a database without its header, and says the header is missing', async () => {
    const { dir } = await closedProfileWithHistory(1, 10);
    rmSync(join(dir, 'profile.json'));
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({
      name: 'ProfileCorruptError',
      message: expect.stringContaining('profile.json is missing') as string,
    });
  });

  it.each([
    ['garbage', 'not json at all'],
    ['an empty object', '{}'],
    ['a huge file', ' '.repeat(10_000)],
    ['another cipher', (h: string) => h.replace('"chacha20"', '"rc4"')],
    ['a forged scrypt cost', (h: string) => h.replace('"logN": 10', '"logN": 30')],
    ['a truncated salt', (h: string) => h.replace(/"salt": "[^"]{4}/, '"salt": "')],
  ])('refuses a header with %s', async (_label, damage) => {
    const { dir } = await closedProfileWithHistory(1, 10);
    const headerPath = join(dir, 'profile.json');
    const header = readFileSync(headerPath, 'utf8');
    writeFileSync(headerPath, typeof damage === 'string' ? damage : damage(header));
    const before = snapshot(dir);
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({ name: 'ProfileCorruptError' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a header from a newer Burrow with ProfileTooNewError', async () => {
    const { dir } = await closedProfileWithHistory(1, 10);
    const headerPath = join(dir, 'profile.json');
    writeFileSync(headerPath, readFileSync(headerPath, 'utf8').replace('"version": 1', '"version": 2'));
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({
      name: 'ProfileTooNewError',
      message: expect.stringContaining('Upgrade') as string,
    });
  });
});
