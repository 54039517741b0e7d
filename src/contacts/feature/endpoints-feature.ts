/**
 * Private endpoints in the node (docs/PROTOCOL.md "Endpoints"): one client-authorised onion
 * service per friend, offered to that friend on every session, and the endpoints friends
 * offered us. It is the host's endpoint book (node/endpoint-book.ts): the host publishes,
 * authorises and dials what {@link EndpointsFeature.current} says, so ending a friendship
 * (remove, block) takes their endpoint down and their key off our tor on the next refresh.
 *
 * Mixed versions: a Burrow that predates endpoints closes a session on the unknown kind. A
 * friend whose sessions ended {@link LEGACY_AFTER_SESSIONS} times in a row with our offer out
 * and none of theirs is taken for such a Burrow (one ended session is not enough: sessions
 * flap while two people become friends) and is not offered again for {@link LEGACY_RETRY_MS}
 * (or until they offer): they keep reaching us, and we them, at the public address.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import type { EndpointBook, OwnEndpoint, PeerEndpoint } from '../../node/endpoint-book.js';
import type { FeatureContext, FeatureSession, NodeFeature, SessionControl } from '../../node/feature.js';
import type { EndpointOfferMessage } from '../../protocol/envelope/index.js';
import { staleEndpointOffer } from '../endpoint-errors.js';
import { deriveEndpointKeys, ENDPOINT_SALT_BYTES, type EndpointKeys } from '../endpoint-keys.js';
import { checkEndpointOffer, signEndpointOffer } from '../endpoint-offer-check.js';
import type { EndpointRecord } from '../store/endpoints-repository.js';

const log = logger('endpoints');

/** How long a friend taken for a Burrow without endpoints is not offered one again. */
export const LEGACY_RETRY_MS = 60 * 60 * 1000;
/** Sessions in a row that end with our offer out and none of theirs before a friend is taken for a Burrow without endpoints. */
export const LEGACY_AFTER_SESSIONS = 3;

/** The endpoints feature: the endpoint-offer kind and the host's {@link EndpointBook}. */
export class EndpointsFeature implements NodeFeature<EndpointOfferMessage>, EndpointBook {
  readonly block = 'endpoints' as const;
  readonly kinds = ['endpoint-offer'] as const;
  readonly #context: FeatureContext;
  readonly #sessions: SessionControl;
  /** Derived keys by friend and salt (derivation costs a key generation). */
  readonly #keys = new Map<string, EndpointKeys>();
  /** Friends we offered our endpoint on their current session. */
  readonly #offered = new Set<OnionAddress>();
  /** Friends taken for a Burrow without endpoints, until when. */
  readonly #legacyUntil = new Map<OnionAddress, number>();
  /** Friends' sessions in a row that ended with our offer unanswered. */
  readonly #unanswered = new Map<OnionAddress, number>();

  constructor(context: FeatureContext, sessions: SessionControl) {
    this.#context = context;
    this.#sessions = sessions;
  }

  // ---- EndpointBook ----

  current(): { own: OwnEndpoint[]; theirs: PeerEndpoint[] } {
    const own: OwnEndpoint[] = [];
    const theirs: PeerEndpoint[] = [];
    for (const record of this.#reconcile()) {
      const keys = this.#keysOf(record);
      own.push({ friend: record.friend, service: keys.service, clientPublicKey: keys.client.publicKey });
      if (record.theirs !== undefined)
        theirs.push({ friend: record.friend, address: record.theirs.address, clientKey: record.theirs.clientKey });
    }
    return { own, theirs };
  }

  endpointOf(peer: OnionAddress): OnionAddress | undefined {
    if (!this.#context.isFriend(peer)) return undefined;
    return this.#context.store.endpoints.get(peer)?.theirs?.address;
  }

  // ---- NodeFeature ----

  /** A friend's offer: checked for this pair, kept if newer than the one we have, then authorised on our tor. */
  receive(peer: OnionAddress, message: EndpointOfferMessage, _session: FeatureSession): void {
    const offered = checkEndpointOffer(message, peer, this.#context.self);
    const record = this.#recordOf(peer);
    const kept = record.theirs;
    if (kept !== undefined) {
      const same = kept.address === offered.address && Buffer.from(kept.clientKey).equals(offered.clientKey);
      if (same && kept.issuedAt === offered.issuedAt) return; // the resend every session brings
      if (offered.issuedAt <= kept.issuedAt) throw staleEndpointOffer();
    }
    this.#context.store.endpoints.setTheirs(peer, offered);
    this.#legacyUntil.delete(peer);
    this.#unanswered.delete(peer);
    log.info('a friend gave us a new endpoint', { peer: sensitive(peer) });
    this.#sessions.endpointsChanged();
    // They speak endpoints: if we held back our offer, send it now.
    if (!this.#offered.has(peer)) this.friendOnline(peer);
  }

  /** Every friend session carries our offer once (it is how a friend who lost it, or never had it, gets it). */
  friendOnline(peer: OnionAddress): void {
    const until = this.#legacyUntil.get(peer);
    if (until !== undefined && until > this.#context.now()) return;
    const session = this.#sessions.ready(peer);
    if (session === undefined) return;
    session.post(this.#offer(this.#recordOf(peer)));
    this.#offered.add(peer);
  }

  friendOffline(peer: OnionAddress): void {
    if (!this.#offered.delete(peer) || this.#context.store.endpoints.get(peer)?.theirs !== undefined) return;
    const unanswered = (this.#unanswered.get(peer) ?? 0) + 1;
    if (unanswered < LEGACY_AFTER_SESSIONS) {
      this.#unanswered.set(peer, unanswered);
      return;
    }
    this.#unanswered.delete(peer);
    this.#legacyUntil.set(peer, this.#context.now() + LEGACY_RETRY_MS);
  }

  peerDropped(peer: OnionAddress): void {
    this.#offered.delete(peer);
    this.#legacyUntil.delete(peer);
    this.#unanswered.delete(peer);
  }

  // ---- helpers ----

  #offer(record: EndpointRecord): EndpointOfferMessage {
    const body = signEndpointOffer(this.#keysOf(record), this.#context.self, record.friend, record.issuedAt);
    return { kind: 'endpoint-offer', id: this.#sessions.newId(), ...body };
  }

  /** Every friend has a row (a new friend gets a fresh salt); a row of someone no longer a friend goes. */
  #reconcile(): EndpointRecord[] {
    const friends = new Set(this.#context.friends());
    const { store } = this.#context;
    return store.transaction(() => {
      for (const record of store.endpoints.list()) {
        if (friends.has(record.friend)) continue;
        store.endpoints.delete(record.friend);
        this.#keys.delete(keyId(record));
      }
      for (const friend of friends) this.#recordOf(friend);
      return store.endpoints.list();
    });
  }

  #recordOf(friend: OnionAddress): EndpointRecord {
    const { store } = this.#context;
    const existing = store.endpoints.get(friend);
    if (existing !== undefined) return existing;
    store.endpoints.create(friend, this.#context.random(ENDPOINT_SALT_BYTES), this.#context.now());
    return store.endpoints.get(friend)!;
  }

  #keysOf(record: EndpointRecord): EndpointKeys {
    const id = keyId(record);
    let keys = this.#keys.get(id);
    if (keys === undefined) {
      keys = deriveEndpointKeys(this.#context.identity.seed, record.friend, record.salt);
      this.#keys.set(id, keys);
    }
    return keys;
  }
}

function keyId(record: EndpointRecord): string {
  return `${record.friend}:${Buffer.from(record.salt).toString('hex')}`;
}
