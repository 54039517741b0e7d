/**
 * The session host (docs/ARCHITECTURE.md "Layers"): it listens and dials, keeps one session
 * with every friend, and hands what arrives to the features (feature.ts). It knows no service:
 * where a peer stands comes from {@link ContactStanding}, which the contacts feature implements.
 *
 * - Listening: every inbound connection goes through the session upgrader with a gate: friends
 *   get a full session, blocked identities are dropped after the handshake, everyone else may
 *   only deliver a contact request (or answer ours), a bounded number at once. A message that
 *   the peer's standing *now* does not allow closes that session (only it) with a typed error.
 * - Connections: one session with every friend, redialed with backoff and jitter
 *   (connection-manager.ts); a friend is online while it is open and they have spoken on it.
 *   Two sessions between the same pair resolve to one, alike on both sides (peer-link.ts
 *   `preferredSession`); what the closed one carried unacknowledged is resent by its feature.
 * - Every friend session starts with the standing's greeting (a contact-accept), which also
 *   delivers an acceptance the peer missed while offline.
 * - Keep-alive (keep-alive.ts): quiet sessions are pinged, silent ones closed and redialed.
 * - File data goes on a second, bulk session with each friend when one is up (bulk-links.ts).
 */
import { setMaxListeners } from 'node:events';
import type { Duplex } from 'node:stream';
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { unitInterval, type RandomSource } from '../crypto/random.js';
import { logger, sensitive } from '../log.js';
import { MESSAGE_ID_BYTES, type WireMessage } from '../protocol/envelope/index.js';
import type { SessionPurpose } from '../protocol/handshake/session-purpose.js';
import type { SecureSession } from '../session/secure-session.js';
import { upgradeInbound, upgradeOutbound, type GateDecision } from '../session/upgrade.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { Transport } from '../transport/transport.js';
import type { NodeEvent, NodeStatus } from './api.js';
import { dialingForAnswers } from './closed-address-dialing.js';
import { ConnectionManager } from './connection-manager.js';
import type { ContactStanding } from './contact-standing.js';
import type { EndpointBook } from './endpoint-book.js';
import { admitsOnEndpoint, EndpointListeners } from './endpoint-listeners.js';
import { BulkLinks } from './bulk-links.js';
import { bulkSessionViolation, nodeInvariantBroken } from './errors.js';
import { EventHub } from './event-hub.js';
import { startSessionKeepAlives } from './keep-alive.js';
import type { AnyFeature, FeatureContext, SessionControl } from './feature.js';
import { featureContext } from './feature-context.js';
import { FeatureRegistry, type FeatureWireMessage } from './feature-registry.js';
import { readLink } from './link-reader.js';
import { LinkTable } from './links.js';
import { MAX_PENDING_HANDSHAKES, type HostTiming } from './node-timing.js';
import { admitStranger } from './stranger-gate.js';
import { StorageAlarm } from './storage-alarm.js';
import { within } from '../lib/within.js';
import { PeerLink, preferredSession } from './peer-link.js';
import { PublicAddress } from './public-address.js';
import type { TorStatusSource } from './tor-status.js';

const log = logger('node');

/** What a {@link SessionHost} is built from (app/compose.ts fills in the defaults). */
export interface SessionHostOptions {
  /** The open profile; closing it stays the caller's job. */
  readonly store: ProfileStore;
  /** Where to listen and dial; closing it stays the caller's job. */
  readonly transport: Transport;
  readonly identity: IdentityKeyPair;
  readonly torStatus: TorStatusSource;
  /** Unix ms. */
  readonly now: () => number;
  /** Random bytes for envelope ids and jitter. */
  readonly random: RandomSource;
  readonly timing: HostTiming;
}

/** The host's part of the node status (the contact counts are the contacts feature's). */
export type HostStatus = Pick<NodeStatus, 'onion' | 'displayName' | 'tor' | 'online'>;

/** The session host. Build it, `follow` a contact list, `register` features, then `start`. */
export class SessionHost {
  /** What every feature gets. */
  readonly context: FeatureContext;
  /** What the contacts and chat features get: direct use of sessions. */
  readonly sessions: SessionControl;
  readonly #options: SessionHostOptions;
  readonly #self: OnionAddress;
  readonly #events = new EventHub();
  readonly #storageAlarm = new StorageAlarm(() => this.#options.now(), this.#events);
  readonly #connections: ConnectionManager;
  readonly #links = new LinkTable();
  readonly #features = new FeatureRegistry();
  readonly #tasks = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();
  #standingSource: ContactStanding | undefined;
  readonly #endpoints: EndpointListeners;
  readonly #bulk: BulkLinks;
  /** Our public address, published while open (public-address.ts). */
  readonly publicAddress: PublicAddress;
  #stopKeepAlive: (() => void) | undefined;
  #unsubscribeTor: (() => void) | undefined;
  #torReady: boolean;
  #stopped = false;
  /** Inbound handshakes under way (bounded by MAX_PENDING_HANDSHAKES). */
  #pendingHandshakes = 0;

  constructor(options: SessionHostOptions) {
    this.#options = options;
    this.#self = options.identity.onionAddress;
    this.#torReady = options.torStatus.current().ready;
    this.#connections = new ConnectionManager({
      dial: (peer, signal) => this.#dial(peer, signal),
      needsDial: (peer) => !this.#stopped && this.#links.open(peer).length === 0 && this.#standing.needsDial(peer),
      backoff: { baseDelayMs: options.timing.reconnectBaseDelayMs, maxDelayMs: options.timing.reconnectMaxDelayMs },
      random: () => unitInterval(options.random),
    });
    const accept = (connection: Duplex, endpointOf?: OnionAddress): void => this.#accept(connection, endpointOf);
    this.#endpoints = new EndpointListeners(options.transport, accept, this.#abort.signal);
    this.publicAddress = new PublicAddress(options, accept, this.#events, this.#abort.signal);
    this.#bulk = new BulkLinks({
      self: this.#self,
      now: options.now,
      dial: (peer, signal) => this.#connect(peer, 'bulk', signal),
      read: (link) => this.#read(link, (bulk, message) => this.#handleBulk(bulk, message)),
      dialable: (peer) => this.#ready(peer) !== undefined,
      track: (task) => this.#track(task),
      closed: (peer) => this.#features.each('bulkSessionClosed', (feature) => feature.bulkSessionClosed?.(peer)),
      signal: this.#abort.signal,
    });
    this.context = featureContext({
      ...options,
      self: this.#self,
      signal: this.#abort.signal,
      standing: () => this.#standing,
      onlineFriends: () => this.#links.onlinePeers(),
      ready: (peer) => this.#ready(peer),
      bulk: this.#bulk,
      newId: () => this.#newId(),
      emit: (event) => this.#events.emit(event),
      track: (task) => this.#track(task),
    });
    this.sessions = this.#sessionControl();
    setMaxListeners(0, this.#abort.signal); // every handshake under way listens: load, not a leak
  }

  /** The gate, the dispatcher and the dialer follow `standing` (call once, before features are built). */
  follow(standing: ContactStanding): void {
    if (this.#standingSource !== undefined) throw nodeInvariantBroken('the host was given two contact lists');
    this.#standingSource = dialingForAnswers(standing, this.publicAddress, this.#connections);
  }

  /** Publishes and dials friends' private endpoints as `book` says (call once, before `start`). */
  useEndpoints(book: EndpointBook): void {
    this.#endpoints.use(book);
  }

  /** Where every connection to friend `peer` is dialed: their endpoint, else their public address (docs/PROTOCOL.md §8). */
  addressToDial(peer: OnionAddress): OnionAddress {
    return this.#endpoints.addressToDial(peer);
  }

  /** Plugs in a feature; registration order is the order features receive and hear hooks. */
  register(feature: AnyFeature): void {
    this.#features.register(feature);
  }

  /** Publishes our address (unless closed) and endpoints, then dials every peer the contact list wants a session with. */
  async start(): Promise<void> {
    await this.publicAddress.start();
    await this.#endpoints.refresh();
    this.#stopKeepAlive = startSessionKeepAlives({
      main: () => this.#links.actives(),
      bulk: this.#bulk,
      timing: this.#options.timing,
      now: this.#options.now,
      newId: () => this.#newId(),
    });
    this.#unsubscribeTor = this.#options.torStatus.subscribe((tor) => this.#onTorStatus(tor));
    for (const peer of this.#standing.wanted()) this.#connections.want(peer);
    log.info('node started', { onion: sensitive(this.#self) });
  }

  /**
   * Stops listening and dialing, stops the features, closes every session (letting queued
   * frames flush) and waits for message handlers to finish. The store and transport stay open.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    this.#stopKeepAlive?.();
    this.#unsubscribeTor?.();
    await this.#connections.stop();
    await this.#features.stop();
    await this.publicAddress.stop();
    await this.#endpoints.close();
    const closing = [...this.#links.all().map((link) => link.close()), ...this.#bulk.closeAll()];
    await within(Promise.allSettled([...closing, ...this.#tasks]), this.#options.timing.stopGraceMs);
    this.#events.clear();
    log.info('node stopped');
  }

  /** Our address, name, Tor's state and how many friends are online. */
  status(): HostStatus {
    return {
      onion: this.#self,
      displayName: this.#options.store.identity.get().displayName,
      tor: this.#options.torStatus.current(),
      online: this.#links.onlineCount,
    };
  }

  subscribe(listener: (event: NodeEvent) => void): () => void {
    return this.#events.subscribe(listener);
  }

  get #standing(): ContactStanding {
    if (this.#standingSource === undefined) throw nodeInvariantBroken('the host has no contact list to follow');
    return this.#standingSource;
  }

  // ---- sessions ----

  /** An inbound connection, on our public address or (with `endpointOf`) on that friend's endpoint. */
  #accept(connection: Duplex, endpointOf?: OnionAddress): void {
    if (this.#stopped) {
      connection.destroy();
      return;
    }
    if (this.#pendingHandshakes >= MAX_PENDING_HANDSHAKES) {
      log.info('inbound connection closed: too many handshakes under way');
      connection.destroy();
      return;
    }
    this.#pendingHandshakes++;
    const upgraded = upgradeInbound(connection, {
      identity: this.#options.identity,
      signal: this.#abort.signal,
      gate: (peer, purpose) => this.#gate(peer, endpointOf, purpose),
    });
    this.#track(
      upgraded
        .finally(() => this.#pendingHandshakes--)
        .then(
          (session) => this.#onSession(session),
          (error: unknown) => log.info('inbound connection refused or failed before the session', { error }),
        ),
    );
  }

  /** Friends get a full session; everyone else a request-only one, within the room stranger-gate.ts gives. */
  #gate(peer: OnionAddress, endpointOf: OnionAddress | undefined, purpose: SessionPurpose): GateDecision {
    if (this.#stopped) return 'refuse';
    if (!admitsOnEndpoint(peer, endpointOf, this.#standing.isFriend(peer))) return 'refuse';
    if (purpose === 'bulk') return this.#standing.isFriend(peer) ? 'allow' : 'refuse'; // friends' file data only
    const verdict = this.#standing.gate(peer);
    if (verdict === 'refuse')
      log.info('peer refused at the gate (over the contact request limits)', { peer: sensitive(peer) });
    if (verdict !== 'contact-request-only' || this.#standing.awaitsAnswer(peer)) return verdict;
    return admitStranger(this.#links, peer);
  }

  async #dial(peer: OnionAddress, signal: AbortSignal): Promise<void> {
    this.#onSession(await this.#connect(peer, 'main', signal));
  }

  /** Dials a session for `purpose`; each purpose gets its own SOCKS credentials, hence its own circuit. */
  async #connect(peer: OnionAddress, purpose: SessionPurpose, signal: AbortSignal): Promise<SecureSession> {
    const { transport, identity, timing } = this.#options;
    const isolationKey = purpose === 'main' ? peer : `${peer}:${purpose}`;
    const dialAt = (address: OnionAddress, attempt: AbortSignal): Promise<Duplex> =>
      transport.dial(address, { signal: attempt, timeoutMs: timing.dialTimeoutMs, isolationKey });
    const connection = await this.#endpoints.dialFriend(peer, dialAt, (unused) => unused.destroy(), signal);
    return upgradeOutbound(connection, { identity, remote: peer, signal, timeoutMs: timing.dialTimeoutMs, purpose });
  }

  #onSession(session: SecureSession): void {
    if (this.#stopped) {
      void session.close();
      return;
    }
    if (session.purpose === 'bulk') return this.#bulk.add(session);
    const link = new PeerLink(session, this.#options.now());
    const peer = link.peer;
    this.#links.add(link);
    this.#track(this.#serve(link));
    if (this.#standing.isFriend(peer)) {
      this.#adopt(link);
      return;
    }
    if (session.role === 'responder' && !this.#standing.awaitsAnswer(peer)) {
      this.#links.setStranger(link, true);
      link.silenceTimer = setTimeout(() => {
        if (link.heard) return;
        log.info('closing a stranger session: no contact request in time', { peer: sensitive(peer) });
        void link.close();
      }, this.#options.timing.strangerSilenceMs);
      link.silenceTimer.unref();
    }
    link.lifetimeTimer = setTimeout(() => {
      log.debug('closing a non-friend session at the end of its lifetime', { peer: sensitive(peer) });
      void link.close();
    }, this.#options.timing.nonFriendSessionMaxMs);
    link.lifetimeTimer.unref();
    if (session.role === 'initiator' && !this.#standing.useDialed(link)) void link.close();
  }

  /** Reads a session until it ends; every message is handled before the next is read (order). */
  async #serve(link: PeerLink): Promise<void> {
    await this.#read(link, (main, message) => this.#handle(main, message));
    this.#onLinkClosed(link);
  }

  #read(link: PeerLink, handle: (link: PeerLink, message: WireMessage) => Promise<void>): Promise<void> {
    return readLink(link, { now: () => this.#options.now(), handle, failed: (e) => this.#storageAlarm.report(e) });
  }

  async #handle(link: PeerLink, message: WireMessage): Promise<void> {
    this.#standing.checkReceive(link.peer, message.kind);
    await this.#dispatch(link, message);
    if (this.#links.active(link.peer) === link) this.#greeted(link);
  }

  /** A message on a bulk session: file messages and keep-alive only (bulk-links.ts). */
  async #handleBulk(link: PeerLink, message: WireMessage): Promise<void> {
    if (message.kind === 'ping' || message.kind === 'pong') return this.#dispatch(link, message);
    if (message.kind !== 'file') throw bulkSessionViolation(message.kind);
    this.#bulk.used(link.peer);
    this.#standing.checkReceive(link.peer, message.kind);
    await this.#features.dispatch(link, message);
  }

  async #dispatch(link: PeerLink, message: WireMessage): Promise<void> {
    if (message.kind === 'ping') return link.send({ kind: 'pong', id: this.#newId(), pingId: message.id });
    if (message.kind === 'pong') return link.pong(message.pingId);
    return this.#features.dispatch(link, message satisfies FeatureWireMessage);
  }

  /**
   * Makes `link` the session in use with friend `peer`, or closes it if an existing one wins
   * the duplicate rule. The adopted session gets our greeting at once; what features queued
   * waits for the peer's first word on it ({@link #greeted}).
   */
  #adopt(link: PeerLink): void {
    const peer = link.peer;
    if (!link.isOpen) return;
    clearTimeout(link.lifetimeTimer);
    clearTimeout(link.silenceTimer);
    this.#links.setStranger(link, false);
    const current = this.#links.active(peer);
    if (current === link) return;
    if (current !== undefined && current.isOpen) {
      if (preferredSession(current, link, this.#self) === 'current') {
        log.debug('duplicate session: keeping the one already in use', { peer: sensitive(peer) });
        void link.close();
        return;
      }
      log.debug('duplicate session: switching to the one dialed by the smaller address', { peer: sensitive(peer) });
      this.#links.setActive(link);
      void current.close();
      this.#bulk.drop(peer); // it may be as dead as the session it served beside (a restarted peer)
    } else {
      this.#links.setActive(link);
    }
    link.post(this.#standing.greeting());
  }

  /**
   * A friend spoke on their active session: they let us in, so the session is good for
   * everything. The friend is online from now on (presence), and what waited for them goes out.
   */
  #greeted(link: PeerLink): void {
    const peer = link.peer;
    if (link.greeted || this.#links.active(peer) !== link) return;
    link.greeted = true;
    this.#connections.succeeded(peer);
    if (this.#links.setOnline(peer)) this.#events.emit({ type: 'presence', onion: peer, online: true });
    this.#features.each('friendOnline', (feature) => feature.friendOnline?.(peer));
  }

  #onLinkClosed(link: PeerLink): void {
    const peer = link.peer;
    clearTimeout(link.lifetimeTimer);
    clearTimeout(link.silenceTimer);
    const { wasActive, wentOffline } = this.#links.remove(link);
    if (this.#stopped) return;
    if (wasActive) this.#bulk.drop(peer);
    if (wentOffline) {
      this.#events.emit({ type: 'presence', onion: peer, online: false });
      this.#features.each('friendOffline', (feature) => feature.friendOffline?.(peer));
    }
    this.#connections.lost(peer);
  }

  #onTorStatus(tor: NodeStatus['tor']): void {
    this.#events.emit({ type: 'tor', tor });
    const becameReady = tor.ready && !this.#torReady;
    this.#torReady = tor.ready;
    // Dials made while tor was down failed and wait out their backoff: try them now.
    if (becameReady) this.#connections.retryNow();
  }

  // ---- what features get ----

  /** The session with friend `peer` that may carry feature traffic now: in use, open, and greeted by them. */
  #ready(peer: OnionAddress): PeerLink | undefined {
    const link = this.#links.active(peer);
    return link !== undefined && link.greeted && link.isOpen && !this.#stopped ? link : undefined;
  }

  #sessionControl(): SessionControl {
    const linkOf = (session: object): PeerLink => {
      if (!(session instanceof PeerLink))
        throw nodeInvariantBroken('a feature handed the host a session it did not make');
      return session;
    };
    return {
      ready: (peer) => this.#ready(peer),
      open: (peer) => this.#links.open(peer),
      isActive: (session) => this.#links.active(session.peer) === session,
      adopt: (session) => this.#adopt(linkOf(session)),
      close: (session) => void linkOf(session).close(),
      dial: (peer) => this.#connections.want(peer),
      stopDialing: (peer) => this.#connections.forget(peer),
      drop: (peer) => {
        this.#connections.forget(peer);
        this.#features.each('peerDropped', (feature) => feature.peerDropped?.(peer));
        for (const link of this.#links.open(peer)) void link.close();
        this.#bulk.drop(peer);
      },
      isOnline: (peer) => this.#links.isOnline(peer),
      friendsChanged: () => {
        this.#features.each('friendsChanged', (feature) => feature.friendsChanged?.());
        this.#track(this.#endpoints.refresh());
      },
      endpointsChanged: () => this.#track(this.#endpoints.refresh()),
      newId: () => this.#newId(),
    };
  }

  // ---- helpers ----

  #newId(): Uint8Array {
    return this.#options.random(MESSAGE_ID_BYTES);
  }

  #track(task: Promise<unknown>): void {
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }
}
