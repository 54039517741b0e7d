/**
 * One open session with a peer plus what the host tracks about it, and the rule that picks
 * one session when a pair ends up with two.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import { encodeMessage, type WireMessage } from '../protocol/envelope/index.js';
import type { SecureSession } from '../session/secure-session.js';
import { SessionClosedError } from '../session/session-errors.js';
import type { FeatureSession } from './feature.js';

const log = logger('node');

/** An open session and the host's bookkeeping for it; features see it as a {@link FeatureSession}. */
export class PeerLink implements FeatureSession {
  /** Unix ms of the last message received (keepalive). */
  lastReceivedAt: number;
  /**
   * The peer spoke on this friend session (its hello, normally). Until then the session may be
   * one their gate is about to drop, so we send nothing but our hello on it.
   */
  greeted = false;
  /** Closes a session that never became a friend session (NON_FRIEND_SESSION_MAX_MS). */
  lifetimeTimer: NodeJS.Timeout | undefined;
  /** Closes a stranger's session that stays silent (STRANGER_SILENCE_MS). */
  silenceTimer: NodeJS.Timeout | undefined;
  /** The peer sent at least one message on this session. */
  heard = false;
  /** {@link whenHandled} callers, by the hex id of the ping they wait for the pong of. */
  readonly #awaitingPong = new Map<string, ((handled: boolean) => void)[]>();
  /** The last ping {@link whenHandled} sent, while nothing else was sent after it: later callers share it. */
  #lastPing: string | undefined;

  constructor(
    readonly session: SecureSession,
    now: number,
  ) {
    this.lastReceivedAt = now;
    void session.closed.then(() => {
      const waiting = [...this.#awaitingPong.values()].flat();
      this.#awaitingPong.clear();
      for (const settle of waiting) settle(false);
    });
  }

  /** The peer's onion address (proven by the handshake). */
  get peer(): OnionAddress {
    return this.session.peer;
  }

  get role(): 'initiator' | 'responder' {
    return this.session.role;
  }

  get isOpen(): boolean {
    return this.session.isOpen;
  }

  async send(message: WireMessage): Promise<void> {
    this.#lastPing = undefined;
    await this.session.send(encodeMessage(message));
  }

  post(message: WireMessage): void {
    this.send(message).catch((error: unknown) => {
      if (!(error instanceof SessionClosedError))
        log.warn('sending failed', { peer: sensitive(this.peer), kind: message.kind, error });
    });
  }

  /**
   * Calls `onHandled(true)` once the peer has handled everything sent on this session so far, or
   * `onHandled(false)` if the session closes first: it pings (`pingId`), and a peer reads a
   * session in order and handles each message before the next, so its pong comes after.
   * Callers with nothing sent between them share one ping (`pingId` is then unused): a friend
   * owed a hundred relay receipts gets one ping after them, not a hundred.
   */
  whenHandled(pingId: Uint8Array, onHandled: (handled: boolean) => void): void {
    if (!this.isOpen) return onHandled(false);
    const shared = this.#lastPing === undefined ? undefined : this.#awaitingPong.get(this.#lastPing);
    if (shared !== undefined) {
      shared.push(onHandled);
      return;
    }
    const key = Buffer.from(pingId).toString('hex');
    this.#awaitingPong.set(key, [onHandled]);
    this.post({ kind: 'ping', id: pingId });
    this.#lastPing = key;
  }

  /** The peer answered ping `pingId`. */
  pong(pingId: Uint8Array): void {
    const key = Buffer.from(pingId).toString('hex');
    const waiting = this.#awaitingPong.get(key) ?? [];
    this.#awaitingPong.delete(key);
    if (this.#lastPing === key) this.#lastPing = undefined;
    for (const settle of waiting) settle(true);
  }

  /** Closes the session; a failure to close is only logged (the close handler runs either way). */
  async close(): Promise<void> {
    try {
      await this.session.close();
    } catch (error) {
      log.warn('closing a session failed', { peer: sensitive(this.peer), error });
    }
  }
}

/** The two facts about a session that decide which of two duplicates survives. */
export interface DuplicateCandidate {
  readonly session: { readonly role: 'initiator' | 'responder'; readonly peer: OnionAddress };
}

/**
 * Which of two open sessions between the same pair to keep (docs/ARCHITECTURE.md: two simultaneous
 * connections resolve to one, deterministically). Both sides compute the same answer without
 * talking: keep the session dialed by the lexicographically smaller onion address. If one side
 * dialed both, keep the newer one: the older is a session that side already gave up on.
 *
 * @returns 'current' to keep the session already in use, 'candidate' to switch to the new one
 */
export function preferredSession(
  current: DuplicateCandidate,
  candidate: DuplicateCandidate,
  self: OnionAddress,
): 'current' | 'candidate' {
  const dialerOf = (link: DuplicateCandidate): OnionAddress =>
    link.session.role === 'initiator' ? self : link.session.peer;
  const currentDialer = dialerOf(current);
  const candidateDialer = dialerOf(candidate);
  if (currentDialer === candidateDialer) return 'candidate';
  return currentDialer < candidateDialer ? 'current' : 'candidate';
}
