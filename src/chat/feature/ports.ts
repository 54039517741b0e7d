/**
 * What 1:1 chat needs from other services, declared here and handed over by app/compose.ts:
 * the contact list (contacts feature) and offline delivery through friends (relay feature).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { StoredMessage } from '../store/messages-repository.js';
import type { MessageView } from './api.js';

/** What chat needs from the contact list. */
export interface ChatContacts {
  /** The contact's state; throws `UnknownContactError` for someone not in the list. */
  require(peer: OnionAddress): { readonly state: string };
  /** Shows the contact again: its conversation's unread count changed. */
  announce(peer: OnionAddress): void;
}

/** What chat tells offline delivery, and asks it (the relay feature implements it). */
export interface OfflineDelivery {
  /** A message to `message.conversation` was queued: seal it if they stay offline. */
  messageQueued(message: StoredMessage): void;
  /** `peer` acknowledged (or read) these messages directly: their sealed copies are not needed any more. */
  acknowledged(peer: OnionAddress, ids: readonly Uint8Array[]): void;
  /** `view` with where its sealed copy stands, if it has one. */
  decorate(view: MessageView): MessageView;
}

/** Chat without offline delivery: messages wait for their friend's session. */
export const NO_OFFLINE_DELIVERY: OfflineDelivery = {
  messageQueued: () => undefined,
  acknowledged: () => undefined,
  decorate: (view) => view,
};
