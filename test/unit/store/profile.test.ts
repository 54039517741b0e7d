import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityFromSeed } from '../../../src/crypto/identity.js';
import { createProfile, openProfile, profileExists } from '../../../src/store/profile.js';
import { DEFAULT_SCRYPT_PARAMS } from '../../../src/store/kdf.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';
import { addFriend, FAST_KDF, newProfile, outgoing, PASSPHRASE, snapshot } from './helpers.js';

afterEach(removeTempDirs);

describe('createProfile / openProfile', () => {
  it('creates a profile, closes it and opens it again with the same identity and data', async () => {
    const seed = new Uint8Array(32).fill(7);
    const dir = join(tempDir(), 'p');
    expect(profileExists(dir)).toBe(false);
    const store = await createProfile(dir, PASSPHRASE, { displayName: 'ada', seed, kdf: FAST_KDF });
    expect(profileExists(dir)).toBe(true);
    const friend = addFriend(store);
    store.messages.insertIfAbsent(outgoing(friend, 'hello'));
    store.close();
    expect(store.closed).toBe(true);
    store.close(); // idempotent

    const reopened = await openProfile(dir, PASSPHRASE);
    try {
      const identity = reopened.identity.get();
      expect(identity.displayName).toBe('ada');
      expect(identity.keyPair.onionAddress).toBe(identityFromSeed(seed).onionAddress);
      expect(reopened.contacts.get(friend)?.state).toBe('friend');
      expect(reopened.messages.page(friend, { limit: 10 }).messages.map((m) => m.body)).toEqual(['hello']);
    } finally {
      reopened.close();
    }
  });

  it('uses the real scrypt parameters (N = 2^17) by default and records them in the header', async () => {
    const dir = join(tempDir(), 'p');
    const store = await createProfile(dir, PASSPHRASE, { displayName: 'ada' });
    store.close();
    const header = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')) as { kdf: unknown };
    expect(header.kdf).toEqual({ name: 'scrypt', ...DEFAULT_SCRYPT_PARAMS });
    expect(DEFAULT_SCRYPT_PARAMS.logN).toBe(17);
    const reopened = await openProfile(dir, PASSPHRASE);
    expect(reopened.identity.get().displayName).toBe('ada');
    reopened.close();
  });

  it('makes the directory 0700 and every file 0600, and leaves only the database and header after close', async () => {
    const { dir, store } = await newProfile();
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    store.close();
    expect(readdirSync(dir).sort()).toEqual(['profile.db', 'profile.json']);
  });

  it('tightens an existing empty directory to 0700', async () => {
    const dir = join(tempDir(), 'p');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const store = await createProfile(dir, PASSPHRASE, { displayName: 'ada', kdf: FAST_KDF });
    store.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses to create over an existing profile, and over a database without header', async () => {
    const { dir, store } = await newProfile();
    store.close();
    await expect(createProfile(dir, PASSPHRASE, { displayName: 'x', kdf: FAST_KDF })).rejects.toMatchObject({
      name: 'ProfileExistsError',
    });

    const orphan = join(tempDir(), 'p');
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'profile.db'), 'left over');
    await expect(createProfile(orphan, PASSPHRASE, { displayName: 'x', kdf: FAST_KDF })).rejects.toMatchObject({
      name: 'ProfileExistsError',
    });
    expect(readFileSync(join(orphan, 'profile.db'), 'utf8')).toBe('left over');
  });

  it('says to run burrow init when there is no profile', async () => {
    const dir = join(tempDir(), 'nothing-here');
    await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({
      name: 'ProfileNotFoundError',
      message: expect.stringContaining('burrow init') as string,
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses an empty passphrase before touching the disk', async () => {
    const dir = join(tempDir(), 'p');
    await expect(createProfile(dir, '', { displayName: 'x', kdf: FAST_KDF })).rejects.toMatchObject({
      name: 'PassphraseInvalidError',
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('honours an aborted signal', async () => {
    const dir = join(tempDir(), 'p');
    const signal = AbortSignal.abort();
    await expect(createProfile(dir, PASSPHRASE, { displayName: 'x', kdf: FAST_KDF, signal })).rejects.toMatchObject({
      name: 'AbortedError',
    });
    expect(existsSync(join(dir, 'profile.db'))).toBe(false);
  });
});

describe('wrong passphrase', () => {
  it('throws WrongPassphraseError and leaves every file byte-identical, same mtime, no new files', async () => {
    const { dir, store } = await newProfile();
    const friend = addFriend(store);
    store.messages.insertIfAbsent(outgoing(friend, 'kept'));
    store.close();
    const before = snapshot(dir);

    await expect(openProfile(dir, 'not the passphrase')).rejects.toMatchObject({
      name: 'WrongPassphraseError',
      action: 'tell-user',
    });

    expect(snapshot(dir)).toEqual(before);
    const reopened = await openProfile(dir, PASSPHRASE);
    expect(reopened.messages.page(friend, { limit: 5 }).messages.map((m) => m.body)).toEqual(['kept']);
    reopened.close();
  });

  it('is told apart from a wrong passphrase while the profile is open elsewhere', async () => {
    const { dir, store } = await newProfile();
    try {
      await expect(openProfile(dir, 'wrong')).rejects.toMatchObject({ name: 'WrongPassphraseError' });
    } finally {
      store.close();
    }
  });
});
