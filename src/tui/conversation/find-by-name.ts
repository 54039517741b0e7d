/**
 * How a name the user typed finds what it means (a contact, a group member, an invitation),
 * pure: an exact label in any case, else the one label that starts with it; when several fit,
 * the error names them so the user can type more.
 */

/** What was found, or why nothing was. */
export type Found<T> = { readonly found: T } | { readonly error: string };

/** How the candidates are named. */
export interface NameLookup<T> {
  /** Every label a candidate answers to. */
  readonly labels: (candidate: T) => readonly string[];
  /** What a candidate is ("contact", "member"…), for errors. */
  readonly what: string;
  /** How an ambiguous match is listed. */
  readonly describe: (candidate: T) => string;
  /** What is typed is compared after this (lower case is always applied). */
  readonly normalize: (typed: string) => string;
  /** The end of the "could be" error, e.g. "type more of the name." */
  readonly hint: string;
}

/** The candidate `typed` names (see the file comment). */
export function findByName<T>(typed: string, candidates: readonly T[], lookup: NameLookup<T>): Found<T> {
  const wanted = lookup.normalize(typed.trim().toLowerCase());
  if (wanted === '') return { error: `Which ${lookup.what}? (Tab completes.)` };
  const exact = candidates.filter((candidate) =>
    lookup.labels(candidate).some((label) => label.toLowerCase() === wanted),
  );
  const matches =
    exact.length > 0
      ? exact
      : candidates.filter((candidate) =>
          lookup.labels(candidate).some((label) => label.toLowerCase().startsWith(wanted)),
        );
  if (matches.length === 1) return { found: matches[0]! };
  if (matches.length === 0) return { error: `No ${lookup.what} called "${typed.trim()}".` };
  return { error: `"${typed.trim()}" could be ${matches.map(lookup.describe).join(', ')}: ${lookup.hint}` };
}
