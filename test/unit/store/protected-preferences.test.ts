/**
 * The preferences that decide what peers may do to us live in the encrypted store: someone who
 * can write the profile folder (but not unlock it) cannot switch on auto-accept through
 * preferences.json. An older profile's values are taken over once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProfile } from '../../../src/store/profile.js';
import {
  PROTECTED_PREFERENCE_DEFAULTS,
  ProtectedPreferences,
  type SettingsTable,
} from '../../../src/store/protected-preferences.js';
import { readOfferPreferences } from '../../../src/files/feature/file-preferences.js';
import { newProfile, TEST_PASSPHRASE } from '../../shared/profiles.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterEach(removeTempDirs);

const GIGABYTE = 1024 ** 3;
const hostileFile = JSON.stringify({
  notifications: { bell: false },
  files: { autoAcceptBelowBytes: GIGABYTE, maxSizeBytes: 100 * GIGABYTE },
  relay: { maxEnvelopesPerFriend: 10_000_000 },
});

/** The settings table of a profile from before the table existed: empty, nothing adopted yet. */
function emptyTable(): SettingsTable & { readonly rows: Map<string, number> } {
  const rows = new Map<string, number>();
  return {
    rows,
    get: (key) => rows.get(key),
    set: (key, value) => void rows.set(key, value),
    delete: (key) => void rows.delete(key),
  };
}

describe('protected preferences', () => {
  it('writing auto-accept into preferences.json does not switch it on', async () => {
    const { dir, store } = await newProfile();
    store.close();
    // Someone who can write the profile folder, not read the database.
    writeFileSync(join(dir, 'preferences.json'), hostileFile);
    const reopened = await openProfile(dir, TEST_PASSPHRASE);
    try {
      expect(readOfferPreferences(reopened.preferences)).toEqual({
        autoAcceptBelowBytes: 0,
        maxSizeBytes: PROTECTED_PREFERENCE_DEFAULTS['files.maxSizeBytes'],
      });
      expect(reopened.preferences.all()).toEqual(PROTECTED_PREFERENCE_DEFAULTS);
      // The values are gone from the file; its cosmetic setting stays.
      expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toEqual({
        notifications: { bell: false },
      });
    } finally {
      reopened.close();
    }
  });

  it('keeps what is set in the encrypted store across reopen', async () => {
    const { dir, store } = await newProfile();
    store.preferences.set('files.autoAcceptBelowBytes', 200_000);
    expect(() => store.preferences.set('files.maxSizeBytes', -1)).toThrow(TypeError);
    expect(() => store.preferences.set('files.maxSizeBytes', 1.5)).toThrow(TypeError);
    store.close();
    const reopened = await openProfile(dir, TEST_PASSPHRASE);
    expect(reopened.preferences.get('files.autoAcceptBelowBytes')).toBe(200_000);
    reopened.preferences.reset('files.autoAcceptBelowBytes');
    expect(reopened.preferences.get('files.autoAcceptBelowBytes')).toBe(0);
    reopened.close();
  });

  it("takes over an older profile's values from preferences.json once, then never again", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'preferences.json'),
      JSON.stringify({ files: { autoAcceptBelowBytes: 5_000 }, relay: { maxBytesPerFriend: 1_000 } }),
    );
    const table = emptyTable();
    const preferences = new ProtectedPreferences(table);
    preferences.adoptFromPreferencesFile(dir);
    expect(preferences.get('files.autoAcceptBelowBytes')).toBe(5_000);
    expect(preferences.get('relay.maxBytesPerFriend')).toBe(1_000);
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toEqual({});
    // A later write to the file changes nothing, and is removed.
    writeFileSync(join(dir, 'preferences.json'), hostileFile);
    preferences.adoptFromPreferencesFile(dir);
    expect(preferences.get('files.autoAcceptBelowBytes')).toBe(5_000);
    expect(preferences.get('files.maxSizeBytes')).toBe(PROTECTED_PREFERENCE_DEFAULTS['files.maxSizeBytes']);
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toEqual({
      notifications: { bell: false },
    });
  });
});
