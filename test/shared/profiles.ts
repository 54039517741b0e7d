/**
 * Throwaway profiles for tests: the cheapest key derivation the store accepts (opening a
 * profile is never what these tests measure or check) and one passphrase.
 */
import { join } from 'node:path';
import type { ScryptParams } from '../../src/store/kdf.js';
import { createProfile } from '../../src/store/profile.js';
import type { ProfileStore } from '../../src/store/profile-store.js';
import { tempDir } from './temp-dirs.js';

/** The cheapest scrypt the store accepts. */
export const TEST_KDF: ScryptParams = { logN: 4, r: 1, p: 1 };
export const TEST_PASSPHRASE = 'burrow test passphrase';

/** What {@link newProfile} may be told; the defaults are the test ones above. */
export interface NewProfileOptions {
  readonly displayName?: string;
  readonly kdf?: ScryptParams;
  readonly passphrase?: string;
}

/** A new profile in a fresh temp directory (removed by removeTempDirs). */
export async function newProfile(options: NewProfileOptions = {}): Promise<{ dir: string; store: ProfileStore }> {
  const dir = join(tempDir(), 'profile');
  const store = await createProfile(dir, options.passphrase ?? TEST_PASSPHRASE, {
    displayName: options.displayName ?? 'ada',
    kdf: options.kdf ?? TEST_KDF,
  });
  return { dir, store };
}
