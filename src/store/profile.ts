/**
 * Creating and opening profiles.
 *
 * Opening checks, in order, with nothing written until the last step succeeds:
 * 1. `profile.json` exists and is a valid header (else ProfileNotFoundError / ProfileCorruptError);
 * 2. the passphrase's scrypt-derived check matches (else WrongPassphraseError — the database
 *    file is never opened, so it cannot be touched);
 * 3. the database decrypts under the derived key and is not held by another process
 *    (else ProfileCorruptError / ProfileLockedError);
 * 4. pending schema migrations run.
 *
 * Creating writes `profile.json` last: it is the commit point. A crash before it leaves only a
 * `profile.db` nobody can decrypt (its salt was never written), which `createProfile` reports
 * rather than deletes, since only the user knows whether a backup of the header exists.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { generateIdentity } from '../crypto/identity.js';
import { logger, sensitive } from '../log.js';
import {
  ProfileCorruptError,
  ProfileExistsError,
  profileNotFound,
  StoreConstraintError,
  storeIo,
  wrongPassphrase,
} from './errors.js';
import {
  decodeProfileHeader,
  fsyncDirectory,
  HEADER_VERSION,
  readHeaderFile,
  writeHeaderFile,
  type ProfileHeader,
} from './header.js';
import { checkMatches, DEFAULT_SCRYPT_PARAMS, deriveProfileKeys, SALT_BYTES, type ScryptParams } from './kdf.js';
import { readLockHolder, removeLockInfo, writeLockInfo } from './lock-info.js';
import { PROFILE_DIR_MODE, PROFILE_FILE_MODE, PROFILE_FILES, profilePath } from './location.js';
import { validatePassphrase } from './passphrase.js';
import { ProfileStore } from './profile-store.js';
import { openDatabase, type StoreContext } from './sqlite.js';
import { assertBytes, assertText } from './validate.js';

const log = logger('store');

/** Whether `dir` holds a profile (its header). */
export function profileExists(dir: string): boolean {
  return existsSync(profilePath(dir, 'header'));
}

/** Options of {@link createProfile}. */
export interface CreateProfileOptions {
  /** The name friends will see. */
  readonly displayName: string;
  /** A 32-byte ed25519 seed to adopt; a fresh random one by default. */
  readonly seed?: Uint8Array;
  /** scrypt cost; {@link DEFAULT_SCRYPT_PARAMS} unless a test needs speed. */
  readonly kdf?: ScryptParams;
  readonly signal?: AbortSignal;
}

/**
 * Creates a profile in `dir` (made with mode 0700 if missing) and returns it open.
 * Throws {@link ProfileExistsError} if `dir` already has one.
 *
 * @example const store = await createProfile(resolveProfileDir({ env: process.env }), passphrase, { displayName: 'ada' });
 */
export async function createProfile(
  dir: string,
  passphrase: string,
  options: CreateProfileOptions,
): Promise<ProfileStore> {
  validatePassphrase(passphrase);
  assertText(options.displayName, 'displayName');
  if (options.seed !== undefined) assertBytes(options.seed, 32, 'seed');
  const kdf = options.kdf ?? DEFAULT_SCRYPT_PARAMS;
  const created = makeDirectory(dir);
  const headerPath = profilePath(dir, 'header');
  const databasePath = profilePath(dir, 'database');
  if (existsSync(headerPath)) throw new ProfileExistsError(dir);
  if (existsSync(databasePath)) {
    throw new ProfileExistsError(
      dir,
      `${PROFILE_FILES.database} is there without ${PROFILE_FILES.header} (an interrupted \`burrow init\`, or a lost header). ` +
        `Without ${PROFILE_FILES.header} it cannot be decrypted: restore the header from a backup, or delete ${PROFILE_FILES.database} to start over`,
    );
  }
  tightenDirectory(dir, created);

  const salt = new Uint8Array(randomBytes(SALT_BYTES));
  const keys = await deriveProfileKeys(passphrase, salt, kdf, options.signal);
  const header: ProfileHeader = {
    version: HEADER_VERSION,
    cipher: 'chacha20',
    kdf: { name: 'scrypt', ...kdf },
    salt,
    check: keys.check,
  };

  createEmptyFile(dir, databasePath);
  const context = storeContext(dir);
  let store: ProfileStore | undefined;
  try {
    store = ProfileStore.attach(openDatabase(databasePath, keys.databaseKey, context), context, {
      onClose: () => removeLockInfo(dir),
    });
    writeLockInfo(dir);
    const seed = options.seed ?? generateIdentity().seed;
    store.identity.create(seed, options.displayName, Date.now());
    store.preferences.startFresh();
    writeHeaderFile(headerPath, header);
    log.info('profile created', { dir: sensitive(dir) });
    return store;
  } catch (error) {
    // Nothing usable was written: without the header the database cannot be decrypted.
    store?.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(databasePath + suffix, { force: true });
    throw error;
  } finally {
    keys.databaseKey.fill(0);
  }
}

/**
 * Opens the profile in `dir` with `passphrase`. Throws `ProfileNotFoundError`,
 * `WrongPassphraseError` (nothing written), {@link ProfileCorruptError},
 * `ProfileLockedError` or `ProfileTooNewError`.
 *
 * @example const store = await openProfile(dir, await readPassphrase({ env: process.env }));
 */
export async function openProfile(
  dir: string,
  passphrase: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<ProfileStore> {
  validatePassphrase(passphrase);
  const header = readHeader(dir);
  const keys = await deriveProfileKeys(passphrase, header.salt, header.kdf, options.signal);
  try {
    if (!checkMatches(keys.check, header.check)) throw wrongPassphrase(dir);
    const databasePath = profilePath(dir, 'database');
    if (!existsSync(databasePath)) throw new ProfileCorruptError(dir, `${PROFILE_FILES.database} is missing`);
    const context = storeContext(dir);
    const store = ProfileStore.attach(openDatabase(databasePath, keys.databaseKey, context), context, {
      onClose: () => removeLockInfo(dir),
    });
    try {
      store.identity.get();
      writeLockInfo(dir);
      store.preferences.adoptFromPreferencesFile(dir);
    } catch (error) {
      store.close();
      throw error instanceof StoreConstraintError
        ? new ProfileCorruptError(dir, 'the database has no identity', error)
        : error;
    }
    log.info('profile opened', { dir: sensitive(dir) });
    return store;
  } finally {
    keys.databaseKey.fill(0);
  }
}

function readHeader(dir: string): ProfileHeader {
  let text: string;
  try {
    text = readHeaderFile(profilePath(dir, 'header'), dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (existsSync(profilePath(dir, 'database'))) {
        throw new ProfileCorruptError(
          dir,
          `${PROFILE_FILES.header} is missing, and without it ${PROFILE_FILES.database} cannot be decrypted`,
        );
      }
      throw profileNotFound(dir);
    }
    if (error instanceof ProfileCorruptError) throw error;
    throw storeIo(dir, `cannot read ${PROFILE_FILES.header} (${code ?? String(error)})`, error);
  }
  return decodeProfileHeader(text, dir);
}

function storeContext(dir: string): StoreContext {
  return { dir, holderPid: () => readLockHolder(dir) };
}

/** Makes `dir` with mode 0700 if missing; returns whether it did. */
function makeDirectory(dir: string): boolean {
  try {
    const created = mkdirSync(dir, { recursive: true, mode: PROFILE_DIR_MODE }) !== undefined;
    if (!statSync(dir).isDirectory()) throw new ProfileExistsError(dir, 'it is not a directory');
    return created;
  } catch (error) {
    if (error instanceof ProfileExistsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new ProfileExistsError(dir, 'it is not a directory');
    throw storeIo(dir, `cannot create the directory (${code ?? String(error)})`, error);
  }
}

/**
 * Makes the profile directory private (0700) if we just made it or it is empty (a directory the
 * user prepared for it). A directory that already holds other files is left as the user set it.
 */
function tightenDirectory(dir: string, created: boolean): void {
  if ((statSync(dir).mode & 0o077) === 0) return;
  const others = readdirSync(dir).filter((name) => name !== PROFILE_FILES.preferences);
  if (created || others.length === 0) chmodSync(dir, PROFILE_DIR_MODE);
  else log.warn('profile directory is accessible to other users; chmod 700 recommended', { dir: sensitive(dir) });
}

/** Creates the database file empty with mode 0600 (SQLite's own files inherit its mode). */
function createEmptyFile(dir: string, path: string): void {
  try {
    closeSync(openSync(path, 'wx', PROFILE_FILE_MODE));
    fsyncDirectory(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ProfileExistsError(dir, 'another process is creating a profile there');
    throw storeIo(dir, `cannot create ${PROFILE_FILES.database} (${code ?? String(error)})`, error);
  }
}
