/**
 * How services plug into the session host (docs/ARCHITECTURE.md "Layers"): contacts, 1:1 chat,
 * groups, files and the offline relay are all features, built and linked by app/compose.ts.
 *
 * A feature receives the wire messages of its kinds once the sender's standing allows them
 * (contact-standing.ts), learns when friends come online (their session is greeted: they let
 * us in) and go offline, and sends through the host. It owns its own store tables and its own
 * part of the API; the host stays the only place that opens, picks and closes sessions.
 *
 * Two shapes of message (protocol/envelope/kinds.ts numbers kinds by service):
 * - an envelope block ('group', 'file', 'relay', 'wall') carries a whole service's messages inside one
 *   kind: its feature receives and sends the inner message, and the host adds the envelope;
 * - the core kinds of contacts and chat are received whole (their envelope id is the request
 *   or message id), and those two features write to sessions themselves through
 *   {@link SessionControl}, which composition hands only to them.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import type {
  AckMessage,
  ChatMessage,
  ContactAcceptMessage,
  EndpointOfferMessage,
  ContactRequestMessage,
  FileEnvelope,
  GroupEnvelope,
  ReadReceiptMessage,
  RelayEnvelopeMessage,
  WallEnvelope,
  WireMessage,
} from '../protocol/envelope/envelope.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { NodeEvent } from './api.js';

/** The kinds that carry a whole service's messages inside them. */
export type EnvelopeBlock = 'group' | 'file' | 'relay' | 'wall';

/** A message inside an envelope block (without the envelope id, which the host adds). */
export type FeatureMessage =
  GroupEnvelope['message'] | FileEnvelope['message'] | RelayEnvelopeMessage['message'] | WallEnvelope['message'];

/** A core message, received whole (keep-alive pings stay with the host). */
export type CoreMessage =
  ContactRequestMessage | ContactAcceptMessage | EndpointOfferMessage | ChatMessage | AckMessage | ReadReceiptMessage;

/** The kind of a core message. */
export type CoreKind = CoreMessage['kind'];

/** The part of the protocol a feature owns: an envelope block, or the core kinds of contacts or 1:1 chat. */
export type FeatureBlock = EnvelopeBlock | 'contacts' | 'endpoints' | 'chat';

/** One session as a feature sees it: the one a message arrived on, or one it asked the host for. */
export interface FeatureSession {
  /** The peer's onion address (proven by the handshake). */
  readonly peer: OnionAddress;
  /** 'initiator' on a session we dialed. */
  readonly role: 'initiator' | 'responder';
  readonly isOpen: boolean;
  /** Writes one message; rejects with `SessionClosedError` once the session closed. */
  send(message: WireMessage): Promise<void>;
  /** Writes one message without waiting: a failure only means the session closed, which the host deals with. */
  post(message: WireMessage): void;
}

/** A way to send one file chunk's blocks to a friend (see {@link FeatureContext.bulkChannel}). */
export interface BulkChannel {
  /** It is the friend's bulk session (false: their main session, for want of one). */
  readonly dedicated: boolean;
  /** Writes one message; rejects with `SessionClosedError` once that session closed. */
  send(block: EnvelopeBlock, message: FeatureMessage): Promise<void>;
}

/** What the host offers every feature. */
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
   * sends nothing) when they are not online; rejects only if the session closed mid-send. A
   * message written to a session can still be lost when it closes (a duplicate session being
   * dropped, a friend going offline): with `onHandled`, the host later says whether the friend
   * handled it (true) or the session closed before they could have (false).
   */
  send(
    peer: OnionAddress,
    block: EnvelopeBlock,
    message: FeatureMessage,
    onHandled?: (handled: boolean) => void,
  ): Promise<boolean>;
  /**
   * Where bulk data (file chunks) for friend `peer` goes now: their bulk session when one is up
   * (its own Tor circuit, so chat never waits behind it: docs/PROTOCOL.md "2a. Session purpose"),
   * else their main session; undefined when they are offline. Asking dials a bulk session when
   * there is none. Send all of one chunk's blocks on one channel, so they arrive in order.
   */
  bulkChannel(peer: OnionAddress): BulkChannel | undefined;
  /** Emits a node event to the front ends. */
  emit(event: NodeEvent): void;
  /** Keeps a background task; the host waits for it (within a grace period) when it stops. */
  track(task: Promise<unknown>): void;
  /** Aborted when the node stops. */
  readonly signal: AbortSignal;
}

/**
 * Direct use of sessions, for the features whose protocol is about sessions themselves:
 * contacts (requests travel before there is a friend session; an accept makes one) and 1:1
 * chat (acks go back on the session the message came on).
 */
export interface SessionControl {
  /** The session with friend `peer` that may carry their messages now: in use, open, and greeted by them. */
  ready(peer: OnionAddress): FeatureSession | undefined;
  /** Open sessions with `peer`, oldest first. */
  open(peer: OnionAddress): FeatureSession[];
  /** Whether `session` is the one in use with its peer. */
  isActive(session: FeatureSession): boolean;
  /** Makes `session` the one in use with friend `session.peer` (or closes it, by the duplicate rule); our greeting goes out on it. */
  adopt(session: FeatureSession): void;
  /** Closes `session`; its close handler does the rest. */
  close(session: FeatureSession): void;
  /** Dials `peer` until a session is up, as long as the contact list wants one (contact-standing.ts `needsDial`). */
  dial(peer: OnionAddress): void;
  /** Stops dialing `peer` (and aborts a running dial). */
  stopDialing(peer: OnionAddress): void;
  /** We stopped talking to `peer`: stops dialing them, lets every feature forget what waited for them, closes every session. */
  drop(peer: OnionAddress): void;
  /** Whether friend `peer` is online (a greeted session is in use). */
  isOnline(peer: OnionAddress): boolean;
  /** Tells every feature the friend list changed (added, accepted, removed, blocked). */
  friendsChanged(): void;
  /** A fresh random envelope id. */
  newId(): Uint8Array;
  /** The endpoints changed (a friend gave us a new one): publish and authorise what the endpoint book says now. */
  endpointsChanged(): void;
}

/**
 * One feature. Every hook is optional except `receive`.
 *
 * @typeParam M - the messages it receives: its block's inner messages, or its core messages
 */
export interface NodeFeature<M extends FeatureMessage | CoreMessage = FeatureMessage> {
  /** The part of the protocol it owns (names it in logs; one feature per block). */
  readonly block: FeatureBlock;
  /** The core kinds it receives (contacts, chat); a block's feature receives its block and says nothing here. */
  readonly kinds?: readonly CoreKind[];
  /**
   * A message of its kinds from `peer` on `session`, whose standing allows it. A thrown
   * `BurrowError` with action 'drop-peer' closes that session.
   */
  receive(peer: OnionAddress, message: M, session: FeatureSession): Promise<void> | void;
  /** Friend `peer` is online (greeted session): sync, deliver what waited, … */
  friendOnline?(peer: OnionAddress): void;
  /** Friend `peer`'s session ended. */
  friendOffline?(peer: OnionAddress): void;
  /** Our bulk session with friend `peer` closed (node/bulk-links.ts): file data in flight on it is lost. */
  bulkSessionClosed?(peer: OnionAddress): void;
  /** The friend list changed (added, accepted, removed, blocked). */
  friendsChanged?(): void;
  /** We stopped talking to `peer` (rejected, blocked, removed): forget what waited for them. */
  peerDropped?(peer: OnionAddress): void;
  /** Called once when the node stops, before sessions close. */
  stop?(): Promise<void> | void;
}

/** Any feature, as the host keeps them. */
export type AnyFeature = NodeFeature<FeatureMessage | CoreMessage>;
