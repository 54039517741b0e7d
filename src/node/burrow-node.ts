/**
 * The Burrow node: the composition root for 1:1 use (docs/ARCHITECTURE.md "Layers"). It joins the
 * identity, the profile store, a transport and the contacts and chat services, and exposes
 * the node API (api.ts) to the TUI, the daemon and tests.
 *
 * - Listening: every inbound connection goes through the session upgrader with a gate: friends
 *   get a full session, blocked identities are dropped right after the handshake, everyone
 *   else may only deliver a contact request (or answer ours). Each received message is checked
 *   against the peer's standing *now* (contacts/standing.ts); anything else closes that session
 *   with a typed error, and only that session.
 * - Connections: the node keeps one session with every friend, redialing with backoff and
 *   jitter (connection-manager.ts); a friend is online while that session is open and they
 *   have spoken on it (their gate let us in). Two
 *   sessions between the same pair resolve to one, the same way on both sides
 *   (peer-link.ts `preferredSession`); whatever the closed one carried unacknowledged is resent
 *   on the survivor and deduplicated by id.
 * - Every friend session starts with a contact-accept ("we are friends"), which also delivers
 *   an acceptance the peer missed while offline, so acceptances need no queue of their own.
 * - Chat: a message is stored with its outbox entry in one transaction, written to the session
 *   by the per-friend pump in store order, 'delivered' on the peer's ack, which the peer sends
 *   only after its own commit. Unacknowledged messages are resent on every new session, so
 *   they survive restarts; receivers drop duplicates by id and acknowledge them again.
 *
 * Outgoing contact requests are delivered by dialing too, until acknowledged. Which requests
 * were delivered is remembered in memory only, so after a restart pending requests are sent
 * once more (the receiver treats a repeat as a refresh).
 */
import type { Duplex } from 'node:stream';
import { ChatService } from '../chat/chat-service.js';
import { formatMessageId } from '../chat/message-id.js';
import { ContactsService } from '../contacts/contacts-service.js';
import { ContactRequestRateLimitedError, UnexpectedMessageError } from '../contacts/errors.js';
import { ContactRequestLimiter, type ContactRequestLimits } from '../contacts/request-limiter.js';
import { mayReceive, type GateVerdict } from '../contacts/standing.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import { parseOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { secureRandom, type RandomSource } from '../crypto/random.js';
import { BurrowError } from '../errors.js';
import { logger, sensitive } from '../log.js';
import {
  decodeMessage,
  encodeMessage,
  MAX_RECEIPT_IDS,
  MESSAGE_ID_BYTES,
  toWireDisplayName,
  type AckMessage,
  type ChatMessage,
  type ContactAcceptMessage,
  type ContactRequestMessage,
  type ReadReceiptMessage,
  type WireMessage,
} from '../protocol/envelope/index.js';
import type { SecureSession } from '../session/secure-session.js';
import { SessionClosedError } from '../session/session-errors.js';
import { upgradeInbound, upgradeOutbound } from '../session/upgrade.js';
import type { Contact } from '../contacts/store/contacts-repository.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { Listener, Transport } from '../transport/transport.js';
import type { ContactView, HistoryOptions, MessageView, NodeApi, NodeEvent, NodeStatus } from './api.js';
import { ConnectionManager } from './connection-manager.js';
import { NodeInvariantError, NodeStoppedError } from './errors.js';
import { EventHub } from './event-hub.js';
import type { FeatureBlock, FeatureContext, FeatureFactory, FeatureMessage, NodeFeature } from './feature.js';
import type { GroupsApi } from '../groups/feature/api.js';
import { GroupsFeature, type GroupsFeatureOptions } from '../groups/feature/groups-feature.js';
import { DEFAULT_NODE_TIMING, MAX_NON_FRIEND_SESSIONS, type NodeTiming } from './node-timing.js';
import { OutboxPump } from '../chat/feature/outbox-pump.js';
import type { RelayApi } from '../relay/feature/api.js';
import type { FilesApi } from '../files/feature/api.js';
import { FilesFeature, type FilesFeatureOptions } from '../files/feature/files-feature.js';
import { GroupMembersCache } from '../files/feature/group-members.js';
import { RelayFeature } from '../relay/feature/relay-feature.js';
import { PeerLink, preferredSession } from './peer-link.js';
import { fixedTorStatus, type TorStatusSource } from './tor-status.js';
import { isVisible, toContactView, toMessageView } from './views.js';

const log = logger('node');

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
  /** Contact request rate limits; see contacts/request-limiter.ts. */
  readonly contactRequestLimits?: ContactRequestLimits;
  /** Services beyond contacts and 1:1 chat (groups, files, relay); see feature.ts. */
  readonly features?: readonly FeatureFactory[];
  /** Group chat options (flood limits); see groups-feature.ts. */
  readonly groups?: GroupsFeatureOptions;
  /** File sharing options (download folder, preferences, test I/O); see files-feature.ts. */
  readonly files?: FilesFeatureOptions;
}

/**
 * A running node. Its surface is the {@link NodeApi} plus `start`/`stop`.
 *
 * @example
 * ```ts
 * const node = await BurrowNode.start({ store, transport });
 * node.subscribe((event) => render(event));
 * await node.addContact(friendOnion, 'hi, it is Ada from the climbing club');
 * await node.stop();
 * ```
 */
export class BurrowNode implements NodeApi {
  readonly #store: ProfileStore;
  readonly #transport: Transport;
  readonly #identity: IdentityKeyPair;
  readonly #self: OnionAddress;
  readonly #now: () => number;
  readonly #random: RandomSource;
  readonly #timing: NodeTiming;
  readonly #torStatus: TorStatusSource;
  readonly #contacts: ContactsService;
  readonly #chat: ChatService;
  readonly #events = new EventHub();
  readonly #connections: ConnectionManager;
  /** Every open session, by peer. */
  readonly #links = new Map<OnionAddress, Set<PeerLink>>();
  /** The one session in use with each online friend. */
  readonly #active = new Map<OnionAddress, PeerLink>();
  /** Friends whose active session they greeted us on: the ones shown online. */
  readonly #online = new Set<OnionAddress>();
  /** Peers whose contact request (ours) they acknowledged since start. */
  readonly #deliveredRequests = new Set<OnionAddress>();
  /** Read receipts waiting for the friend to come online (memory only: receipts are a courtesy). */
  readonly #pendingReceipts = new Map<OnionAddress, Uint8Array[]>();
  /** Inbound sessions of peers who are not (yet) friends, bounded by MAX_NON_FRIEND_SESSIONS. */
  readonly #strangerLinks = new Set<PeerLink>();
  readonly #pump: OutboxPump;
  readonly #tasks = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();
  /** The features, by the envelope block they receive. */
  readonly #features = new Map<FeatureBlock, NodeFeature>();
  readonly #groups: GroupsFeature;
  readonly #relay: RelayFeature;
  readonly #files: FilesFeature;
  #listener: Listener | undefined;
  #keepalive: NodeJS.Timeout | undefined;
  #unsubscribeTor: (() => void) | undefined;
  #torReady: boolean;
  #stopped = false;

  private constructor(options: BurrowNodeOptions) {
    this.#store = options.store;
    this.#transport = options.transport;
    this.#identity = options.identity ?? options.store.identity.get().keyPair;
    this.#self = this.#identity.onionAddress;
    this.#now = options.clock ?? Date.now;
    this.#random = options.random ?? secureRandom;
    this.#timing = { ...DEFAULT_NODE_TIMING, ...options.timing };
    this.#torStatus = options.torStatus ?? fixedTorStatus();
    this.#torReady = this.#torStatus.current().ready;
    const limiter = new ContactRequestLimiter(this.#now(), options.contactRequestLimits);
    this.#contacts = new ContactsService({ store: this.#store, self: this.#self, now: this.#now, limiter });
    this.#chat = new ChatService({ store: this.#store, now: this.#now, random: this.#random });
    this.#connections = new ConnectionManager({
      dial: (peer, signal) => this.#dial(peer, signal),
      needsDial: (peer) => this.#needsDial(peer),
      backoff: { baseDelayMs: this.#timing.reconnectBaseDelayMs, maxDelayMs: this.#timing.reconnectMaxDelayMs },
      random: () => this.#unitRandom(),
    });
    this.#pump = new OutboxPump({
      linkFor: (peer) => this.#chatLink(peer),
      pending: (peer) => this.#chat.pending(peer),
      send: (link, message) => this.#send(link, { kind: 'chat-message', id: message.id, createdAt: message.createdAt, text: message.body }),
      sent: (message) => {
        if (this.#chat.markSent(message.id)) this.#emitState(message.id, message.conversation, 'sent');
      },
      track: (task) => this.#track(task),
    });
    const context = this.#featureContext();
    this.#groups = new GroupsFeature(context, options.groups);
    this.#features.set('group', this.#groups);
    this.#relay = new RelayFeature(context, { chat: this.#chat, graceMs: this.#timing.relayGraceMs, sweepIntervalMs: this.#timing.relaySweepIntervalMs });
    this.#features.set('relay', this.#relay);
    this.#relay.connectGroups(this.#groups.connectRelay(this.#relay, this.#timing.relayGraceMs));
    this.#files = new FilesFeature(context, options.files, GroupMembersCache.follow(this.#groups, (listener) => this.#events.subscribe(listener)));
    this.#features.set('file', this.#files);
    for (const factory of options.features ?? []) {
      const feature = factory(context);
      if (this.#features.has(feature.block)) throw new NodeInvariantError(`two features for the ${feature.block} block`);
      this.#features.set(feature.block, feature);
    }
  }

  /**
   * Starts a node: publishes its onion service on `transport`, then dials every friend and
   * every contact whose request awaits delivery. Unacknowledged messages go out as soon as
   * their friend's session is up.
   */
  static async start(options: BurrowNodeOptions): Promise<BurrowNode> {
    const node = new BurrowNode(options);
    try {
      await node.#begin();
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  async #begin(): Promise<void> {
    this.#listener = await this.#transport.listen(this.#identity, (connection) => this.#accept(connection), { signal: this.#abort.signal });
    this.#keepalive = setInterval(() => this.#keepaliveTick(), this.#timing.keepaliveIntervalMs);
    this.#keepalive.unref();
    this.#unsubscribeTor = this.#torStatus.subscribe((tor) => this.#onTorStatus(tor));
    for (const contact of this.#contacts.list()) {
      if (contact.state === 'friend' || contact.state === 'outgoing-request') this.#connections.want(contact.onion);
    }
    log.info('node started', { onion: sensitive(this.#self) });
  }

  /**
   * Stops listening and dialing, closes every session (letting queued frames flush) and waits
   * for message handlers to finish. The store and transport stay open: they are the caller's.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    clearInterval(this.#keepalive);
    this.#unsubscribeTor?.();
    await this.#connections.stop();
    for (const feature of this.#features.values()) {
      await Promise.resolve(feature.stop?.()).catch((error: unknown) => log.warn('stopping a feature failed', { block: feature.block, error }));
    }
    await this.#listener?.close().catch((error: unknown) => log.warn('closing the listener failed', { error }));
    const closing = [...this.#links.values()].flatMap((links) => [...links].map((link) => this.#closeLink(link)));
    await this.#withinGrace(Promise.allSettled([...closing, ...this.#tasks]));
    this.#events.clear();
    log.info('node stopped');
  }

  // ---- NodeApi: queries ----

  /** Group chat (groups/feature/api.ts). */
  get groups(): GroupsApi {
    return this.#groups;
  }

  /** Offline delivery through friends (relay/feature/api.ts). */
  get relay(): RelayApi {
    return this.#relay;
  }

  /** File sharing (files/feature/api.ts). */
  get files(): FilesApi {
    return this.#files;
  }

  status(): Promise<NodeStatus> {
    return this.#command(() => {
      const contacts = this.#contacts.list();
      return {
        onion: this.#self,
        displayName: this.#store.identity.get().displayName,
        tor: this.#torStatus.current(),
        friends: contacts.filter((contact) => contact.state === 'friend').length,
        online: this.#online.size,
        pendingRequests: contacts.filter((contact) => contact.state === 'incoming-request').length,
      };
    });
  }

  contacts(): Promise<ContactView[]> {
    return this.#command(() => {
      return this.#contacts.list().filter(isVisible).map((contact) => this.#view(contact));
    });
  }

  requests(): Promise<ContactView[]> {
    return this.#command(() => {
      return this.#contacts
        .list()
        .filter(isVisible)
        .filter((contact) => contact.state === 'incoming-request')
        .map((contact) => this.#view(contact));
    });
  }

  history(onion: string, options: HistoryOptions = {}): Promise<MessageView[]> {
    return this.#command(() => {
      return this.#chat.history(parseOnionAddress(onion), { limit: options.limit, before: options.before }).map((message) => this.#relay.decorate(toMessageView(message)));
    });
  }

  subscribe(listener: (event: NodeEvent) => void): () => void {
    return this.#events.subscribe(listener);
  }

  // ---- NodeApi: contacts ----

  addContact(onion: string, message: string): Promise<ContactView> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      const { contact, becameFriend } = this.#contacts.add(peer, message);
      this.#emitContact(contact);
      if (becameFriend) {
        this.#befriendedByUs(peer);
      } else {
        // A new or changed request: deliver it now (on a session we already have, or a fresh dial).
        this.#deliveredRequests.delete(peer);
        const dialed = this.#openLinks(peer).filter((link) => link.session.role === 'initiator');
        for (const link of dialed) this.#sendContactRequest(link);
        if (dialed.length === 0) {
          this.#connections.forget(peer);
          this.#connections.want(peer);
        }
      }
      return this.#viewOf(peer);
    });
  }

  acceptContact(onion: string): Promise<ContactView> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      const before = this.#contacts.require(peer).state;
      const contact = this.#contacts.accept(peer);
      if (before !== 'friend') this.#emitContact(contact);
      this.#befriendedByUs(peer);
      return this.#viewOf(peer);
    });
  }

  rejectContact(onion: string): Promise<void> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      this.#contacts.reject(peer);
      this.#disconnect(peer);
      this.#emitRemoved(peer);
    });
  }

  blockContact(onion: string): Promise<ContactView> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      const contact = this.#contacts.block(peer);
      this.#disconnect(peer);
      this.#emitContact(contact);
      return this.#viewOf(peer);
    });
  }

  removeContact(onion: string): Promise<void> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      this.#contacts.remove(peer);
      this.#disconnect(peer);
      this.#emitRemoved(peer);
    });
  }

  setNickname(onion: string, nickname: string): Promise<ContactView> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      this.#emitContact(this.#contacts.setNickname(peer, nickname));
      return this.#viewOf(peer);
    });
  }

  // ---- NodeApi: chat ----

  sendMessage(onion: string, text: string): Promise<MessageView> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      const message = this.#chat.compose(peer, text);
      const view = toMessageView(message);
      this.#events.emit({ type: 'message', message: view });
      this.#pump.trigger(peer);
      this.#relay.messageQueued(message);
      return view;
    });
  }

  markRead(onion: string): Promise<void> {
    return this.#command(() => {
      const peer = parseOnionAddress(onion);
      const contact = this.#contacts.require(peer);
      const ids = this.#chat.markRead(peer);
      if (ids.length === 0) return;
      for (const id of ids) this.#events.emit({ type: 'message-state', id: formatMessageId(id), conversation: peer, state: 'read' });
      this.#emitContact(contact);
      if (contact.state !== 'friend') return;
      this.#pendingReceipts.set(peer, [...(this.#pendingReceipts.get(peer) ?? []), ...ids]);
      this.#flushReceipts(peer);
    });
  }

  // ---- sessions ----

  #accept(connection: Duplex): void {
    if (this.#stopped) {
      connection.destroy();
      return;
    }
    const upgraded = upgradeInbound(connection, { identity: this.#identity, signal: this.#abort.signal, gate: (peer) => this.#gate(peer) });
    this.#track(
      upgraded.then(
        (session) => this.#onSession(session),
        (error: unknown) => log.info('inbound connection refused or failed before the session', { error }),
      ),
    );
  }

  #gate(peer: OnionAddress): GateVerdict {
    if (this.#stopped) return 'refuse';
    const verdict = this.#contacts.gate(peer);
    if (verdict === 'contact-request-only' && this.#strangerLinks.size >= MAX_NON_FRIEND_SESSIONS) {
      log.info('peer refused at the gate: too many sessions with non-friends open', { peer: sensitive(peer) });
      return 'refuse';
    }
    if (verdict === 'refuse') log.info('peer refused at the gate (blocked, or over the contact request limits)', { peer: sensitive(peer) });
    return verdict;
  }

  async #dial(peer: OnionAddress, signal: AbortSignal): Promise<void> {
    const connection = await this.#transport.dial(peer, { signal, timeoutMs: this.#timing.dialTimeoutMs, isolationKey: peer });
    const session = await upgradeOutbound(connection, { identity: this.#identity, remote: peer, signal, timeoutMs: this.#timing.dialTimeoutMs });
    this.#onSession(session);
  }

  #needsDial(peer: OnionAddress): boolean {
    if (this.#stopped || this.#openLinks(peer).length > 0) return false;
    const state = this.#contacts.get(peer)?.state;
    return state === 'friend' || (state === 'outgoing-request' && !this.#deliveredRequests.has(peer));
  }

  #onSession(session: SecureSession): void {
    if (this.#stopped) {
      void session.close();
      return;
    }
    const link = new PeerLink(session, this.#now());
    const peer = link.peer;
    let links = this.#links.get(peer);
    if (links === undefined) this.#links.set(peer, (links = new Set()));
    links.add(link);
    this.#track(this.#serve(link));
    const state = this.#contacts.get(peer)?.state;
    if (state === 'friend') {
      this.#adopt(link);
      return;
    }
    if (session.role === 'responder') this.#strangerLinks.add(link);
    link.lifetimeTimer = setTimeout(() => {
      log.debug('closing a non-friend session at the end of its lifetime', { peer: sensitive(peer) });
      void this.#closeLink(link);
    }, this.#timing.nonFriendSessionMaxMs);
    link.lifetimeTimer.unref();
    if (session.role !== 'initiator') return;
    if (state === 'outgoing-request') this.#sendContactRequest(link);
    else void this.#closeLink(link); // they stopped being someone we dial while the dial ran
  }

  /** Reads a session until it ends; every message is handled before the next is read (order). */
  async #serve(link: PeerLink): Promise<void> {
    try {
      for await (const body of link.session) {
        await this.#handle(link, body);
        if (!link.session.isOpen) break;
      }
    } catch (error) {
      log.info('session ended with an error', { peer: sensitive(link.peer), error });
    } finally {
      this.#onLinkClosed(link);
    }
  }

  async #handle(link: PeerLink, body: Uint8Array): Promise<void> {
    const peer = link.peer;
    try {
      const message = decodeMessage(body);
      link.lastReceivedAt = this.#now();
      const standing = this.#contacts.standing(peer);
      if (!mayReceive(standing, message.kind)) throw new UnexpectedMessageError(message.kind, standing);
      await this.#dispatch(link, message);
      if (this.#active.get(peer) === link) this.#greeted(link);
    } catch (error) {
      if (error instanceof SessionClosedError) return; // closed under us: the close handler takes over
      if (error instanceof ContactRequestRateLimitedError) {
        // A flood must not flood the log too.
        log.info('closing a session: contact request over the rate limit', { peer: sensitive(peer), error });
      } else if (error instanceof BurrowError && error.action === 'drop-peer') {
        log.warn('closing a session: the peer sent what it may not', { peer: sensitive(peer), error });
      } else {
        log.error('handling a message failed; closing the session', { peer: sensitive(peer), error });
      }
      void this.#closeLink(link);
    }
  }

  async #dispatch(link: PeerLink, message: WireMessage): Promise<void> {
    switch (message.kind) {
      case 'contact-request':
        return this.#onContactRequest(link, message);
      case 'contact-accept':
        return this.#onContactAccept(link, message);
      case 'chat-message':
        return this.#onChatMessage(link, message);
      case 'ack':
        return this.#onAck(link, message);
      case 'read-receipt':
        return this.#onReadReceipt(link, message);
      case 'ping':
        return this.#send(link, { kind: 'pong', id: this.#newId(), pingId: message.id });
      case 'pong':
        return;
      case 'group':
      case 'file':
      case 'relay': {
        const feature = this.#features.get(message.kind);
        if (feature === undefined) throw new UnexpectedMessageError(message.kind, this.#contacts.standing(link.peer));
        return feature.receive(link.peer, message.message);
      }
    }
  }

  async #onContactRequest(link: PeerLink, message: ContactRequestMessage): Promise<void> {
    const outcome = this.#contacts.receiveRequest(link.peer, message);
    // Acknowledged after the commit, in every outcome: a rejected requester cannot tell.
    await this.#send(link, { kind: 'ack', id: this.#newId(), ids: [message.id] });
    if (outcome.result === 'ignored') return;
    if (outcome.changed) this.#emitContact(outcome.contact);
    if (outcome.result === 'friend') {
      // We had asked them too, or they lost our friendship: either way, tell them we agree.
      if (this.#active.get(link.peer) === link) await this.#send(link, this.#hello());
      else this.#adopt(link);
    }
  }

  #onContactAccept(link: PeerLink, message: ContactAcceptMessage): void {
    const outcome = this.#contacts.receiveAccept(link.peer, message);
    if (outcome.changed) this.#emitContact(outcome.contact);
    if (this.#active.get(link.peer) !== link) this.#adopt(link);
  }

  async #onChatMessage(link: PeerLink, message: ChatMessage): Promise<void> {
    const { message: stored, isNew } = this.#chat.receive(link.peer, message);
    // The ack follows the commit above, so the sender may forget the message once it has it.
    await this.#send(link, { kind: 'ack', id: this.#newId(), ids: [message.id] });
    if (isNew) this.#events.emit({ type: 'message', message: toMessageView(stored) });
  }

  #onAck(link: PeerLink, message: AckMessage): void {
    const peer = link.peer;
    if (link.pendingRequestId !== undefined && message.ids.some((id) => formatMessageId(id) === link.pendingRequestId)) {
      link.pendingRequestId = undefined;
      this.#deliveredRequests.add(peer);
      log.info('contact request delivered', { peer: sensitive(peer) });
      if (this.#contacts.get(peer)?.state !== 'friend') {
        this.#connections.forget(peer);
        void this.#closeLink(link);
      }
    }
    for (const moved of this.#chat.acknowledge(peer, message.ids)) this.#emitState(moved.id, peer, moved.state);
    this.#relay.acknowledged(peer, message.ids);
  }

  #onReadReceipt(link: PeerLink, message: ReadReceiptMessage): void {
    for (const moved of this.#chat.readByPeer(link.peer, message.ids)) this.#emitState(moved.id, link.peer, moved.state);
    this.#relay.acknowledged(link.peer, message.ids);
  }

  /**
   * Makes `link` the session in use with friend `peer`, or closes it if an existing one wins
   * the duplicate rule. The adopted session gets our hello at once; queued messages and
   * receipts wait for the peer's first word on it ({@link #greeted}).
   */
  #adopt(link: PeerLink): void {
    const peer = link.peer;
    if (!link.session.isOpen) return;
    clearTimeout(link.lifetimeTimer);
    this.#strangerLinks.delete(link);
    const current = this.#active.get(peer);
    if (current === link) return;
    if (current !== undefined && current.session.isOpen) {
      if (preferredSession(current, link, this.#self) === 'current') {
        log.debug('duplicate session: keeping the one already in use', { peer: sensitive(peer) });
        void this.#closeLink(link);
        return;
      }
      log.debug('duplicate session: switching to the one dialed by the smaller address', { peer: sensitive(peer) });
      this.#active.set(peer, link);
      void this.#closeLink(current);
    } else {
      this.#active.set(peer, link);
    }
    void this.#sendQuietly(link, this.#hello());
  }

  /**
   * A friend spoke on their active session: they let us in, so the session is good for
   * chat. The friend is online from now on (presence), and what waited for them goes out.
   */
  #greeted(link: PeerLink): void {
    const peer = link.peer;
    if (link.greeted || this.#active.get(peer) !== link) return;
    link.greeted = true;
    this.#connections.succeeded(peer);
    if (!this.#online.has(peer)) {
      this.#online.add(peer);
      this.#contacts.recordSeen(peer);
      this.#events.emit({ type: 'presence', onion: peer, online: true });
    }
    this.#flushReceipts(peer);
    this.#pump.trigger(peer);
    this.#eachFeature('friendOnline', (feature) => feature.friendOnline?.(peer));
  }

  #onLinkClosed(link: PeerLink): void {
    const peer = link.peer;
    clearTimeout(link.lifetimeTimer);
    this.#strangerLinks.delete(link);
    const links = this.#links.get(peer);
    links?.delete(link);
    if (links?.size === 0) this.#links.delete(peer);
    if (this.#stopped) return;
    if (this.#active.get(peer) === link) {
      this.#active.delete(peer);
      if (this.#online.delete(peer)) {
        this.#events.emit({ type: 'presence', onion: peer, online: false });
        this.#eachFeature('friendOffline', (feature) => feature.friendOffline?.(peer));
      }
    }
    this.#connections.lost(peer);
  }

  /** We made `peer` a friend (accepted, or added someone who had asked us): greet them on a session, or dial one. */
  #befriendedByUs(peer: OnionAddress): void {
    const open = this.#openLinks(peer);
    const newest = open[open.length - 1];
    if (newest !== undefined) this.#adopt(newest);
    else this.#connections.want(peer);
  }

  /** Closes every session with `peer` and stops dialing them (block, reject, remove). */
  #disconnect(peer: OnionAddress): void {
    this.#connections.forget(peer);
    this.#deliveredRequests.delete(peer);
    this.#pendingReceipts.delete(peer);
    for (const link of this.#openLinks(peer)) void this.#closeLink(link);
  }

  #sendContactRequest(link: PeerLink): void {
    const contact = this.#contacts.get(link.peer);
    if (contact === undefined) return;
    const id = this.#newId();
    link.pendingRequestId = formatMessageId(id);
    void this.#sendQuietly(link, { kind: 'contact-request', id, displayName: this.#displayName(), text: contact.requestMessage ?? '' });
  }

  #flushReceipts(peer: OnionAddress): void {
    const link = this.#chatLink(peer);
    const ids = this.#pendingReceipts.get(peer);
    if (link === undefined || ids === undefined) return;
    this.#pendingReceipts.delete(peer);
    for (let start = 0; start < ids.length; start += MAX_RECEIPT_IDS) {
      void this.#sendQuietly(link, { kind: 'read-receipt', id: this.#newId(), ids: ids.slice(start, start + MAX_RECEIPT_IDS) });
    }
  }

  #keepaliveTick(): void {
    const now = this.#now();
    for (const link of this.#active.values()) {
      const silence = now - link.lastReceivedAt;
      if (silence >= this.#timing.keepaliveTimeoutMs) {
        log.info('friend session silent for too long; reconnecting', { peer: sensitive(link.peer), silenceMs: silence });
        void this.#closeLink(link);
      } else if (silence >= this.#timing.keepaliveIntervalMs && link.greeted) {
        // Only on a greeted session: to a peer that has not taken us back yet, a ping is out of turn.
        void this.#sendQuietly(link, { kind: 'ping', id: this.#newId() });
      }
    }
  }

  #onTorStatus(tor: NodeStatus['tor']): void {
    this.#events.emit({ type: 'tor', tor });
    const becameReady = tor.ready && !this.#torReady;
    this.#torReady = tor.ready;
    // Dials made while tor was down failed and wait out their backoff: try them now.
    if (becameReady) this.#connections.retryNow();
  }

  // ---- helpers ----

  async #send(link: PeerLink, message: WireMessage): Promise<void> {
    await link.session.send(encodeMessage(message));
  }

  /** Sends without waiting; a failure only means the session closed, which its handler deals with. */
  async #sendQuietly(link: PeerLink, message: WireMessage): Promise<void> {
    try {
      await this.#send(link, message);
    } catch (error) {
      if (!(error instanceof SessionClosedError)) log.warn('sending failed', { peer: sensitive(link.peer), kind: message.kind, error });
    }
  }

  async #closeLink(link: PeerLink): Promise<void> {
    try {
      await link.session.close();
    } catch (error) {
      log.warn('closing a session failed', { peer: sensitive(link.peer), error });
    }
  }

  #hello(): ContactAcceptMessage {
    return { kind: 'contact-accept', id: this.#newId(), displayName: this.#displayName() };
  }

  #displayName(): string {
    return toWireDisplayName(this.#store.identity.get().displayName);
  }

  /** The session with friend `peer` that may carry chat now: in use, open, and greeted by them. */
  #chatLink(peer: OnionAddress): PeerLink | undefined {
    const link = this.#active.get(peer);
    return link !== undefined && link.greeted && link.session.isOpen && !this.#stopped ? link : undefined;
  }

  #openLinks(peer: OnionAddress): PeerLink[] {
    return [...(this.#links.get(peer) ?? [])].filter((link) => link.session.isOpen);
  }

  #isOnline(peer: OnionAddress): boolean {
    return this.#online.has(peer);
  }

  #newId(): Uint8Array {
    return this.#random(MESSAGE_ID_BYTES);
  }

  /** A uniform number in [0, 1) from the injected random source (for jitter). */
  #unitRandom(): number {
    const bytes = this.#random(4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32;
  }

  #emitContact(contact: Contact): void {
    if (isVisible(contact)) this.#events.emit({ type: 'contact', contact: this.#view(contact) });
    this.#eachFeature('friendsChanged', (feature) => feature.friendsChanged?.());
  }

  #emitRemoved(peer: OnionAddress): void {
    this.#events.emit({ type: 'contact-removed', onion: peer });
    this.#eachFeature('friendsChanged', (feature) => feature.friendsChanged?.());
  }

  /** Runs a feature hook; a throwing hook is logged, never allowed to break the node. */
  #eachFeature(hook: string, run: (feature: NodeFeature) => void): void {
    for (const feature of this.#features.values()) {
      try {
        run(feature);
      } catch (error) {
        log.error('a feature hook failed', { block: feature.block, hook, error });
      }
    }
  }

  #featureContext(): FeatureContext {
    return {
      self: this.#self,
      identity: this.#identity,
      store: this.#store,
      random: this.#random,
      signal: this.#abort.signal,
      now: () => this.#now(),
      isFriend: (peer) => this.#contacts.get(peer)?.state === 'friend',
      friends: () => this.#contacts.list().filter((contact) => contact.state === 'friend').map((contact) => contact.onion),
      onlineFriends: () => [...this.#online],
      send: async (peer, block, message) => {
        const link = this.#chatLink(peer);
        if (link === undefined) return false;
        await this.#send(link, { kind: block, id: this.#newId(), message } as WireMessage & { message: FeatureMessage });
        return true;
      },
      emit: (event) => this.#events.emit(event),
      track: (task) => this.#track(task),
    };
  }

  #emitState(id: Uint8Array, conversation: OnionAddress, state: MessageView['state']): void {
    this.#events.emit({ type: 'message-state', id: formatMessageId(id), conversation, state });
  }

  #viewOf(peer: OnionAddress): ContactView {
    const contact = this.#contacts.require(peer);
    if (!isVisible(contact)) throw new NodeInvariantError('a contact just changed by the user is rejected');
    return this.#view(contact);
  }

  #view(contact: Contact & { readonly state: ContactView['state'] }): ContactView {
    return toContactView(contact, {
      online: this.#isOnline(contact.onion),
      unread: this.#chat.unreadCount(contact.onion),
      lastMessageAt: this.#chat.newest(contact.onion)?.receivedAt,
    });
  }

  #track(task: Promise<unknown>): void {
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  async #withinGrace(task: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#timing.stopGraceMs)));
    try {
      await Promise.race([task, grace]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs a command's synchronous body now (the store is synchronous) and turns its result or
   * typed error into a promise; after `stop()` every command rejects with NodeStoppedError.
   */
  #command<T>(body: () => T): Promise<T> {
    try {
      if (this.#stopped) throw new NodeStoppedError();
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new NodeInvariantError(`a command threw a non-error: ${String(error)}`));
    }
  }
}
