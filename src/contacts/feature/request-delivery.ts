/**
 * Delivering our contact requests: a request goes out on every session we dial to its contact
 * until their ack comes back. Which requests were delivered is remembered in memory only, so
 * after a restart pending requests are sent once more (the receiver treats a repeat as a
 * refresh).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import type { FeatureSession } from '../../node/feature.js';

const log = logger('contacts');

/** What delivering a request needs. */
export interface RequestDeliveryOptions {
  /** A fresh envelope id. */
  readonly newId: () => Uint8Array;
  /** The name we announce (within the wire limit). */
  readonly ourName: () => string;
  /** The text of our request to `peer`, or undefined if we have none for them any more. */
  readonly requestText: (peer: OnionAddress) => string | undefined;
}

/** Our requests in flight. */
export class RequestDelivery {
  readonly #options: RequestDeliveryOptions;
  /** The id of the request written on each session, until its ack arrives. */
  readonly #pending = new WeakMap<FeatureSession, Uint8Array>();
  /** Peers who acknowledged our request since start. */
  readonly #delivered = new Set<OnionAddress>();

  constructor(options: RequestDeliveryOptions) {
    this.#options = options;
  }

  /** Writes our request to `session.peer` on `session`. */
  send(session: FeatureSession): void {
    const text = this.#options.requestText(session.peer);
    if (text === undefined) return;
    const id = this.#options.newId();
    this.#pending.set(session, Uint8Array.from(id));
    session.post({ kind: 'contact-request', id, displayName: this.#options.ourName(), text });
  }

  /** An ack arrived on `session`: returns whether it acknowledged the request we wrote there. */
  acknowledged(session: FeatureSession, ids: readonly Uint8Array[]): boolean {
    const pending = this.#pending.get(session);
    if (pending === undefined || !ids.some((id) => Buffer.from(id).equals(pending))) return false;
    this.#pending.delete(session);
    this.#delivered.add(session.peer);
    log.info('contact request delivered', { peer: sensitive(session.peer) });
    return true;
  }

  /** Whether `peer` has our request. */
  isDelivered(peer: OnionAddress): boolean {
    return this.#delivered.has(peer);
  }

  /** Our request to `peer` is new or changed (or gone): it is not delivered. */
  forget(peer: OnionAddress): void {
    this.#delivered.delete(peer);
  }
}
