/**
 * Cosmetic preferences of one profile, in `<profile>/preferences.json` through `conf`
 * (docs/ARCHITECTURE.md "Storage": conf holds only non-secret preferences that change nothing a
 * peer may do). Secrets, anything about contacts, and every setting that decides what peers may
 * do to us (protected-preferences.ts) belong in the encrypted store, never here.
 */
import Conf from 'conf';
import { dirname, join } from 'node:path';
import { preferencesInvalid, storeIo } from './errors.js';
import { PROFILE_FILE_MODE, PROFILE_FILES } from './location.js';

/** Every preference, by its dotted key. */
export interface PreferenceValues {
  /** Ring the terminal bell on a new message. */
  readonly 'notifications.bell': boolean;
  /** Show unread counts in the terminal title. */
  readonly 'notifications.title': boolean;
}

/** A preference key. */
export type PreferenceKey = keyof PreferenceValues;

/** The values used when the file does not set one. */
export const PREFERENCE_DEFAULTS: Readonly<PreferenceValues> = Object.freeze({
  'notifications.bell': true,
  'notifications.title': true,
});

/**
 * Sections an older Burrow kept here and that now live in the encrypted store: still accepted
 * in the file (so that it stays valid), read once to be taken over, then removed.
 */
const LEGACY_SECTIONS = {
  files: ['autoAcceptBelowBytes', 'maxSizeBytes'],
  relay: ['maxEnvelopesPerFriend', 'maxBytesPerFriend'],
} as const;

/** The file's shape: nested objects, as a person editing it would expect. */
interface PreferenceFile extends Record<string, unknown> {
  notifications?: { bell?: boolean; title?: boolean };
  files?: Record<string, unknown>;
  relay?: Record<string, unknown>;
}

const byteCount = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const section = (properties: Record<string, object>) =>
  ({ type: 'object', properties, additionalProperties: false }) as const;

// Schema for conf (JSON Schema 2020-12 via ajv): types only; defaults are applied in get().
const SCHEMA = {
  notifications: section({ bell: { type: 'boolean' }, title: { type: 'boolean' } }),
  files: section({ autoAcceptBelowBytes: byteCount, maxSizeBytes: byteCount }),
  relay: section({ maxEnvelopesPerFriend: byteCount, maxBytesPerFriend: byteCount }),
};

const KEYS = Object.keys(PREFERENCE_DEFAULTS) as PreferenceKey[];

/** Typed access to a profile's preferences. Every `set` is written to disk at once (atomic rename). */
export class Preferences {
  readonly #conf: Conf<PreferenceFile>;

  private constructor(conf: Conf<PreferenceFile>) {
    this.#conf = conf;
  }

  /**
   * Opens `<dir>/preferences.json` (missing is fine: every key has a default). Throws
   * `PreferencesInvalidError` when the file is not valid JSON or breaks the schema.
   *
   * @example const prefs = Preferences.open(profileDir); if (prefs.get('notifications.bell')) process.stdout.write('\x07');
   */
  static open(dir: string): Preferences {
    const path = join(dir, PROFILE_FILES.preferences);
    return guard(path, () => {
      const conf = new Conf<PreferenceFile>({
        cwd: dir,
        configName: PROFILE_FILES.preferences.replace(/\.json$/, ''),
        schema: SCHEMA,
        rootSchema: { additionalProperties: false },
        configFileMode: PROFILE_FILE_MODE,
        clearInvalidConfig: false,
        watch: false,
      });
      return new Preferences(conf);
    });
  }

  /** The file's path. */
  get path(): string {
    return this.#conf.path;
  }

  /** The value of `key` (its default when unset). */
  get<K extends PreferenceKey>(key: K): PreferenceValues[K] {
    assertKey(key);
    const value = guard(this.path, () => this.#conf.get(key as string) as PreferenceValues[K] | undefined);
    return value ?? PREFERENCE_DEFAULTS[key];
  }

  /** Every preference with defaults filled in. */
  all(): PreferenceValues {
    return Object.fromEntries(KEYS.map((key) => [key, this.get(key)])) as unknown as PreferenceValues;
  }

  /** Sets `key`; throws a TypeError naming the key if the value has the wrong type or range. */
  set<K extends PreferenceKey>(key: K, value: PreferenceValues[K]): void {
    assertKey(key);
    if (typeof value !== typeof PREFERENCE_DEFAULTS[key]) throw new TypeError(`${key} must be a boolean`);
    guard(this.path, () => this.#conf.set(key, value));
  }

  /** What the file holds in the sections that moved to the encrypted store, by dotted key. */
  legacyValues(): ReadonlyMap<string, unknown> {
    const found = new Map<string, unknown>();
    for (const [name, keys] of Object.entries(LEGACY_SECTIONS)) {
      for (const key of keys) {
        const value = guard(this.path, (): unknown => this.#conf.get(`${name}.${key}`));
        if (value !== undefined) found.set(`${name}.${key}`, value);
      }
    }
    return found;
  }

  /** Removes the sections that moved to the encrypted store from the file. */
  dropLegacyValues(): void {
    for (const name of Object.keys(LEGACY_SECTIONS)) guard(this.path, () => this.#conf.delete(name as never));
  }

  /** Removes `key` from the file, so its default applies again. */
  reset(key: PreferenceKey): void {
    assertKey(key);
    guard(this.path, () => this.#conf.delete(key as string as never));
  }
}

function assertKey(key: unknown): asserts key is PreferenceKey {
  if (typeof key !== 'string' || !Object.hasOwn(PREFERENCE_DEFAULTS, key))
    throw new TypeError(`Unknown preference ${String(key)}; known: ${KEYS.join(', ')}`);
}

/** conf reports a bad file with a SyntaxError or an Error "Config schema violation: …"; fs errors carry a code. */
function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SyntaxError) throw preferencesInvalid(path, 'not valid JSON', error);
    if (error instanceof Error && error.message.startsWith('Config schema violation')) {
      throw preferencesInvalid(path, error.message.replace(/^Config schema violation: /, ''), error);
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string')
      throw storeIo(dirname(path), `cannot access ${PROFILE_FILES.preferences} (${code})`, error);
    throw error;
  }
}
