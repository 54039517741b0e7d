/**
 * Contact rows → the plain JSON shape of the node API (api.ts). Optional fields are left out
 * rather than set to undefined, so the daemon's JSON has no nulls.
 */
import type { Contact } from '../store/contacts-repository.js';
import type { ContactState, ContactView } from './api.js';

/** What a contact view shows beyond the stored row: presence, and its conversation's state (1:1 chat). */
export interface ContactLiveState {
  readonly online: boolean;
  readonly unread: number;
  readonly lastMessageAt: number | undefined;
}

/** The API's view of a contact. Rejected contacts are not shown (they only absorb repeats of the request). */
export function toContactView(
  contact: Contact & { readonly state: ContactState },
  live: ContactLiveState,
): ContactView {
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
