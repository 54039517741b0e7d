/**
 * The node API: everything a front end (the TUI, the daemon's JSON-lines socket, tests) can
 * ask of a running Burrow node, and the events it emits. Plain JSON-compatible data only, so
 * the daemon can serve it unchanged (`burrow ctl … --json` prints these shapes).
 */
import type { FilesApi, FilesEvent } from '../files/feature/api.js';
import type { GroupNodeEvent, GroupsApi } from '../groups/feature/api.js';
import type { MessageRelayView, RelayApi, RelayNodeEvent } from '../relay/feature/api.js';

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

/** Outgoing: sending → sent (the peer's node stored it… or our node handed it to Tor) → delivered (acked) → read. Incoming: received → read. */
export type MessageState = 'sending' | 'sent' | 'delivered' | 'read' | 'received';

export interface MessageView {
  /** 32 hex characters (16 random bytes). */
  readonly id: string;
  /** The contact's onion address. */
  readonly conversation: string;
  readonly direction: 'in' | 'out';
  readonly text: string;
  /** Sender's clock, unix ms. */
  readonly createdAt: number;
  readonly state: MessageState;
  /** Outgoing messages sealed for an offline friend: where the sealed copy stands (relay/feature/api.ts). */
  readonly relay?: MessageRelayView;
}

export interface TorStatus {
  /** 0–100, from tor's bootstrap events. */
  readonly bootstrap: number;
  readonly summary: string;
  /** Our onion service is published and we can dial. */
  readonly ready: boolean;
}

export interface NodeStatus {
  readonly onion: string;
  readonly displayName: string;
  readonly tor: TorStatus;
  readonly friends: number;
  readonly online: number;
  readonly pendingRequests: number;
}

export interface HistoryOptions {
  /** At most this many messages, newest last (default 50, max 500). */
  readonly limit?: number;
  /** Only messages older than this message id (paging backwards). */
  readonly before?: string;
}

export type NodeEvent =
  | { readonly type: 'contact'; readonly contact: ContactView }
  | { readonly type: 'contact-removed'; readonly onion: string }
  | { readonly type: 'message'; readonly message: MessageView }
  | { readonly type: 'message-state'; readonly id: string; readonly conversation: string; readonly state: MessageState }
  | { readonly type: 'presence'; readonly onion: string; readonly online: boolean }
  | { readonly type: 'tor'; readonly tor: TorStatus }
  | GroupNodeEvent
  | RelayNodeEvent
  | FilesEvent;

/**
 * Commands. Each rejects with a typed `BurrowError` (e.g. `InvalidOnionAddressError`,
 * `UnknownContactError`, `NotAFriendError`, `MessageTooLongError`) whose message the front end
 * can show as is.
 */
export interface NodeApi {
  status(): Promise<NodeStatus>;
  contacts(): Promise<ContactView[]>;
  /** Incoming contact requests waiting for accept / reject / block. */
  requests(): Promise<ContactView[]>;
  addContact(onion: string, message: string): Promise<ContactView>;
  acceptContact(onion: string): Promise<ContactView>;
  rejectContact(onion: string): Promise<void>;
  blockContact(onion: string): Promise<ContactView>;
  removeContact(onion: string): Promise<void>;
  setNickname(onion: string, nickname: string): Promise<ContactView>;
  sendMessage(onion: string, text: string): Promise<MessageView>;
  history(onion: string, options?: HistoryOptions): Promise<MessageView[]>;
  /** Marks every incoming message of the conversation read (and tells the peer). */
  markRead(onion: string): Promise<void>;
  readonly groups: GroupsApi;
  readonly relay: RelayApi;
  readonly files: FilesApi;
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: NodeEvent) => void): () => void;
}
