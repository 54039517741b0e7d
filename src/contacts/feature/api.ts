/**
 * The contacts' part of the node API (node/api.ts assembles the whole): the contact list,
 * requests and their answers, nicknames. Plain JSON data, as the daemon serves it.
 */

/** How a contact relates to us. */
export type ContactState = 'friend' | 'outgoing-request' | 'incoming-request' | 'blocked';

export interface ContactView {
  /** 56-character onion address (no ".onion"). */
  readonly onion: string;
  /** Local nickname, if the user set one. */
  readonly nickname?: string;
  /** The name they announce for themselves (their choice: show the nickname first), if any. */
  readonly displayName?: string;
  readonly state: ContactState;
  /** An authenticated session is open right now. */
  readonly online: boolean;
  /** The message that came with their contact request (incoming) or ours (outgoing). */
  readonly requestMessage?: string;
  /** Incoming messages not yet marked read. */
  readonly unread: number;
  /** Unix ms of the newest message in the conversation. */
  readonly lastMessageAt?: number;
}

/** Events of the contact list. */
export type ContactsEvent =
  | { readonly type: 'contact'; readonly contact: ContactView }
  | { readonly type: 'contact-removed'; readonly onion: string };

/**
 * Contact commands. Each rejects with a typed `BurrowError` (e.g. `InvalidOnionAddressError`,
 * `UnknownContactError`, `NoPendingRequestError`) whose message the front end can show as is.
 */
export interface ContactsApi {
  contacts(): Promise<ContactView[]>;
  /** Incoming contact requests waiting for accept / reject / block. */
  requests(): Promise<ContactView[]>;
  addContact(onion: string, message: string): Promise<ContactView>;
  acceptContact(onion: string): Promise<ContactView>;
  rejectContact(onion: string): Promise<void>;
  blockContact(onion: string): Promise<ContactView>;
  removeContact(onion: string): Promise<void>;
  setNickname(onion: string, nickname: string): Promise<ContactView>;
}
