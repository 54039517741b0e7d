/**
 * The TUI's preferences (non-secret, kept with `conf` by the caller: docs/ARCHITECTURE.md "Storage").
 * The TUI sees them through {@link TuiPreferences}, so it never touches the disk itself.
 */

/** What the TUI needs from a preference store; `conf`'s `get`/`set` fit it as they are. */
export interface TuiPreferences {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Settings the user can change with `/set <name> on|off`. */
export type SettingName = 'bell' | 'title' | 'notify' | 'preview';

/** A setting: the preference key it is stored under, what it does, and whether it is on until changed. */
export interface SettingInfo {
  readonly key: string;
  readonly summary: string;
  readonly defaultOn: boolean;
}

/** Every setting, with the preference key it is stored under and what it does. */
export const SETTINGS: Readonly<Record<SettingName, SettingInfo>> = {
  bell: {
    key: 'notifications.bell',
    summary: 'ring the terminal bell when a message arrives in a conversation that is not open',
    defaultOn: true,
  },
  title: { key: 'notifications.title', summary: 'show the unread count in the terminal title', defaultOn: true },
  notify: {
    key: 'notifications.desktop',
    summary:
      'desktop notifications (OSC 9/777 in the terminal, notify-send where present) naming who wrote; off until you turn it on',
    defaultOn: false,
  },
  preview: {
    key: 'notifications.preview',
    summary: 'put the message text in desktop notifications too (off: only who wrote)',
    defaultOn: false,
  },
};

/** The names `/set` accepts, in the order help lists them. */
export const SETTING_NAMES: readonly SettingName[] = ['bell', 'title', 'notify', 'preview'];

/**
 * Reads a setting. A setting that is on by default stays on unless explicitly `false`; one
 * that is off by default is on only when explicitly `true`.
 */
export function readSetting(preferences: TuiPreferences, name: SettingName): boolean {
  const value = preferences.get(SETTINGS[name].key);
  return SETTINGS[name].defaultOn ? value !== false : value === true;
}

/** Stores a setting. */
export function writeSetting(preferences: TuiPreferences, name: SettingName, on: boolean): void {
  preferences.set(SETTINGS[name].key, on);
}

/** Every setting's current value. */
export function readSettings(preferences: TuiPreferences): Readonly<Record<SettingName, boolean>> {
  return Object.fromEntries(SETTING_NAMES.map((name) => [name, readSetting(preferences, name)])) as Record<
    SettingName,
    boolean
  >;
}
