/**
 * The user's file limits (auto-accept below a size, refuse above one), read from the profile's
 * protected preferences (the encrypted store, never preferences.json) at each use so a change
 * applies at once.
 */
import type { ProtectedPreferences } from '../../store/protected-preferences.js';
import type { OfferPreferences } from '../offer-policy.js';

/** The offer preferences of an open profile. */
export function readOfferPreferences(preferences: ProtectedPreferences): OfferPreferences {
  return {
    autoAcceptBelowBytes: preferences.get('files.autoAcceptBelowBytes'),
    maxSizeBytes: preferences.get('files.maxSizeBytes'),
  };
}
