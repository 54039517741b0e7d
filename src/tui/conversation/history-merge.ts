/**
 * How pages and events of a history combine, pure: what the paged-history hook
 * (hooks/use-paged-history.ts) does with what it fetches and what arrives.
 */

/** What a history holds: items with ids. */
export interface Identified {
  readonly id: string;
}

/** Adds `incoming` to `items`, replacing an item with the same id in place (the incoming copy is newer). */
export function upsertMessages<T extends Identified>(items: readonly T[], incoming: readonly T[]): readonly T[] {
  if (incoming.length === 0) return items;
  const replacements = new Map(incoming.map((item) => [item.id, item]));
  const updated = items.map((item) => {
    const replacement = replacements.get(item.id);
    if (replacement === undefined) return item;
    replacements.delete(item.id);
    return replacement;
  });
  return replacements.size === 0 ? updated : [...updated, ...replacements.values()];
}

/**
 * The newest `page` (in display order, from the node) in place of what it covers: items held
 * but not in it are older ones (loaded by scrolling up) and stay before it. One that arrived
 * while the page was on its way is put right by the fetch its arrival scheduled.
 */
export function placePage<T extends Identified>(held: readonly T[], page: readonly T[]): T[] {
  const ids = new Set(page.map((item) => item.id));
  return [...held.filter((item) => !ids.has(item.id)), ...page];
}
