/**
 * Store rows → the plain JSON shapes of the node API (api.ts). Optional fields are left out
 * rather than set to undefined, so the daemon's JSON has no nulls.
 */
import { formatMessageId } from '../chat/message-id.js';
import type { Contact } from '../contacts/store/contacts-repository.js';
import type { StoredMessage } from '../chat/store/messages-repository.js';
import type { ContactState, ContactView, MessageView } from './api.js';

/** The API's view of a contact. Rejected contacts are not shown (they only absorb repeats of the request). */
export function toContactView(contact: Contact & { readonly state: ContactState }, live: { online: boolean; unread: number; lastMessageAt: number | undefined }): ContactView {
  return {
    onion: contact.onion,
    ...(contact.nickname === undefined ? {} : { nickname: contact.nickname }),
    ...(contact.displayName === undefined ? {} : { displayName: contact.displayName }),
    state: contact.state,
    online: live.online,
    ...(contact.requestMessage === undefined ? {} : { requestMessage: contact.requestMessage }),
    unread: live.unread,
    ...(live.lastMessageAt === undefined ? {} : { lastMessageAt: live.lastMessageAt }),
  };
}

/** Whether a stored contact is one the API shows. */
export function isVisible(contact: Contact): contact is Contact & { readonly state: ContactState } {
  return contact.state !== 'rejected';
}

/** The API's view of a message. */
export function toMessageView(message: StoredMessage): MessageView {
  return {
    id: formatMessageId(message.id),
    conversation: message.conversation,
    direction: message.direction,
    text: message.body,
    createdAt: message.createdAt,
    state: message.state,
  };
}
