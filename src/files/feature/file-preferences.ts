/**
 * The user's file limits (auto-accept below a size, refuse above one), read from the profile's
 * preferences at each use so a change applies at once; the defaults when they cannot be read.
 */
import { logger } from '../../log.js';
import { Preferences, PREFERENCE_DEFAULTS } from '../../store/preferences.js';
import type { OfferPreferences } from '../offer-policy.js';

const log = logger('files');

/** The offer preferences in the profile at `dir`. */
export function readOfferPreferences(dir: string): OfferPreferences {
  try {
    const preferences = Preferences.open(dir);
    return {
      autoAcceptBelowBytes: preferences.get('files.autoAcceptBelowBytes'),
      maxSizeBytes: preferences.get('files.maxSizeBytes'),
    };
  } catch (error) {
    log.warn('cannot read the preferences; using the default file limits', { error });
    return {
      autoAcceptBelowBytes: PREFERENCE_DEFAULTS['files.autoAcceptBelowBytes'],
      maxSizeBytes: PREFERENCE_DEFAULTS['files.maxSizeBytes'],
    };
  }
}
