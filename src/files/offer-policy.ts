/**
 * What to do with an incoming offer, from the user's preferences (`files.autoAcceptBelowBytes`,
 * `files.maxSizeBytes` in src/store/preferences.ts): refuse files over the limit, take small
 * ones without asking, ask about the rest.
 */
import { checkInteger } from '../lib/argument-checks.js';
import type { ManifestHeader } from '../protocol/files/manifest-header.js';
import type { BurrowFailure } from '../errors.js';
import { fileTooLarge } from './errors.js';

/** The preferences the decision reads. */
export interface OfferPreferences {
  /** Accept files smaller than this without asking (0: always ask). */
  readonly autoAcceptBelowBytes: number;
  /** Refuse files larger than this. */
  readonly maxSizeBytes: number;
}

/** What to do with an offer. */
export type OfferDecision =
  | { readonly action: 'accept' }
  | { readonly action: 'ask' }
  | { readonly action: 'refuse'; readonly error: BurrowFailure };

/**
 * @example decideOffer(offer.header, { autoAcceptBelowBytes: 1 << 20, maxSizeBytes: 1 << 30 }) // { action: 'ask' } for 5 MB
 */
export function decideOffer(header: ManifestHeader, preferences: OfferPreferences): OfferDecision {
  checkInteger(preferences.autoAcceptBelowBytes, 'autoAcceptBelowBytes', 0, Number.MAX_SAFE_INTEGER);
  checkInteger(preferences.maxSizeBytes, 'maxSizeBytes', 0, Number.MAX_SAFE_INTEGER);
  if (header.size > preferences.maxSizeBytes)
    return { action: 'refuse', error: fileTooLarge(header.size, preferences.maxSizeBytes) };
  if (header.size < preferences.autoAcceptBelowBytes) return { action: 'accept' };
  return { action: 'ask' };
}
