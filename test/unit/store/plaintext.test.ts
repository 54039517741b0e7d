import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../src/store/profile-store.js';
import { openDatabase } from '../../../src/store/sqlite.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';
import { addFriend, incoming, newProfile, outgoing, randomOnion } from './helpers.js';

afterEach(removeTempDirs);

/** Every file of the directory as raw bytes. */
function rawFiles(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

/** The files (if any) in which `needle` occurs as UTF-8 or UTF-16LE (SQLite can store either). */
function filesContaining(files: Map<string, Buffer>, needle: string | Uint8Array): string[] {
  const forms =
    typeof needle === 'string' ? [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')] : [Buffer.from(needle)];
  return [...files].filter(([, bytes]) => forms.some((form) => bytes.includes(form))).map(([name]) => name);
}

describe('encryption at rest', () => {
  it('leaves no message text, nickname, onion address, name or seed in any file, including the uncheckpointed WAL', async () => {
    const { dir, store } = await newProfile('Display Name Zanzibar');
    const friend = randomOnion();
    const secrets = {
      body: 'Meet me at the old lighthouse at midnight',
      reply: 'Bring the blue umbrella, it will rain',
      nickname: 'Nickname Quokka',
      displayName: 'Announced Wombat',
      request: 'Hi, it is Bob from the chess club',
    };
    store.contacts.insert({
      onion: friend,
      state: 'friend',
      nickname: secrets.nickname,
      displayName: secrets.displayName,
      requestMessage: secrets.request,
      createdAt: Date.now(),
    });
    for (let i = 0; i < 20; i++) {
      store.messages.insertIfAbsent(outgoing(friend, `${secrets.body} #${i}`));
      store.messages.insertIfAbsent(incoming(friend, `${secrets.reply} #${i}`));
    }
    const own = store.identity.get();

    // Before close: the new rows live only in the WAL (not yet checkpointed into profile.db).
    const files = rawFiles(dir);
    expect([...files.keys()]).toContain('profile.db-wal');
    expect(statSync(join(dir, 'profile.db-wal')).size).toBeGreaterThan(0);
    const needles: (string | Uint8Array)[] = [
      ...Object.values(secrets),
      friend,
      friend.toUpperCase(),
      own.keyPair.onionAddress,
      own.displayName,
      own.keyPair.seed,
      own.keyPair.publicKey,
    ];
    for (const needle of needles) expect(filesContaining(files, needle), String(needle)).toEqual([]);

    store.close();
    const afterClose = rawFiles(dir);
    for (const needle of needles) expect(filesContaining(afterClose, needle), String(needle)).toEqual([]);
  });

  it('would notice plaintext: the same search finds the rows in an unencrypted database with the same schema', () => {
    const dir = tempDir();
    const file = join(dir, 'plain.db');
    writeFileSync(file, '');
    const store = ProfileStore.attach(openDatabase(file, undefined, { dir }), { dir });
    const friend = addFriend(store);
    store.contacts.setNickname(friend, 'Nickname Quokka', Date.now());
    store.messages.insertIfAbsent(outgoing(friend, 'Meet me at the old lighthouse'));
    const files = rawFiles(dir);
    expect(filesContaining(files, 'Meet me at the old lighthouse')).toEqual(['plain.db-wal']);
    expect(filesContaining(files, 'Nickname Quokka')).toEqual(['plain.db-wal']);
    expect(filesContaining(files, friend)).toEqual(['plain.db-wal']);
    store.close();
  });
});
