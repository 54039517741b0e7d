/**
 * What the session host needs to know about the contact list, declared here so the host
 * depends on no service: the contacts feature implements it and app/compose.ts hands it over
 * (`SessionHost.follow`). docs/ARCHITECTURE.md "Session protocol" 4 has the rules it answers.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { MessageKindName, WireMessage } from '../protocol/envelope/index.js';
import type { GateDecision } from '../session/upgrade.js';
import type { FeatureSession } from './feature.js';

export type { GateDecision };

/** Where peers stand with us, as the gate, the dispatcher and the dialer ask it. */
export interface ContactStanding {
  /**
   * The inbound gate, right after the handshake: friends get a full session, blocked
   * identities are refused, everyone else may only deliver a contact request.
   */
  gate(peer: OnionAddress): GateDecision;
  /**
   * Checks one received message against the sender's standing *now*, so accepting, blocking or
   * removing mid-session acts on the very next message. Throws a `BurrowError` with action
   * 'drop-peer' if they may not send it.
   */
  checkReceive(peer: OnionAddress, kind: MessageKindName): void;
  /** Whether `peer` is a friend right now. */
  isFriend(peer: OnionAddress): boolean;
  /**
   * Whether we sent `peer` a contact request they have not answered: their session (with their
   * accept) never competes with strangers for room at the gate.
   */
  awaitsAnswer(peer: OnionAddress): boolean;
  /** Every friend. */
  friends(): OnionAddress[];
  /** Peers to dial when the node starts (friends, and contacts whose request awaits delivery). */
  wanted(): OnionAddress[];
  /** Whether the host should (still) dial `peer`. */
  needsDial(peer: OnionAddress): boolean;
  /**
   * A session we dialed to someone who is not a friend is up. Returns false when there is
   * nothing to say on it (they stopped being someone we dial while the dial ran): it is closed.
   */
  useDialed(session: FeatureSession): boolean;
  /** The message that opens every friend session ("we are friends"). */
  greeting(): WireMessage;
}
