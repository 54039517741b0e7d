/**
 * Who may read what on our wall (docs/PROTOCOL.md "Walls"), as pure rules over what the owner
 * keeps: the readers each epoch key was sealed to, and the items of each epoch.
 *
 * - The audience is every friend. An epoch's readers are the audience at the moment its key was
 *   made; a new epoch is made before the next item whenever the audience is no longer exactly
 *   those readers (someone left: they must not read what follows; someone joined: they read
 *   from then on).
 * - A sync answer goes only to a reader in the audience now, and carries only items of epochs
 *   whose key was sealed to them, after the seq they say they hold.
 */

/** What the owner keeps of one item, for choosing what to send. */
export interface HeldItemRef {
  readonly seq: number;
  /** The epoch, hex. */
  readonly epoch: string;
}

/** Whether a new epoch must be made before publishing: none yet, or its readers are not the audience. */
export function needsNewEpoch(readers: ReadonlySet<string> | undefined, audience: ReadonlySet<string>): boolean {
  if (readers === undefined || readers.size !== audience.size) return true;
  for (const reader of audience) if (!readers.has(reader)) return true;
  return false;
}

/**
 * The items of a sync answer to `reader`, oldest first, at most `limit`, and the epochs whose
 * keys go with them (the reader may have missed a key sent while it was away).
 * @example syncAnswer({ items, since: 0, reader: 'b', inAudience: true, readersOf, limit: 1000 })
 */
export function syncAnswer(query: {
  readonly items: readonly HeldItemRef[];
  readonly since: number;
  readonly reader: string;
  readonly inAudience: boolean;
  readonly readersOf: (epoch: string) => ReadonlySet<string> | undefined;
  readonly limit: number;
}): { readonly items: readonly HeldItemRef[]; readonly epochs: readonly string[] } {
  if (!query.inAudience) return { items: [], epochs: [] };
  const items = query.items
    .filter((item) => item.seq > query.since && query.readersOf(item.epoch)?.has(query.reader) === true)
    .sort((a, b) => a.seq - b.seq)
    .slice(0, Math.max(0, query.limit));
  return { items, epochs: [...new Set(items.map((item) => item.epoch))] };
}
