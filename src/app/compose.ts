/**
 * The composition root (docs/ARCHITECTURE.md "Layers"): builds the session host and every
 * feature, and states here, in one place, every link between services. Nothing else wires
 * services together: each declares what it needs as an interface (node/contact-standing.ts,
 * chat/feature/ports.ts, relay/feature/ports.ts, …) and this module hands the implementations
 * over.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { NodeEvent } from '../node/api.js';
import { secureRandom, type RandomSource } from '../crypto/random.js';
import { ChatFeature, type ChatFeatureOptions } from '../chat/feature/chat-feature.js';
import { ContactsFeature } from '../contacts/feature/contacts-feature.js';
import { EndpointsFeature } from '../contacts/feature/endpoints-feature.js';
import type { ContactRequestLimits } from '../lib/request-limiter.js';
import { FilesFeature, type FilesFeatureOptions } from '../files/feature/files-feature.js';
import { GroupsFeature, type GroupsFeatureOptions } from '../groups/feature/groups-feature.js';
import { SessionHost } from '../node/session-host.js';
import { fixedTorStatus, type TorStatusSource } from '../node/tor-status.js';
import { RelayFeature } from '../relay/feature/relay-feature.js';
import { WallsFeature } from '../walls/feature/walls-feature.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { Transport } from '../transport/transport.js';
import { DEFAULT_NODE_TIMING, type NodeTiming } from './node-timing.js';

/** What {@link BurrowNode.start} takes. */
export interface BurrowNodeOptions {
  /** The open profile. The node uses it until `stop()`; closing it stays the caller's job. */
  readonly store: ProfileStore;
  /** Where to listen and dial. Closing it stays the caller's job. */
  readonly transport: Transport;
  /** Our identity; defaults to the profile's. */
  readonly identity?: IdentityKeyPair;
  /** Tor's bootstrap state for `status()` and 'tor' events; without one, {@link fixedTorStatus}'s default. */
  readonly torStatus?: TorStatusSource;
  /** Unix ms; `Date.now` by default. */
  readonly clock?: () => number;
  /** Random bytes for message ids and jitter; the OS CSPRNG by default. */
  readonly random?: RandomSource;
  /** Timer overrides (tests run reconnects in milliseconds); see node-timing.ts. */
  readonly timing?: Partial<NodeTiming>;
  /** Contact request rate limits; see lib/request-limiter.ts. */
  readonly contactRequestLimits?: ContactRequestLimits;
  /** 1:1 chat options (per-friend budget, resend wait); see chat-feature.ts. */
  readonly chat?: ChatFeatureOptions;
  /** Group chat options (flood limits); see groups-feature.ts. */
  readonly groups?: GroupsFeatureOptions;
  /** File sharing options (download folder, preferences, test I/O); see files-feature.ts. */
  readonly files?: FilesFeatureOptions;
  /**
   * Hears every event from the moment the node starts: messages that friends' sessions bring
   * while `start()` is still publishing (a relay handing over what waited) are events too, and
   * a `subscribe` after `start()` resolves would miss them.
   */
  readonly onEvent?: (event: NodeEvent) => void;
}

/** A built node, not started yet: the host and every feature. */
export interface Composition {
  readonly host: SessionHost;
  readonly contacts: ContactsFeature;
  readonly chat: ChatFeature;
  readonly groups: GroupsFeature;
  readonly relay: RelayFeature;
  readonly files: FilesFeature;
  readonly walls: WallsFeature;
}

/** Builds the host and the features and links them (see the module comment). */
export function compose(options: BurrowNodeOptions): Composition {
  const timing: NodeTiming = { ...DEFAULT_NODE_TIMING, ...options.timing };
  const host = new SessionHost({
    store: options.store,
    transport: options.transport,
    identity: options.identity ?? options.store.identity.get().keyPair,
    torStatus: options.torStatus ?? fixedTorStatus(),
    now: options.clock ?? Date.now,
    random: options.random ?? secureRandom,
    timing,
  });
  const { context, sessions } = host;

  // Contacts decide who gets through the host's gate, who may send what, and whom it dials;
  // every feature's idea of "a friend" is theirs too (context.isFriend). First, so the
  // features built next can ask.
  const contacts = new ContactsFeature(context, sessions, { limits: options.contactRequestLimits });
  host.follow(contacts.standing);
  // Endpoints ← contacts: one private endpoint per friend (context.friends); the host publishes,
  // authorises and dials what this book says (docs/PROTOCOL.md "Endpoints").
  const endpoints = new EndpointsFeature(context, sessions);
  host.useEndpoints(endpoints);

  // Chat ↔ contacts: chat needs the contact to mark its conversation read (and shows it again
  // with its new unread count); contact views show each conversation's unread count and newest message.
  const chat = new ChatFeature(context, sessions, contacts, options.chat);
  contacts.connectConversations(chat);

  const groups = new GroupsFeature(context, options.groups);

  // Relay ↔ chat: the relay seals what chat has pending for friends who stay offline, stores
  // relayed messages through chat's one receive path and acknowledges on receipts; chat tells
  // the relay what it queued and what was acknowledged directly, and its views show where
  // sealed copies stand.
  const relay = new RelayFeature(context, {
    chat,
    graceMs: timing.relayGraceMs,
    sweepIntervalMs: timing.relaySweepIntervalMs,
  });
  chat.connectRelay(relay);

  // Relay ↔ groups: the relay asks groups who may have items relayed and hands them what
  // arrives; groups seal their items for members who stay offline through the relay.
  relay.connectGroups(groups.connectRelay(relay, timing.relayGraceMs));

  // Files ← groups: who is in which group right now (files serve group members only), asked
  // of the groups feature synchronously.
  const files = new FilesFeature(context, options.files, groups);
  // Files ← chat, groups: a file offered in a conversation with a disappearing timer takes it
  // (chat's timer with the offerer, or the group's admin timer), read when the offer arrives.
  files.expiry.connect({
    ofFriend: (peer) => options.store.chatLifecycle.timer(peer),
    ofGroup: (groupIdHex) => groups.lifecycle.timerOf(groupIdHex),
  });

  // Relay ↔ walls: walls seal items of our wall for readers who stay offline; the relay hands
  // walls the items of friends' walls that reach us through friends.
  const walls = new WallsFeature(context);
  walls.connectRelay(relay, timing.relayGraceMs);
  relay.connectWalls(walls);

  // The order features receive messages and hear hooks in: an ack reaches contacts (is it our
  // request's?) before chat; a friend coming online has chat's queue flushed before groups sync.
  for (const feature of [contacts, endpoints, chat, groups, relay, files, walls]) host.register(feature);
  return { host, contacts, chat, groups, relay, files, walls };
}
