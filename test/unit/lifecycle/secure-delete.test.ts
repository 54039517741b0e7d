/**
 * "Gone means gone" (README "What is kept"): edited, deleted and expired text is overwritten in
 * the database file and leaves the WAL. Searched byte by byte in an unencrypted database with
 * the same schema and settings (the real profile is encrypted, so a search there proves nothing).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatService } from '../../../src/chat/feature/chat-service.js';
import { formatMessageId } from '../../../src/protocol/chat/message-id.js';
import { ProfileStore } from '../../../src/store/profile-store.js';
import { openDatabase } from '../../../src/store/sqlite.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';
import { addFriend } from '../store/helpers.js';

afterEach(removeTempDirs);

function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return readdirSync(dir)
    .filter((name) => readFileSync(join(dir, name)).includes(bytes))
    .sort();
}

function plainProfile(): { dir: string; store: ProfileStore } {
  const dir = tempDir();
  const file = join(dir, 'plain.db');
  writeFileSync(file, '');
  return { dir, store: ProfileStore.attach(openDatabase(file, undefined, { dir }), { dir }) };
}

describe('secure delete', () => {
  it('leaves no byte of edited, deleted or expired text in the database or the WAL', () => {
    const { dir, store } = plainProfile();
    let now = 1_800_000_000_000;
    const chat = new ChatService({ store, now: () => now, random: (n) => new Uint8Array(randomBytes(n)) });
    const friend = addFriend(store);
    const filler = (count: number): void => {
      for (let i = 0; i < count; i++) chat.compose(friend, `filler message number ${i} `.repeat(8));
    };
    filler(5);
    const typo = chat.compose(friend, 'Meet me at the old lighthuose');
    const regret = chat.compose(friend, 'The safe code is 7734, keep it to yourself please');
    filler(5);
    store.scrub();
    // The search works: before anything is taken back, the text is in the database file.
    expect(filesContaining(dir, 'Meet me at the old lighthuose')).toEqual(['plain.db']);

    chat.lifecycle.edit(friend, formatMessageId(typo.id), 'Meet me at the old lighthouse, the one by the harbour');
    store.scrub();
    chat.lifecycle.edit(friend, formatMessageId(typo.id), 'Harbour at nine');
    chat.lifecycle.delete(friend, formatMessageId(regret.id), true);
    store.scrub();
    expect(filesContaining(dir, 'lighthuose')).toEqual([]);
    expect(filesContaining(dir, 'one by the harbour')).toEqual([]);
    expect(filesContaining(dir, 'safe code is 7734')).toEqual([]);

    chat.lifecycle.setTimer(friend, 10);
    const fleeting = chat.compose(friend, 'This line self-destructs, and it is long enough to matter');
    filler(3);
    store.scrub();
    expect(filesContaining(dir, 'self-destructs')).toEqual(['plain.db']);
    now += 10_000;
    expect(chat.lifecycle.expire().map((gone) => formatMessageId(gone.id))).toContain(formatMessageId(fleeting.id));
    store.scrub();
    expect(filesContaining(dir, 'self-destructs')).toEqual([]);

    store.close();
    expect(filesContaining(dir, 'lighthuose')).toEqual([]);
    expect(filesContaining(dir, 'self-destructs')).toEqual([]);
  });
});
