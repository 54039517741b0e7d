/**
 * How services beyond contacts and 1:1 chat (groups, files, offline relay) plug into the node.
 *
 * A feature receives the wire messages of its block (envelope.ts: 'group', 'file', 'relay')
 * from friends only (contacts/standing.ts), learns when friends come online (their session is
 * greeted: they let us in) and go offline, and sends through the node on the friend's active
 * session. It owns its own store tables and its own part of the API; the node stays the only
 * place that touches sessions.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import type { FileEnvelope, GroupEnvelope, RelayEnvelopeMessage } from '../protocol/envelope/envelope.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { NodeEvent } from './api.js';

/** The messages a feature may receive and send (without the envelope id, which the node adds). */
export type FeatureMessage = GroupEnvelope['message'] | FileEnvelope['message'] | RelayEnvelopeMessage['message'];

/** Which envelope block a feature owns. */
export type FeatureBlock = 'group' | 'file' | 'relay';

/** What the node offers a feature. */
export interface FeatureContext {
  readonly self: OnionAddress;
  readonly identity: IdentityKeyPair;
  readonly store: ProfileStore;
  readonly random: RandomSource;
  /** Unix ms. */
  now(): number;
  /** Whether `peer` is a friend right now. */
  isFriend(peer: OnionAddress): boolean;
  /** Every friend. */
  friends(): OnionAddress[];
  /** Friends with a greeted session now. */
  onlineFriends(): OnionAddress[];
  /**
   * Sends a message of `block` to friend `peer` on their active session. Resolves false (and
   * sends nothing) when they are not online; rejects only if the session closed mid-send.
   */
  send(peer: OnionAddress, block: FeatureBlock, message: FeatureMessage): Promise<boolean>;
  /** Emits a node event to the front ends. */
  emit(event: NodeEvent): void;
  /** Keeps a background task; the node waits for it (within a grace period) when it stops. */
  track(task: Promise<unknown>): void;
  /** Aborted when the node stops. */
  readonly signal: AbortSignal;
}

/** One feature. Every hook is optional except `receive`. */
export interface NodeFeature {
  /** The envelope block whose messages this feature receives. */
  readonly block: FeatureBlock;
  /** A message of our block from a friend. A thrown `BurrowError` with action 'drop-peer' closes that session. */
  receive(peer: OnionAddress, message: FeatureMessage): Promise<void> | void;
  /** Friend `peer` is online (greeted session): sync, deliver what waited, … */
  friendOnline?(peer: OnionAddress): void;
  /** Friend `peer`'s session ended. */
  friendOffline?(peer: OnionAddress): void;
  /** The friend list changed (added, accepted, removed, blocked). */
  friendsChanged?(): void;
  /** Called once when the node stops, before sessions close. */
  stop?(): Promise<void> | void;
}

/** Builds a feature once the node exists. */
export type FeatureFactory = (context: FeatureContext) => NodeFeature;
