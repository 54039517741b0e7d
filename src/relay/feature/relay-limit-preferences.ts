/**
 * The limits this node holds envelopes for friends within, as the user set them (`burrow ctl
 * relay limits`): kept among the protected preferences, checked before they are stored.
 */
import type { ProtectedPreferences } from '../../store/protected-preferences.js';
import { invalidRelayLimit } from '../errors.js';
import type { HolderLimits } from '../holder-limits.js';
import type { RelayLimitsChange } from './api.js';

/** The limits saved in the profile (those never set are left to the engine's defaults). */
export function savedRelayLimits(preferences: ProtectedPreferences): Partial<HolderLimits> {
  return {
    maxEnvelopesPerFriend: preferences.get('relay.maxEnvelopesPerFriend'),
    maxBytesPerFriend: preferences.get('relay.maxBytesPerFriend'),
  };
}

/** Checks a change (whole numbers ≥ 0, else 'InvalidRelayLimitError'), saves it, and returns what changed. */
export function saveRelayLimits(preferences: ProtectedPreferences, change: RelayLimitsChange): Partial<HolderLimits> {
  const limits: { -readonly [K in keyof RelayLimitsChange]: number } = {};
  for (const key of ['maxEnvelopesPerFriend', 'maxBytesPerFriend'] as const) {
    const value = change[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidRelayLimit(key);
    limits[key] = value;
  }
  if (limits.maxEnvelopesPerFriend !== undefined)
    preferences.set('relay.maxEnvelopesPerFriend', limits.maxEnvelopesPerFriend);
  if (limits.maxBytesPerFriend !== undefined) preferences.set('relay.maxBytesPerFriend', limits.maxBytesPerFriend);
  return limits;
}
