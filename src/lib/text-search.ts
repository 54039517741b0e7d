/**
 * How the history searches of chat and groups compare text: the query and the text are both
 * NFKC-normalised and lower-cased, so "Ｃａｆé", "CAFÉ" and "café" find each other, then the
 * query must occur as a substring. Pure; shared by both services so a search finds the same
 * things in a 1:1 conversation as in a group.
 */
import { BurrowFailure } from '../errors.js';

/** A query longer than this is refused (no message needs one; it bounds the work per row). */
export const MAX_SEARCH_QUERY_CHARS = 256;
/** Matches a search returns when the caller does not say. */
export const DEFAULT_SEARCH_LIMIT = 50;
/** Most matches one search returns. */
export const MAX_SEARCH_LIMIT = 500;

/** 'InvalidSearchError': an empty or over-long query, or a limit out of range. */
export function invalidSearch(reason: string): BurrowFailure {
  return new BurrowFailure('InvalidSearchError', `Cannot search: ${reason}.`, { action: 'tell-user' });
}

const fold = (text: string): string => text.normalize('NFKC').toLowerCase();

/**
 * The test a search applies to each message text, after checking the query and the limit.
 * @example searchMatcher('Café')('un CAFÉ noir') === true
 */
export function searchMatcher(query: unknown): (text: string) => boolean {
  if (typeof query !== 'string' || query.trim() === '') throw invalidSearch('type some text to look for');
  if (query.length > MAX_SEARCH_QUERY_CHARS)
    throw invalidSearch(`the text to look for is longer than ${MAX_SEARCH_QUERY_CHARS} characters`);
  const needle = fold(query.trim());
  return (text) => fold(text).includes(needle);
}

/** The limit of a search, checked; `undefined` gives the default. */
export function searchLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_SEARCH_LIMIT;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw invalidSearch(`the limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`);
  return limit;
}
