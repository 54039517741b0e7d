import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PREFERENCE_DEFAULTS, Preferences, type PreferenceKey } from '../../../src/store/preferences.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterEach(removeTempDirs);

describe('preferences', () => {
  it('starts with the defaults and keeps what is set across reopen, in a 0600 file of the profile', () => {
    const dir = tempDir();
    const prefs = Preferences.open(dir);
    expect(prefs.all()).toEqual(PREFERENCE_DEFAULTS);
    prefs.set('notifications.bell', false);
    expect(prefs.path).toBe(join(dir, 'preferences.json'));
    expect(statSync(prefs.path).mode & 0o777).toBe(0o600);

    const again = Preferences.open(dir);
    expect(again.get('notifications.bell')).toBe(false);
    expect(again.get('notifications.title')).toBe(true);
    again.reset('notifications.bell');
    expect(Preferences.open(dir).get('notifications.bell')).toBe(true);
  });

  it('keeps profiles apart', () => {
    const a = Preferences.open(tempDir());
    const b = Preferences.open(tempDir());
    a.set('notifications.title', false);
    expect(b.get('notifications.title')).toBe(true);
  });

  it('refuses values of the wrong type, unknown keys, and the keys that moved to the encrypted store', () => {
    const prefs = Preferences.open(tempDir());
    expect(() => prefs.set('notifications.bell', 'yes' as unknown as boolean)).toThrow(TypeError);
    expect(() => prefs.get('theme' as PreferenceKey)).toThrow(TypeError);
    expect(() => prefs.get('files.autoAcceptBelowBytes' as PreferenceKey)).toThrow(TypeError);
    expect(() => prefs.set('files.autoAcceptBelowBytes' as PreferenceKey, 1 as unknown as boolean)).toThrow(TypeError);
    expect(prefs.all()).toEqual(PREFERENCE_DEFAULTS);
  });

  it.each([
    ['malformed JSON', '{ "notifications": '],
    ['a wrong type', JSON.stringify({ notifications: { bell: 'loud' } })],
    ['an unknown key', JSON.stringify({ secrets: { seed: 'x' } })],
  ])('reports a hand-edited file with %s as PreferencesInvalidError, and leaves it alone', (_label, text) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'preferences.json'), text);
    expect(() => Preferences.open(dir)).toThrow(
      expect.objectContaining({ name: 'PreferencesInvalidError', action: 'tell-user' }),
    );
    expect(readFileSync(join(dir, 'preferences.json'), 'utf8')).toBe(text);
  });
});
