/**
 * The recipient's memory of envelopes addressed to it: which ids it delivered (with the
 * receipt, to send again to any friend that offers another copy) and which it rejected, so a
 * message is shown once however many copies arrive, and junk is opened once.
 *
 * Exactly once across paths: one envelope id is delivered at most once here. The same message
 * can also arrive in a second envelope (the sender sealed it again after every copy was
 * dropped) or directly over a session; the services dedupe those by their own ids (the chat
 * message id, the group message id), which the relayed payload carries.
 */
import type { RelayReceipt } from '../protocol/relay/release-codec.js';
import { hex } from '../lib/hex.js';

/** What we did with an envelope addressed to us. */
export type InboxEntry =
  | { readonly state: 'delivered'; readonly receipt: RelayReceipt; readonly expiry: number }
  | { readonly state: 'rejected'; readonly expiry: number };

/**
 * Bounded log of envelope ids addressed to us.
 * @example if (inbox.get(envelope.id) === undefined) inbox.delivered(envelope.id, envelope.expiry, receipt)
 */
export class RelayInbox {
  readonly #entries = new Map<string, InboxEntry>();
  /** Keys changed or forgotten since the last {@link takeDirty}, last change last (the map's own order). */
  readonly #dirty = new Set<string>();
  readonly #max: number;
  /**
   * Copies (by content digest) that failed to open or verify. Kept apart from the ids: a copy
   * anyone can forge under a genuine envelope's id says nothing about that id, so only the same
   * bytes are refused from memory. In memory only: after a restart junk is opened once more.
   */
  readonly #rejectedCopies = new Set<string>();

  constructor(maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new TypeError(`maxEntries must be a positive integer, got ${String(maxEntries)}`);
    this.#max = maxEntries;
  }

  /** What we did with `id`, if we remember: only a delivered envelope settles an id. */
  get(id: Uint8Array): InboxEntry | undefined {
    return this.#entries.get(hex(id));
  }

  /** Entries remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /** Remembers `id` as delivered with its receipt. */
  delivered(id: Uint8Array, expiry: number, receipt: RelayReceipt): void {
    this.#set(hex(id), { state: 'delivered', receipt, expiry });
  }

  /** Remembers a copy (its content digest) that could not be opened or verified. */
  rejectedCopy(digest: Uint8Array): void {
    const key = hex(digest);
    this.#rejectedCopies.delete(key);
    this.#rejectedCopies.add(key);
    for (const oldest of this.#rejectedCopies) {
      if (this.#rejectedCopies.size <= this.#max) break;
      this.#rejectedCopies.delete(oldest);
    }
  }

  /** Whether this very copy was refused before. */
  isRejectedCopy(digest: Uint8Array): boolean {
    return this.#rejectedCopies.has(hex(digest));
  }

  /** Forgets entries whose expiry passed more than `graceS` seconds before `now` (unix s): no copy can still arrive. */
  sweep(now: number, graceS: number): void {
    for (const [key, entry] of this.#entries) if (entry.expiry + graceS < now) this.#forget(key);
  }

  /** Loads entries saved earlier (oldest first, keyed by the id in hex) into an empty inbox. */
  restore(entries: Iterable<readonly [string, InboxEntry]>): void {
    if (this.#entries.size > 0) throw new RangeError('restore() needs an empty inbox');
    // Profiles written before copies were told apart from ids may hold 'rejected' ids: a
    // rejection never settles an id, so they are dropped (and forgotten in the store).
    for (const [key, entry] of entries) {
      if (entry.state === 'delivered') this.#entries.set(key, entry);
      else this.#dirty.add(key);
    }
  }

  /**
   * Entries changed since the last call, in the inbox's own order (oldest first), and keys of
   * entries forgotten since; clears the list.
   */
  takeDirty(): { readonly changed: [string, InboxEntry][]; readonly forgotten: string[] } {
    const changed: [string, InboxEntry][] = [];
    const forgotten: string[] = [];
    for (const key of this.#dirty) {
      const entry = this.#entries.get(key);
      if (entry === undefined) forgotten.push(key);
      else changed.push([key, entry]);
    }
    this.#dirty.clear();
    return { changed, forgotten };
  }

  #set(key: string, entry: InboxEntry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // Re-added, so the dirty list keeps the map's order: the newest change goes last.
    this.#dirty.delete(key);
    this.#dirty.add(key);
    // Oldest first; a forgotten id that arrives again is caught by the services' own dedupe.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break;
      this.#forget(oldest);
    }
  }

  #forget(key: string): void {
    this.#entries.delete(key);
    this.#dirty.add(key);
  }
}
