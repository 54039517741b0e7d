/**
 * How a user names a group, an invitation or a member in a command ("accept an
 * unambiguous prefix"): the whole id, or its first characters when no other id starts with
 * them. Pure; the node turns the outcome into a typed error.
 */

/** The fewest characters a prefix must have: fewer match too much to be a deliberate choice. */
export const MIN_REFERENCE_PREFIX_CHARS = 4;

/** What a reference named. */
export type ReferenceMatch =
  { readonly status: 'found'; readonly id: string } | { readonly status: 'none' } | { readonly status: 'ambiguous' };

/**
 * Finds the id among `ids` that `text` names: an exact id (any case, spaces trimmed), else the
 * one id starting with it (at least MIN_REFERENCE_PREFIX_CHARS characters). Inner spaces are
 * dropped, so a fingerprint as shown ('abcd efgh') works as a prefix.
 * @example matchReference('9f86', ['9f86d0…', '12ab…']) // { status: 'found', id: '9f86d0…' }
 */
export function matchReference(text: unknown, ids: Iterable<string>): ReferenceMatch {
  if (typeof text !== 'string') return { status: 'none' };
  const wanted = text
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/\.onion$/, '');
  if (wanted.length === 0) return { status: 'none' };
  const matches: string[] = [];
  for (const id of ids) {
    if (id === wanted) return { status: 'found', id };
    if (wanted.length >= MIN_REFERENCE_PREFIX_CHARS && id.startsWith(wanted)) matches.push(id);
  }
  if (matches.length === 1) return { status: 'found', id: matches[0]! };
  return matches.length === 0 ? { status: 'none' } : { status: 'ambiguous' };
}
