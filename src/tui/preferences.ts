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
export type SettingName = 'bell' | 'title';

/** Every setting, with the preference key it is stored under and what it does. */
export const SETTINGS: Readonly<Record<SettingName, { readonly key: string; readonly summary: string }>> = {
  bell: {
    key: 'notifications.bell',
    summary: 'ring the terminal bell when a message arrives in a conversation that is not open',
  },
  title: { key: 'notifications.title', summary: 'show the unread count in the terminal title' },
};

/** The names `/set` accepts, in the order help lists them. */
export const SETTING_NAMES: readonly SettingName[] = ['bell', 'title'];

/** Reads a setting; anything but an explicit `false` counts as on (both default to on). */
export function readSetting(preferences: TuiPreferences, name: SettingName): boolean {
  return preferences.get(SETTINGS[name].key) !== false;
}

/** Stores a setting. */
export function writeSetting(preferences: TuiPreferences, name: SettingName, on: boolean): void {
  preferences.set(SETTINGS[name].key, on);
}
