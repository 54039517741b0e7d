/**
 * Contacts in the node (docs/ARCHITECTURE.md "Services/Contacts"): the pure contact state
 * machine (contacts-service.ts) wired to sessions, the front ends and the other services.
 *
 * - Requests: ours travels on sessions we dial to the contact until they ack it
 *   (request-delivery.ts); theirs arrives on a session their gate-limited dial opened, and is
 *   acknowledged after the commit in every outcome, so a rejected requester cannot tell.
 * - Friendship: every friend session starts with a contact-accept ("we are friends", our
 *   greeting), which also delivers an acceptance the peer missed while offline, so
 *   acceptances need no queue of their own. An accept, or a request that makes us friends,
 *   makes its session the one in use (the host's duplicate rule decides).
 * - Standing: the host's gate, dispatcher and dialer ask this feature where peers stand
 *   (standing-port.ts).
 * - Views: a contact shows its conversation's unread count and newest message, which 1:1 chat
 *   provides through {@link ConversationSummary} (linked in app/compose.ts).
 */
import { parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import { runCommand } from '../../node/command.js';
import { nodeInvariantBroken } from '../../node/errors.js';
import type { ContactStanding } from '../../node/contact-standing.js';
import type { FeatureContext, FeatureSession, NodeFeature, SessionControl } from '../../node/feature.js';
import {
  toWireDisplayName,
  type AckMessage,
  type ContactAcceptMessage,
  type ContactRequestMessage,
} from '../../protocol/envelope/index.js';
import { ContactsService } from './contacts-service.js';
import { ContactRequestRateLimitedError } from '../errors.js';
import { ContactRequestLimiter, type ContactRequestLimits } from '../../lib/request-limiter.js';
import type { Contact } from '../store/contacts-repository.js';
import type { ContactsApi, ContactView } from './api.js';
import { RequestDelivery } from './request-delivery.js';
import { ContactStandingPort } from './standing-port.js';
import { isVisible, toContactView } from './views.js';

const log = logger('contacts');

/** The messages contacts receive: requests, accepts, and the acks of our requests. */
export type ContactsWireMessage = ContactRequestMessage | ContactAcceptMessage | AckMessage;

/** What a contact view needs from 1:1 chat. */
export interface ConversationSummary {
  /** Incoming messages from `peer` not read yet. */
  unreadCount(peer: OnionAddress): number;
  /** Unix ms the newest message of the conversation arrived (or was written), if any. */
  lastMessageAt(peer: OnionAddress): number | undefined;
}

const NO_CONVERSATIONS: ConversationSummary = { unreadCount: () => 0, lastMessageAt: () => undefined };

/** Options of a {@link ContactsFeature}. */
export interface ContactsFeatureOptions {
  /** Contact request rate limits; see lib/request-limiter.ts. */
  readonly limits?: ContactRequestLimits | undefined;
}

/** The contacts feature: the core contact kinds, the {@link ContactsApi}, and the host's {@link ContactStanding}. */
export class ContactsFeature implements NodeFeature<ContactsWireMessage>, ContactsApi {
  readonly block = 'contacts' as const;
  readonly kinds = ['contact-request', 'contact-accept', 'ack'] as const;
  /** Where peers stand, for the host (app/compose.ts hands it over). */
  readonly standing: ContactStanding;
  readonly #context: FeatureContext;
  readonly #sessions: SessionControl;
  readonly #service: ContactsService;
  readonly #requests: RequestDelivery;
  #conversations: ConversationSummary = NO_CONVERSATIONS;

  constructor(context: FeatureContext, sessions: SessionControl, options: ContactsFeatureOptions = {}) {
    this.#context = context;
    this.#sessions = sessions;
    const limiter = new ContactRequestLimiter(context.now(), options.limits);
    this.#service = new ContactsService({
      store: context.store,
      self: context.self,
      now: () => context.now(),
      limiter,
    });
    this.#requests = new RequestDelivery({
      newId: () => sessions.newId(),
      ourName: () => this.#ourName(),
      requestText: (peer) => {
        const contact = this.#service.get(peer);
        return contact === undefined ? undefined : (contact.requestMessage ?? '');
      },
    });
    this.standing = new ContactStandingPort(this.#service, this.#requests, () => this.#greeting());
  }

  /** Contact views show `conversations`' unread counts and newest messages (call once, before start). */
  connectConversations(conversations: ConversationSummary): void {
    this.#conversations = conversations;
  }

  // ---- NodeFeature ----

  async receive(_peer: OnionAddress, message: ContactsWireMessage, session: FeatureSession): Promise<void> {
    switch (message.kind) {
      case 'contact-request':
        return this.#onRequest(session, message);
      case 'contact-accept':
        return this.#onAccept(session, message);
      case 'ack':
        return this.#onAck(session, message);
    }
  }

  /** A friend's session is greeted: remember when we last had one (last-seen never moves backwards). */
  friendOnline(peer: OnionAddress): void {
    this.#service.recordSeen(peer);
  }

  async #onRequest(session: FeatureSession, message: ContactRequestMessage): Promise<void> {
    let outcome;
    try {
      outcome = this.#service.receiveRequest(session.peer, message);
    } catch (error) {
      if (!(error instanceof ContactRequestRateLimitedError)) throw error;
      // Closed here rather than by the host's warning: a flood must not flood the log too.
      log.info('closing a session: contact request over the rate limit', { peer: sensitive(session.peer), error });
      this.#sessions.close(session);
      return;
    }
    // Acknowledged after the commit, in every outcome: a rejected requester cannot tell.
    await session.send({ kind: 'ack', id: this.#sessions.newId(), ids: [message.id] });
    if (outcome.result === 'ignored') return;
    if (outcome.changed) this.#announce(outcome.contact);
    if (outcome.result === 'friend') {
      // We had asked them too, or they lost our friendship: either way, tell them we agree.
      if (this.#sessions.isActive(session)) await session.send(this.#greeting());
      else this.#sessions.adopt(session);
    }
  }

  #onAccept(session: FeatureSession, message: ContactAcceptMessage): void {
    const outcome = this.#service.receiveAccept(session.peer, message);
    if (outcome.changed) this.#announce(outcome.contact);
    if (!this.#sessions.isActive(session)) this.#sessions.adopt(session);
  }

  #onAck(session: FeatureSession, message: AckMessage): void {
    if (!this.#requests.acknowledged(session, message.ids)) return;
    const peer = session.peer;
    if (this.#service.get(peer)?.state !== 'friend') {
      this.#sessions.stopDialing(peer);
      this.#sessions.close(session);
    }
  }

  // ---- ContactsApi ----

  contacts(): Promise<ContactView[]> {
    return runCommand(this.#context.signal, () =>
      this.#service
        .list()
        .filter(isVisible)
        .map((contact) => this.#view(contact)),
    );
  }

  requests(): Promise<ContactView[]> {
    return runCommand(this.#context.signal, () => {
      return this.#service
        .list()
        .filter(isVisible)
        .filter((contact) => contact.state === 'incoming-request')
        .map((contact) => this.#view(contact));
    });
  }

  addContact(onion: string, message: string): Promise<ContactView> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const { contact, becameFriend } = this.#service.add(peer, message);
      this.#announce(contact);
      if (becameFriend) {
        this.#befriendedByUs(peer);
      } else {
        // A new or changed request: deliver it now (on a session we already have, or a fresh dial).
        this.#requests.forget(peer);
        const dialed = this.#sessions.open(peer).filter((session) => session.role === 'initiator');
        for (const session of dialed) this.#requests.send(session);
        if (dialed.length === 0) {
          this.#sessions.stopDialing(peer);
          this.#sessions.dial(peer);
        }
      }
      return this.#viewOf(peer);
    });
  }

  acceptContact(onion: string): Promise<ContactView> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const before = this.#service.require(peer).state;
      const contact = this.#service.accept(peer);
      if (before !== 'friend') this.#announce(contact);
      this.#befriendedByUs(peer);
      return this.#viewOf(peer);
    });
  }

  rejectContact(onion: string): Promise<void> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      this.#service.reject(peer);
      this.#drop(peer);
      this.#announceRemoved(peer);
    });
  }

  blockContact(onion: string): Promise<ContactView> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const contact = this.#service.block(peer);
      this.#drop(peer);
      this.#announce(contact);
      return this.#viewOf(peer);
    });
  }

  removeContact(onion: string): Promise<void> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      this.#service.remove(peer);
      this.#drop(peer);
      this.#announceRemoved(peer);
    });
  }

  setNickname(onion: string, nickname: string): Promise<ContactView> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      this.#announce(this.#service.setNickname(peer, nickname));
      return this.#viewOf(peer);
    });
  }

  // ---- for the node and other services ----

  /** The contact, or `UnknownContactError`. */
  require(peer: OnionAddress): Contact {
    return this.#service.require(peer);
  }

  /** Shows the contact again (something its view shows changed, e.g. its conversation's unread count). */
  announce(peer: OnionAddress): void {
    this.#announce(this.#service.require(peer));
  }

  /** How many friends and waiting requests there are (for the node status). */
  counts(): { readonly friends: number; readonly pendingRequests: number } {
    const contacts = this.#service.list();
    return {
      friends: contacts.filter((contact) => contact.state === 'friend').length,
      pendingRequests: contacts.filter((contact) => contact.state === 'incoming-request').length,
    };
  }

  // ---- helpers ----

  /** We made `peer` a friend (accepted, or added someone who had asked us): greet them on a session, or dial one. */
  #befriendedByUs(peer: OnionAddress): void {
    const newest = this.#sessions.open(peer).at(-1);
    if (newest !== undefined) this.#sessions.adopt(newest);
    else this.#sessions.dial(peer);
  }

  /** Closes every session with `peer` and stops dialing them (block, reject, remove). */
  #drop(peer: OnionAddress): void {
    this.#requests.forget(peer);
    this.#sessions.drop(peer);
  }

  #greeting(): ContactAcceptMessage {
    return { kind: 'contact-accept', id: this.#sessions.newId(), displayName: this.#ourName() };
  }

  #ourName(): string {
    return toWireDisplayName(this.#context.store.identity.get().displayName);
  }

  #announce(contact: Contact): void {
    if (isVisible(contact)) this.#context.emit({ type: 'contact', contact: this.#view(contact) });
    this.#sessions.friendsChanged();
  }

  #announceRemoved(peer: OnionAddress): void {
    this.#context.emit({ type: 'contact-removed', onion: peer });
    this.#sessions.friendsChanged();
  }

  #viewOf(peer: OnionAddress): ContactView {
    const contact = this.#service.require(peer);
    if (!isVisible(contact)) throw nodeInvariantBroken('a contact just changed by the user is rejected');
    return this.#view(contact);
  }

  #view(contact: Contact & { readonly state: ContactView['state'] }): ContactView {
    return toContactView(contact, {
      online: this.#sessions.isOnline(contact.onion),
      unread: this.#conversations.unreadCount(contact.onion),
      lastMessageAt: this.#conversations.lastMessageAt(contact.onion),
    });
  }
}
