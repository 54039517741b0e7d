/**
 * The preferences that decide what peers may do to us — which offered files are taken without
 * asking, how big a file may be, how much a friend may leave with us to relay — kept in the
 * encrypted database (settings-repository.ts), never in preferences.json: whoever can write the
 * profile folder but not unlock it must not be able to switch them (docs/ARCHITECTURE.md
 * "Storage"). A value an older Burrow left in preferences.json is taken over once, at the first
 * open, and removed from the file; one written there afterwards is ignored.
 */
import { logger, sensitive } from '../log.js';
import { Preferences } from './preferences.js';
import type { SettingsRepository } from './settings-repository.js';

/** Where the values live: the `settings` table of the open profile. */
export type SettingsTable = Pick<SettingsRepository, 'get' | 'set' | 'delete'>;

const log = logger('store');

/** Every protected preference, by its dotted key. */
export interface ProtectedPreferenceValues {
  /** Accept offered files smaller than this without asking (0: always ask). */
  readonly 'files.autoAcceptBelowBytes': number;
  /** Refuse offered files larger than this. */
  readonly 'files.maxSizeBytes': number;
  /** Sealed envelopes we hold for one friend's offline contacts at most. */
  readonly 'relay.maxEnvelopesPerFriend': number;
  /** Bytes of sealed envelopes we hold for one friend at most. */
  readonly 'relay.maxBytesPerFriend': number;
  /** 1: the public address is published (docs/PROTOCOL.md "Visibility"); 0: closed. */
  readonly 'visibility.open': number;
  /** Unix ms at which an address opened for a window closes (0: no window). */
  readonly 'visibility.openUntil': number;
  /** How many of our latest posts a new friend reads when they join (0: from then on). */
  readonly 'walls.firstSyncPosts': number;
}

export type ProtectedPreferenceKey = keyof ProtectedPreferenceValues;

/** The values used while one is not set. */
export const PROTECTED_PREFERENCE_DEFAULTS: Readonly<ProtectedPreferenceValues> = Object.freeze({
  'files.autoAcceptBelowBytes': 0,
  'files.maxSizeBytes': 1024 * 1024 * 1024,
  'relay.maxEnvelopesPerFriend': 1000,
  'relay.maxBytesPerFriend': 16 * 1024 * 1024,
  'visibility.open': 1,
  'visibility.openUntil': 0,
  'walls.firstSyncPosts': 0,
});

const KEYS = Object.keys(PROTECTED_PREFERENCE_DEFAULTS) as ProtectedPreferenceKey[];
/** Set once preferences.json was looked at for values an older Burrow kept there. */
const ADOPTED_MARKER = 'store.adoptedPreferencesJson';

/** Typed access to the protected preferences of an open profile. */
export class ProtectedPreferences {
  readonly #settings: SettingsTable;

  constructor(settings: SettingsTable) {
    this.#settings = settings;
  }

  /** The value of `key` (its default when unset). */
  get<K extends ProtectedPreferenceKey>(key: K): ProtectedPreferenceValues[K] {
    assertKey(key);
    return this.#settings.get(key) ?? PROTECTED_PREFERENCE_DEFAULTS[key];
  }

  /** Every protected preference with defaults filled in. */
  all(): ProtectedPreferenceValues {
    return Object.fromEntries(KEYS.map((key) => [key, this.get(key)])) as unknown as ProtectedPreferenceValues;
  }

  /** Sets `key`; throws a TypeError naming the key unless the value is a non-negative integer. */
  set(key: ProtectedPreferenceKey, value: number): void {
    assertKey(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw new TypeError(`${key} must be a non-negative integer`);
    this.#settings.set(key, value);
  }

  /** Removes `key`, so its default applies again. */
  reset(key: ProtectedPreferenceKey): void {
    assertKey(key);
    this.#settings.delete(key);
  }

  /** A new profile has no older preferences.json to take over: a file found later is never adopted. */
  startFresh(): void {
    this.#settings.set(ADOPTED_MARKER, 1);
  }

  /**
   * Takes over, once, what an older Burrow kept in `<dir>/preferences.json`, and removes it from
   * the file. Later calls only remove such values (and say so in the log): from now on the file
   * cannot set them. An unreadable file is left alone (its cosmetic settings are not ours to judge).
   */
  adoptFromPreferencesFile(dir: string): void {
    const adopted = this.#settings.get(ADOPTED_MARKER) === 1;
    let file: Preferences;
    let found: ReadonlyMap<string, unknown>;
    try {
      file = Preferences.open(dir);
      found = file.legacyValues();
    } catch (error) {
      log.warn('preferences.json unreadable; no protected preference taken from it', { error });
      return;
    }
    if (adopted && found.size > 0) {
      log.warn('preferences.json tried to set protected preferences; ignored and removed', {
        keys: [...found.keys()].join(','),
        path: sensitive(file.path),
      });
    }
    if (!adopted) {
      for (const [key, value] of found) {
        if (Object.hasOwn(PROTECTED_PREFERENCE_DEFAULTS, key) && typeof value === 'number')
          this.set(key as ProtectedPreferenceKey, value);
      }
      this.#settings.set(ADOPTED_MARKER, 1);
    }
    if (found.size > 0) file.dropLegacyValues();
  }
}

function assertKey(key: unknown): asserts key is ProtectedPreferenceKey {
  if (typeof key !== 'string' || !Object.hasOwn(PROTECTED_PREFERENCE_DEFAULTS, key))
    throw new TypeError(`Unknown protected preference ${String(key)}; known: ${KEYS.join(', ')}`);
}
