/**
 * Bulk sessions (docs/PROTOCOL.md "2a. Session purpose"): a second session with a friend, on
 * its own Tor circuit, that carries only file data. Tor shares a circuit's cells between its
 * streams in order, and schedules circuits fairly against each other, so a chat message on the
 * main session waits behind file data only if both ride one circuit: with the data here, it
 * does not.
 *
 * - The side that has file data to send asks for one ({@link BulkLinks.want}); a friend may dial
 *   us one the same way. A dial that fails (the friend's node predates bulk sessions and refuses
 *   the handshake, or tor could not connect) is retried after a backoff; meanwhile the data goes
 *   on the main session.
 * - One bulk session per friend: two resolve to one by the same rule as main sessions
 *   (peer-link.ts `preferredSession`), applied among bulk sessions only, so a bulk session never
 *   replaces a main one nor the other way round.
 * - A bulk session carries file messages (and keep-alive pings) only; anything else from the peer
 *   closes it (the host's reader checks). It closes when the main session in use with the friend
 *   ends or is replaced (the host calls {@link BulkLinks.drop}), or the friend is dropped, when
 *   it falls silent (keep-alive.ts, on a shorter clock than main sessions: a dead circuit under
 *   a transfer loses data until noticed), and when it carried no file message for a while
 *   ({@link BulkLinks.closeIdle}).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import type { SecureSession } from '../session/secure-session.js';
import { PeerLink, preferredSession } from './peer-link.js';

const log = logger('node');

/** Wait before dialing a bulk session again after a dial failed; doubles on each failure. */
export const BULK_RETRY_BASE_MS = 5_000;
/** The longest wait between bulk dials (a friend whose node predates bulk sessions is asked this often). */
export const BULK_RETRY_MAX_MS = 5 * 60_000;

/** What {@link BulkLinks} needs from the host. */
export interface BulkLinksOptions {
  readonly self: OnionAddress;
  /** Unix ms. */
  readonly now: () => number;
  /** Dials a bulk session to friend `peer` on its own circuit. */
  readonly dial: (peer: OnionAddress, signal: AbortSignal) => Promise<SecureSession>;
  /** Reads a bulk session until it closes (never rejects). */
  readonly read: (link: PeerLink) => Promise<void>;
  /** Whether a bulk session with `peer` is worth dialing now (a friend whose main session is up). */
  readonly dialable: (peer: OnionAddress) => boolean;
  /** Keeps a background task (the host waits for it when it stops). */
  readonly track: (task: Promise<unknown>) => void;
  /** The bulk session in use with `peer` closed (not called once the node stops). */
  readonly closed: (peer: OnionAddress) => void;
  /** Aborted when the node stops. */
  readonly signal: AbortSignal;
}

interface Retry {
  readonly notBefore: number;
  readonly delayMs: number;
}

/** Every bulk session of the node (see the module comment). */
export class BulkLinks {
  readonly #options: BulkLinksOptions;
  /** The bulk session in use with each friend. */
  readonly #inUse = new Map<OnionAddress, PeerLink>();
  /** Every bulk session not yet closed. */
  readonly #all = new Set<PeerLink>();
  readonly #dialing = new Set<OnionAddress>();
  readonly #retry = new Map<OnionAddress, Retry>();
  /** When each bulk session last carried a file message, either way (unix ms). */
  readonly #lastUsedAt = new WeakMap<PeerLink, number>();

  constructor(options: BulkLinksOptions) {
    this.#options = options;
  }

  /** The open bulk session in use with `peer`, if any. */
  ready(peer: OnionAddress): PeerLink | undefined {
    const link = this.#inUse.get(peer);
    return link?.isOpen === true ? link : undefined;
  }

  /** The open bulk sessions in use, one per friend (for the keep-alive). */
  inUse(): PeerLink[] {
    return [...this.#inUse.values()].filter((link) => link.isOpen);
  }

  /** File data went to or came from `peer` on their bulk session: it is not idle. */
  used(peer: OnionAddress): void {
    const link = this.ready(peer);
    if (link !== undefined) this.#lastUsedAt.set(link, this.#options.now());
  }

  /** Closes the bulk sessions that carried no file message for `idleMs`; the next transfer dials anew. */
  closeIdle(idleMs: number): void {
    const now = this.#options.now();
    for (const link of this.#all) {
      if (now - (this.#lastUsedAt.get(link) ?? 0) < idleMs) continue;
      log.debug('closing an idle bulk session', { peer: sensitive(link.peer) });
      void link.close();
    }
  }

  /** Dials a bulk session to `peer` unless one is up, one is being dialed, or the last dial failed too recently. */
  want(peer: OnionAddress): void {
    if (this.ready(peer) !== undefined || this.#dialing.has(peer) || this.#options.signal.aborted) return;
    if (!this.#options.dialable(peer)) return;
    const retry = this.#retry.get(peer);
    if (retry !== undefined && this.#options.now() < retry.notBefore) return;
    this.#dialing.add(peer);
    const dialed = this.#options.dial(peer, this.#options.signal).then(
      (session) => {
        this.#retry.delete(peer);
        this.add(session);
      },
      (error: unknown) => {
        const delayMs = Math.min(BULK_RETRY_MAX_MS, retry === undefined ? BULK_RETRY_BASE_MS : retry.delayMs * 2);
        this.#retry.set(peer, { notBefore: this.#options.now() + delayMs, delayMs });
        log.info('no bulk session; file data stays on the main session for now', {
          peer: sensitive(peer),
          retryInMs: delayMs,
          error,
        });
      },
    );
    this.#options.track(dialed.finally(() => this.#dialing.delete(peer)));
  }

  /** A bulk session opened (we dialed it, or a friend did): kept, or closed by the duplicate rule. */
  add(session: SecureSession): void {
    const link = new PeerLink(session, this.#options.now());
    const peer = link.peer;
    // No hello on a bulk session (the gate let a friend's in): pinging it is in turn at once.
    link.greeted = true;
    this.#lastUsedAt.set(link, this.#options.now());
    this.#all.add(link);
    this.#options.track(this.#options.read(link).finally(() => this.#closed(link)));
    if (this.#options.signal.aborted) {
      void link.close();
      return;
    }
    const current = this.ready(peer);
    if (current !== undefined && preferredSession(current, link, this.#options.self) === 'current') {
      log.debug('duplicate bulk session: keeping the one already in use', { peer: sensitive(peer) });
      void link.close();
      return;
    }
    this.#inUse.set(peer, link);
    if (current !== undefined) void current.close();
  }

  /** The friend went offline or was dropped: their bulk sessions close, and the next one is dialed afresh. */
  drop(peer: OnionAddress): void {
    this.#retry.delete(peer);
    for (const link of this.#all) if (link.peer === peer) void link.close();
  }

  /** Closes every bulk session (the node stops). */
  closeAll(): Promise<void>[] {
    return [...this.#all].map((link) => link.close());
  }

  #closed(link: PeerLink): void {
    this.#all.delete(link);
    if (this.#inUse.get(link.peer) !== link) return;
    this.#inUse.delete(link.peer);
    if (!this.#options.signal.aborted) this.#options.closed(link.peer);
  }
}
