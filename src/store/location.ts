/**
 * Where a profile lives, and the names of the files inside it.
 *
 * Precedence: `--profile DIR` > `BURROW_HOME` > `$XDG_DATA_HOME/burrow` > `~/.local/share/burrow`
 * (XDG Base Directory Specification 0.8: `$XDG_DATA_HOME` defaults to `$HOME/.local/share`, and
 * "if an implementation encounters a relative path in any of these variables it should consider
 * the path invalid and ignore it").
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The files of a profile directory. */
export const PROFILE_FILES = {
  /** Non-secret header: format version, KDF parameters, salt, passphrase check. */
  header: 'profile.json',
  /** The encrypted SQLite database (plus SQLite's `-wal` beside it while open). */
  database: 'profile.db',
  /** Pid of the process holding the profile, for the "in use" message. Informational only. */
  lockInfo: 'profile.lock',
  /** Non-secret preferences (conf). */
  preferences: 'preferences.json',
} as const;

/** Directory mode: only the owner may list or enter it. */
export const PROFILE_DIR_MODE = 0o700;
/** File mode of every file Burrow writes into a profile. */
export const PROFILE_FILE_MODE = 0o600;

/** Options of {@link resolveProfileDir}. */
export interface ResolveProfileDirOptions {
  /** The value of `--profile DIR`, if given. Relative paths resolve against the working directory. */
  readonly profileFlag?: string | undefined;
  /** The environment to read (`process.env` in the CLI). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Home directory when `HOME` is unset (default `os.homedir()`). */
  readonly homeDir?: string;
}

/**
 * The absolute path of the profile directory to use.
 * @example resolveProfileDir({ env: process.env }) // '/home/ada/.local/share/burrow'
 */
export function resolveProfileDir(options: ResolveProfileDirOptions): string {
  const nonEmpty = (value: string | undefined): value is string => typeof value === 'string' && value !== '';
  if (nonEmpty(options.profileFlag)) return resolve(options.profileFlag);
  const burrowHome = options.env['BURROW_HOME'];
  if (nonEmpty(burrowHome)) return resolve(burrowHome);
  const xdgDataHome = options.env['XDG_DATA_HOME'];
  if (nonEmpty(xdgDataHome) && isAbsolute(xdgDataHome)) return join(xdgDataHome, 'burrow');
  const home = nonEmpty(options.env['HOME']) ? options.env['HOME'] : (options.homeDir ?? homedir());
  return resolve(home, '.local', 'share', 'burrow');
}

/** The path of one profile file. */
export function profilePath(dir: string, file: keyof typeof PROFILE_FILES): string {
  return join(dir, PROFILE_FILES[file]);
}
