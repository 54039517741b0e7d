/**
 * 1:1 chat's part of the node API (node/api.ts assembles the whole): sending, history, read
 * state. Plain JSON data, as the daemon serves it.
 */
import type { HistoryOptions, SearchOptions } from '../../node/history-options.js';
import type { MessageRelayView } from '../../relay/feature/api.js';

/** Outgoing: sending → sent (the peer's node stored it… or our node handed it to Tor) → delivered (acked) → read. Incoming: received → read. */
export type MessageState = 'sending' | 'sent' | 'delivered' | 'read' | 'received';

export interface MessageView extends MessageLifecycleFields {
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

/** What taking messages back adds to a message's view, in 1:1 chat and groups (docs/PROTOCOL.md "Message lifecycle"). */
export interface MessageLifecycleFields {
  /** The text shown was changed by its author. */
  readonly edited?: boolean;
  /** Deleted for everyone (in a group, by its author or an admin): a tombstone, its text gone. */
  readonly deleted?: boolean;
  /** The message this one answers (its id: 32 hex characters in 1:1 chat, 64 in groups). */
  readonly replyTo?: string;
  /** One emoji per person, counted. */
  readonly reactions?: readonly ReactionView[];
  /** When it disappears from this device (unix ms): set when written, or when read for a received one. */
  readonly expiresAt?: number;
  /** A system line: the disappearing timer was set to this many seconds (0 = off), by `direction`'s side or a group admin. */
  readonly timer?: number;
}

/** The people who reacted to a message with one emoji. */
export interface ReactionView {
  readonly emoji: string;
  readonly count: number;
  /** Whether one of them is us. */
  readonly mine: boolean;
}

/** Options of {@link ChatApi.sendMessage}. */
export interface SendOptions {
  /** The message this one answers (32 hex characters). */
  readonly replyTo?: string;
}

/** Events of 1:1 chat. */
export type ChatEvent =
  | { readonly type: 'message'; readonly message: MessageView }
  | {
      readonly type: 'message-state';
      readonly id: string;
      readonly conversation: string;
      readonly state: MessageState;
    }
  /** A message's text, reactions or deletion changed (an edit, a delete for everyone, a reaction). */
  | { readonly type: 'message-updated'; readonly message: MessageView }
  /** A message left history: it expired, or was deleted here only. */
  | { readonly type: 'message-removed'; readonly id: string; readonly conversation: string };

/**
 * Chat commands. Each rejects with a typed `BurrowError` (e.g. `NotAFriendError`,
 * `MessageTooLongError`) whose message the front end can show as is.
 */
export interface ChatApi {
  sendMessage(onion: string, text: string, options?: SendOptions): Promise<MessageView>;
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

/**
 * Taking 1:1 messages back (`api.lifecycle`): edits, deletes, reactions, disappearing timers
 * (docs/PROTOCOL.md "Message lifecycle"). Each rejects with a typed `BurrowError` (e.g.
 * `NotYourMessageError`, `InvalidReactionError`, `InvalidTimerError`).
 */
export interface ChatLifecycleApi {
  /** Replaces the text of our message `id` here and for the friend. */
  edit(onion: string, id: string, text: string): Promise<MessageView>;
  /** Deletes message `id` here only, or for everyone (our own messages). */
  delete(onion: string, id: string, options?: { readonly forEveryone?: boolean }): Promise<void>;
  /** Sets our reaction to message `id` (one emoji), or removes it (`undefined`). */
  react(onion: string, id: string, emoji: string | undefined): Promise<MessageView>;
  /** Sets the conversation's disappearing timer in seconds (0 = off) for both sides; returns the system line. */
  setTimer(onion: string, seconds: number): Promise<MessageView>;
  /** The conversation's disappearing timer in seconds (0 = off). */
  timer(onion: string): Promise<number>;
}
