/**
 * 1:1 chat's part of the node API (node/api.ts assembles the whole): sending, history, read
 * state. Plain JSON data, as the daemon serves it.
 */
import type { HistoryOptions, SearchOptions } from '../../node/history-options.js';
import type { MessageRelayView } from '../../relay/feature/api.js';

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

/** Events of 1:1 chat. */
export type ChatEvent =
  | { readonly type: 'message'; readonly message: MessageView }
  | {
      readonly type: 'message-state';
      readonly id: string;
      readonly conversation: string;
      readonly state: MessageState;
    };

/**
 * Chat commands. Each rejects with a typed `BurrowError` (e.g. `NotAFriendError`,
 * `MessageTooLongError`) whose message the front end can show as is.
 */
export interface ChatApi {
  sendMessage(onion: string, text: string): Promise<MessageView>;
  history(onion: string, options?: HistoryOptions): Promise<MessageView[]>;
  /**
   * Messages whose text contains `text` (any case), newest first: of one conversation
   * (`options.conversation`, an onion address) or of all. Runs over the decrypted history in
   * the node. Rejects with `InvalidSearchError` for an empty or over-long query.
   */
  searchMessages(text: string, options?: SearchOptions): Promise<MessageView[]>;
  /** Marks every incoming message of the conversation read (and tells the peer). */
  markRead(onion: string): Promise<void>;
}
