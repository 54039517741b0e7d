/**
 * The host's sessions, by peer: every open one, the one in use with each friend, which friends
 * are online (they greeted us on the session in use), and how many sessions strangers hold.
 * Bookkeeping only: the host decides what to open, adopt and close.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { PeerLink } from './peer-link.js';

/** What closing a link changed. */
export interface Removed {
  /** It was the session in use with its peer. */
  readonly wasActive: boolean;
  /** Its peer was online until now. */
  readonly wentOffline: boolean;
}

/** The session tables. */
export class LinkTable {
  /** Every open session, by peer, oldest first. */
  readonly #byPeer = new Map<OnionAddress, Set<PeerLink>>();
  /** The one session in use with each online friend. */
  readonly #active = new Map<OnionAddress, PeerLink>();
  /** Friends whose active session they greeted us on: the ones shown online. */
  readonly #online = new Set<OnionAddress>();
  /** Inbound sessions of peers who are not (yet) friends, bounded by MAX_NON_FRIEND_SESSIONS. */
  readonly #strangers = new Set<PeerLink>();

  /** A new open session. */
  add(link: PeerLink): void {
    let links = this.#byPeer.get(link.peer);
    if (links === undefined) this.#byPeer.set(link.peer, (links = new Set()));
    links.add(link);
  }

  /** A session closed. */
  remove(link: PeerLink): Removed {
    const peer = link.peer;
    this.#strangers.delete(link);
    const links = this.#byPeer.get(peer);
    links?.delete(link);
    if (links?.size === 0) this.#byPeer.delete(peer);
    if (this.#active.get(peer) !== link) return { wasActive: false, wentOffline: false };
    this.#active.delete(peer);
    return { wasActive: true, wentOffline: this.#online.delete(peer) };
  }

  /** Open sessions with `peer`, oldest first. */
  open(peer: OnionAddress): PeerLink[] {
    return [...(this.#byPeer.get(peer) ?? [])].filter((link) => link.isOpen);
  }

  /** Every session, open or closing (to close them all on stop). */
  all(): PeerLink[] {
    return [...this.#byPeer.values()].flatMap((links) => [...links]);
  }

  /** The session in use with `peer`, if any. */
  active(peer: OnionAddress): PeerLink | undefined {
    return this.#active.get(peer);
  }

  /** Every session in use. */
  actives(): IterableIterator<PeerLink> {
    return this.#active.values();
  }

  /** Makes `link` the session in use with its peer. */
  setActive(link: PeerLink): void {
    this.#active.set(link.peer, link);
  }

  /** Marks `peer` online; returns whether they were offline until now. */
  setOnline(peer: OnionAddress): boolean {
    if (this.#online.has(peer)) return false;
    this.#online.add(peer);
    return true;
  }

  isOnline(peer: OnionAddress): boolean {
    return this.#online.has(peer);
  }

  /** Online friends. */
  onlinePeers(): OnionAddress[] {
    return [...this.#online];
  }

  get onlineCount(): number {
    return this.#online.size;
  }

  /** Counts `link` among the strangers' sessions (or stops counting it: it became a friend session). */
  setStranger(link: PeerLink, stranger: boolean): void {
    if (stranger) this.#strangers.add(link);
    else this.#strangers.delete(link);
  }

  get strangerCount(): number {
    return this.#strangers.size;
  }

  /** Open stranger sessions of `peer`. */
  strangerSessionsOf(peer: OnionAddress): number {
    let count = 0;
    for (const link of this.#strangers) if (link.peer === peer) count++;
    return count;
  }

  /** The oldest stranger session on which nothing was said yet (the set keeps insertion order). */
  oldestSilentStranger(): PeerLink | undefined {
    for (const link of this.#strangers) if (!link.heard) return link;
    return undefined;
  }
}
