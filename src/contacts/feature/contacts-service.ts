/**
 * The contacts service: the contact state machine over the profile store (docs/ARCHITECTURE.md
 * "Services/Contacts"). Pure in the arti sense: no network, no timers. The node feeds it user
 * commands and verified peer messages; it updates the store and says what happened, and the
 * node turns outcomes into replies, dials and events.
 *
 * States (contacts/store/contacts-repository.ts) and moves:
 *
 * | event                          | none / rejected | outgoing-request | incoming-request | friend | blocked |
 * | ------------------------------ | --------------- | ---------------- | ---------------- | ------ | ------- |
 * | we add                         | outgoing        | outgoing (new text) | friend        | error  | outgoing |
 * | their request arrives          | incoming (rejected: dropped silently) | friend | incoming (new text) | friend | refused |
 * | their accept arrives           | refused         | friend           | refused          | friend | refused |
 * | we accept                      | error           | error            | friend           | friend | error   |
 * | we reject                      | error           | error            | rejected         | error  | error   |
 * | we block                       | blocked         | blocked          | blocked          | blocked | blocked |
 * | we remove                      | a stranger again: the contact and its history are deleted |
 *
 * A rejected requester is not told (the request is acknowledged like any other), so a reject
 * reveals nothing; their repeated requests are dropped until we remove or add them.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import {
  MAX_DISPLAY_NAME_BYTES,
  MAX_REQUEST_MESSAGE_BYTES,
  toWireDisplayName,
  wellFormedUtf8Length,
} from '../../protocol/envelope/index.js';
import type { ContactAcceptBody, ContactRequestBody } from '../../protocol/contacts/contact-messages.js';
import type { Contact } from '../store/contacts-repository.js';
import type { ProfileStore } from '../../store/profile-store.js';
import {
  alreadyFriends,
  cannotAddSelf,
  ContactRequestRateLimitedError,
  invalidNickname,
  invalidText,
  noPendingRequest,
  requestMessageTooLong,
  unexpectedMessage,
  unknownContact,
} from '../errors.js';
import type { ContactRequestLimiter } from '../../lib/request-limiter.js';
import { gateVerdict, standingOf, type GateVerdict, type Standing } from './standing.js';

/** Longest local nickname, in UTF-8 bytes (one line in the contact list). */
export const MAX_NICKNAME_BYTES = MAX_DISPLAY_NAME_BYTES;

/** What the contacts service needs of the store. */
export type ContactsStore = Pick<ProfileStore, 'contacts' | 'transaction'>;

/** Construction options of {@link ContactsService}. */
export interface ContactsServiceOptions {
  readonly store: ContactsStore;
  /** Our own onion address (we cannot be our own contact). */
  readonly self: OnionAddress;
  /** Unix ms. */
  readonly now: () => number;
  readonly limiter: ContactRequestLimiter;
}

/** What adding a contact did. */
export interface AddOutcome {
  readonly contact: Contact;
  /** They had already asked us, so adding them accepted their request. */
  readonly becameFriend: boolean;
}

/** What a received contact request did. */
export type RequestOutcome =
  /** They wait for our answer (a new request, or a repeat with `changed` text). */
  | { readonly result: 'pending'; readonly contact: Contact; readonly changed: boolean }
  /** We are friends: we had asked them too (`changed`), or already were. Reply with an accept. */
  | { readonly result: 'friend'; readonly contact: Contact; readonly changed: boolean }
  /** We rejected them before: acknowledge and forget, so they learn nothing. */
  | { readonly result: 'ignored' };

/** What a received contact accept did. */
export interface AcceptOutcome {
  readonly contact: Contact;
  /** False when nothing changed: we already were friends (every friend session starts with an accept) under the same name. */
  readonly changed: boolean;
}

/**
 * The contact state machine.
 *
 * @example
 * ```ts
 * const contacts = new ContactsService({ store, self: identity.onionAddress, now: Date.now, limiter });
 * const { contact } = contacts.add(parseOnionAddress(input), 'hi, it is Ada');
 * ```
 */
export class ContactsService {
  readonly #store: ContactsStore;
  readonly #self: OnionAddress;
  readonly #now: () => number;
  readonly #limiter: ContactRequestLimiter;

  constructor(options: ContactsServiceOptions) {
    this.#store = options.store;
    this.#self = options.self;
    this.#now = options.now;
    this.#limiter = options.limiter;
  }

  /** The contact, or undefined for a stranger. */
  get(onion: OnionAddress): Contact | undefined {
    return this.#store.contacts.get(onion);
  }

  /** The contact, or `UnknownContactError`. */
  require(onion: OnionAddress): Contact {
    const contact = this.get(onion);
    if (contact === undefined) throw unknownContact();
    return contact;
  }

  /** Every stored contact, oldest first. */
  list(): Contact[] {
    return this.#store.contacts.list();
  }

  /** Where `onion` stands with us now. */
  standing(onion: OnionAddress): Standing {
    return standingOf(this.get(onion));
  }

  /**
   * The inbound gate. Opening a session costs a stranger a token of its request limit (the
   * request it then sends is paid for); one over the limits is refused right here, before it
   * can send a byte: that keeps a flood cheap (docs/ARCHITECTURE.md "Session protocol" 4).
   */
  gate(peer: OnionAddress): GateVerdict {
    const standing = this.standing(peer);
    const verdict = gateVerdict(standing);
    if (verdict === 'contact-request-only' && standing !== 'outgoing-request') {
      if (this.#limiter.open(peer, this.#now()) !== 'allow') return 'refuse';
    }
    return verdict;
  }

  /** We send `onion` a contact request with `message` (or accept theirs, if they asked first). */
  add(onion: OnionAddress, message: string): AddOutcome {
    if (onion === this.#self) throw cannotAddSelf();
    const bytes = wellFormedUtf8Length(message);
    if (bytes === undefined) throw invalidText('contact request message');
    if (bytes > MAX_REQUEST_MESSAGE_BYTES) throw requestMessageTooLong(bytes);
    return this.#store.transaction(() => {
      const now = this.#now();
      const existing = this.get(onion);
      switch (existing?.state) {
        case undefined:
          this.#store.contacts.insert({ onion, state: 'outgoing-request', requestMessage: message, createdAt: now });
          return { contact: this.require(onion), becameFriend: false };
        case 'friend':
          throw alreadyFriends();
        case 'incoming-request':
          this.#store.contacts.setState(onion, 'friend', now);
          return { contact: this.require(onion), becameFriend: true };
        case 'outgoing-request':
        case 'rejected':
        case 'blocked':
          this.#store.contacts.setState(onion, 'outgoing-request', now);
          this.#store.contacts.setRequestMessage(onion, message, now);
          return { contact: this.require(onion), becameFriend: false };
      }
    });
  }

  /** Accepts their contact request: they become a friend. Accepting a friend again is a no-op. */
  accept(onion: OnionAddress): Contact {
    const contact = this.require(onion);
    if (contact.state === 'friend') return contact;
    if (contact.state !== 'incoming-request') throw noPendingRequest();
    this.#store.contacts.setState(onion, 'friend', this.#now());
    return this.require(onion);
  }

  /** Rejects their contact request, silently (see the module comment). */
  reject(onion: OnionAddress): void {
    const contact = this.require(onion);
    if (contact.state !== 'incoming-request') throw noPendingRequest();
    this.#store.contacts.setState(onion, 'rejected', this.#now());
  }

  /** Blocks `onion`, contact or not: from now on they are dropped right after the handshake. */
  block(onion: OnionAddress): Contact {
    if (onion === this.#self) throw cannotAddSelf();
    this.#store.transaction(() => {
      const now = this.#now();
      if (!this.#store.contacts.insert({ onion, state: 'blocked', createdAt: now }))
        this.#store.contacts.setState(onion, 'blocked', now);
    });
    return this.require(onion);
  }

  /**
   * Forgets the contact and its history: they are a stranger again.
   */
  remove(onion: OnionAddress): void {
    this.require(onion);
    this.#store.contacts.remove(onion);
  }

  /** Sets our local name for them; an empty (or all-blank) nickname clears it. */
  setNickname(onion: OnionAddress, nickname: string): Contact {
    const trimmed = typeof nickname === 'string' ? nickname.trim() : nickname;
    const bytes = wellFormedUtf8Length(trimmed);
    if (bytes === undefined) throw invalidNickname('it is not valid text');
    if (bytes > MAX_NICKNAME_BYTES)
      throw invalidNickname(`it is ${bytes} bytes long; the limit is ${MAX_NICKNAME_BYTES}`);
    if (/\p{Cc}/u.test(trimmed)) throw invalidNickname('it contains control characters (a nickname is one line)');
    this.require(onion);
    this.#store.contacts.setNickname(onion, trimmed === '' ? undefined : trimmed, this.#now());
    return this.require(onion);
  }

  /** Records that an authenticated session with them is open now. */
  recordSeen(onion: OnionAddress): void {
    this.#store.contacts.recordSeen(onion, this.#now());
  }

  /**
   * A contact request arrived from `peer` over an authenticated session. Throws
   * {@link ContactRequestRateLimitedError} when over the limits (nothing stored). A blocked or
   * rejected identity's request is ignored, and acknowledged like any other.
   */
  receiveRequest(peer: OnionAddress, request: ContactRequestBody): RequestOutcome {
    return this.#store.transaction((): RequestOutcome => {
      const now = this.#now();
      const contact = this.get(peer);
      const standing = standingOf(contact);
      switch (standing) {
        case 'friend': {
          const renamed = this.#recordName(contact!, request.displayName, now);
          return { result: 'friend', contact: renamed ? this.require(peer) : contact!, changed: renamed };
        }
        case 'outgoing-request':
          // We both asked: that is consent on both sides.
          this.#store.contacts.setState(peer, 'friend', now);
          this.#recordName(contact!, request.displayName, now);
          return { result: 'friend', contact: this.require(peer), changed: true };
        case 'incoming-request':
        case 'rejected':
        case 'blocked':
        case 'stranger': {
          const verdict = this.#limiter.take(peer, now);
          if (verdict !== 'allow') throw new ContactRequestRateLimitedError(verdict);
          if (standing === 'rejected' || standing === 'blocked') return { result: 'ignored' };
          if (standing === 'stranger') {
            this.#store.contacts.insert({
              onion: peer,
              state: 'incoming-request',
              requestMessage: request.text,
              displayName: announcedName(request.displayName),
              createdAt: now,
            });
            return { result: 'pending', contact: this.require(peer), changed: true };
          }
          const newText = contact!.requestMessage !== request.text;
          if (newText) this.#store.contacts.setRequestMessage(peer, request.text, now);
          const renamed = this.#recordName(contact!, request.displayName, now);
          return { result: 'pending', contact: this.require(peer), changed: newText || renamed };
        }
      }
    });
  }

  /** A contact accept arrived from `peer`: they took our request (or greet us as a friend, as every friend session starts). */
  receiveAccept(peer: OnionAddress, accept: ContactAcceptBody): AcceptOutcome {
    return this.#store.transaction((): AcceptOutcome => {
      const contact = this.get(peer);
      const standing = standingOf(contact);
      const now = this.#now();
      if (standing === 'friend') {
        const renamed = this.#recordName(contact!, accept.displayName, now);
        return { contact: renamed ? this.require(peer) : contact!, changed: renamed };
      }
      if (standing !== 'outgoing-request') throw unexpectedMessage('contact-accept', standing);
      this.#store.contacts.setState(peer, 'friend', now);
      this.#recordName(contact!, accept.displayName, now);
      return { contact: this.require(peer), changed: true };
    });
  }

  /**
   * Keeps the name the peer announces with every request and accept (so a request in the list
   * is more than an onion address), apart from the nickname, which stays ours. It is theirs to
   * choose and untrusted: the UI prefers our nickname and makes it terminal-safe. Returns
   * whether it changed.
   */
  #recordName(contact: Contact, displayName: string, now: number): boolean {
    const name = announcedName(displayName);
    if (name === contact.displayName) return false;
    this.#store.contacts.setDisplayName(contact.onion, name, now);
    return true;
  }
}

/** A peer's announced name as stored: within the wire limit, trimmed, undefined when blank. */
function announcedName(displayName: string): string | undefined {
  const name = toWireDisplayName(displayName).trim();
  return name === '' ? undefined : name;
}
