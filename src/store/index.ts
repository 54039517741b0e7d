/**
 * The encrypted profile and message store (docs/ARCHITECTURE.md "Storage"): what the rest of Burrow imports.
 *
 * @example
 * const dir = resolveProfileDir({ profileFlag: flags.profile, env: process.env });
 * const passphrase = await readPassphrase({ passphraseFile: flags.passphraseFile, env: process.env, prompt });
 * const store = profileExists(dir) ? await openProfile(dir, passphrase) : await createProfile(dir, passphrase, { displayName });
 * try { store.messages.page(friend, { limit: 50 }); } finally { store.close(); }
 */
export * from './errors.js';
export { resolveProfileDir, profilePath, PROFILE_FILES, type ResolveProfileDirOptions } from './location.js';
export { readPassphrase, validatePassphrase, MAX_PASSPHRASE_BYTES, type ReadPassphraseOptions } from './passphrase.js';
export { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './kdf.js';
export { createProfile, openProfile, profileExists, type CreateProfileOptions } from './profile.js';
export { ProfileStore } from './profile-store.js';
export type { StoredIdentity, IdentityRepository } from './identity-repository.js';
export { Preferences, PREFERENCE_DEFAULTS, type PreferenceKey, type PreferenceValues } from './preferences.js';
