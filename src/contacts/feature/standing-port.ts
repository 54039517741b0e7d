/**
 * The contact list as the session host sees it (node/contact-standing.ts): who gets through
 * the gate, who may send what (contacts/feature/standing.ts), whom to dial, and what to say on a
 * session we dialed to someone who is not a friend yet (our request).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { ContactStanding, GateDecision } from '../../node/contact-standing.js';
import type { FeatureSession } from '../../node/feature.js';
import type { MessageKindName, WireMessage } from '../../protocol/envelope/index.js';
import type { ContactsService } from './contacts-service.js';
import { unexpectedMessage } from '../errors.js';
import { mayReceive } from './standing.js';
import type { RequestDelivery } from './request-delivery.js';

/** The host's view of the contact list. */
export class ContactStandingPort implements ContactStanding {
  readonly #service: ContactsService;
  readonly #requests: RequestDelivery;
  readonly #greeting: () => WireMessage;

  constructor(service: ContactsService, requests: RequestDelivery, greeting: () => WireMessage) {
    this.#service = service;
    this.#requests = requests;
    this.#greeting = greeting;
  }

  gate(peer: OnionAddress): GateDecision {
    return this.#service.gate(peer);
  }

  checkReceive(peer: OnionAddress, kind: MessageKindName): void {
    const standing = this.#service.standing(peer);
    if (!mayReceive(standing, kind)) throw unexpectedMessage(kind, standing);
  }

  isFriend(peer: OnionAddress): boolean {
    return this.#service.get(peer)?.state === 'friend';
  }

  awaitsAnswer(peer: OnionAddress): boolean {
    return this.#service.get(peer)?.state === 'outgoing-request';
  }

  friends(): OnionAddress[] {
    return this.#service
      .list()
      .filter((contact) => contact.state === 'friend')
      .map((contact) => contact.onion);
  }

  wanted(): OnionAddress[] {
    return this.#service
      .list()
      .filter((contact) => contact.state === 'friend' || contact.state === 'outgoing-request')
      .map((contact) => contact.onion);
  }

  needsDial(peer: OnionAddress): boolean {
    const state = this.#service.get(peer)?.state;
    return state === 'friend' || (state === 'outgoing-request' && !this.#requests.isDelivered(peer));
  }

  useDialed(session: FeatureSession): boolean {
    if (this.#service.get(session.peer)?.state !== 'outgoing-request') return false;
    this.#requests.send(session);
    return true;
  }

  greeting(): WireMessage {
    return this.#greeting();
  }
}
