/**
 * What file sharing needs of other services, declared here and implemented in app/compose.ts.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';

/** The disappearing timers of the conversations files are offered in (chat's and the groups'). */
export interface ConversationTimers {
  /** The timer of our 1:1 conversation with `peer`, in seconds (0 = off). */
  ofFriend(peer: OnionAddress): number;
  /** A group's timer (hex id), in seconds (0 = off, or a group we do not hold). */
  ofGroup(groupIdHex: string): number;
}
