/**
 * One open session with a peer plus what the node tracks about it, and the rule that picks
 * one session when a pair ends up with two.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { SecureSession } from '../session/secure-session.js';

/** An open session and the node's bookkeeping for it. */
export class PeerLink {
  /** Hex ids of chat messages written on this session (each is written once per session; resent on the next). */
  readonly sent = new Set<string>();
  /** Unix ms of the last message received (keepalive). */
  lastReceivedAt: number;
  /** Hex id of the contact request we sent on this session, until its ack arrives. */
  pendingRequestId: string | undefined;
  /**
   * The peer spoke on this friend session (its hello, normally). Until then the session may be
   * one their gate is about to drop, so we send nothing but our hello on it.
   */
  greeted = false;
  /** Closes a session that never became a friend session (NON_FRIEND_SESSION_MAX_MS). */
  lifetimeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly session: SecureSession,
    now: number,
  ) {
    this.lastReceivedAt = now;
  }

  /** The peer's onion address (proven by the handshake). */
  get peer(): OnionAddress {
    return this.session.peer;
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
export function preferredSession(current: DuplicateCandidate, candidate: DuplicateCandidate, self: OnionAddress): 'current' | 'candidate' {
  const dialerOf = (link: DuplicateCandidate): OnionAddress => (link.session.role === 'initiator' ? self : link.session.peer);
  const currentDialer = dialerOf(current);
  const candidateDialer = dialerOf(candidate);
  if (currentDialer === candidateDialer) return 'candidate';
  return currentDialer < candidateDialer ? 'current' : 'candidate';
}
