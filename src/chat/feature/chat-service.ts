/**
 * The 1:1 chat service: message states over the profile store (docs/ARCHITECTURE.md "Services/Chat").
 * Pure in the arti sense (no network, no timers): the node decides when to send and feeds back
 * what the peer answered.
 *
 * Outgoing: `compose` stores the message as 'sending' and queues it in the outbox in one
 * transaction (a crash leaves both or neither) → `markSent` once written to a session → the
 * peer's ack moves it to 'delivered' and drops the outbox entry → a read receipt to 'read'.
 * The outbox keeps unacknowledged messages across restarts; `pending` lists them in send order.
 *
 * Incoming: `receive` stores a message unless its id is known (peers resend until they get an
 * ack, so duplicates are normal) and the node acks it either way, after the commit: an ack
 * means the message is on disk. History is ordered by our local sequence number.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { RandomSource } from '../../crypto/random.js';
import { notAFriend, unexpectedMessage, unknownContact } from '../../contacts/errors.js';
import { MESSAGE_ID_BYTES } from '../../protocol/envelope/index.js';
import type { ChatMessageBody } from '../../protocol/chat/chat-messages.js';
import type { MessageState, StoredMessage } from '../store/messages-repository.js';
import type { ProfileStore } from '../../store/profile-store.js';
import { chatInvariantBroken, invalidHistoryLimit, unknownMessage } from '../errors.js';
import { notAMessage } from '../../lib/message-lifecycle-errors.js';
import { ChatLifecycle, checkText } from './lifecycle-service.js';
import { parseMessageId } from '../../protocol/chat/message-id.js';

/** Messages per history page when the caller does not say. */
export const DEFAULT_HISTORY_LIMIT = 50;
/** Most messages one history page returns. */
export const MAX_HISTORY_LIMIT = 500;

/** What the chat service needs of the store. */
export type ChatStore = Pick<ProfileStore, 'contacts' | 'messages' | 'outbox' | 'chatLifecycle' | 'transaction'>;

/** Construction options of {@link ChatService}. */
export interface ChatServiceOptions {
  readonly store: ChatStore;
  /** Unix ms. */
  readonly now: () => number;
  /** Source of message ids. */
  readonly random: RandomSource;
}

/** What receiving a chat message did. */
export interface ReceiveOutcome {
  readonly message: StoredMessage;
  /** False for a duplicate (acknowledge it again, show nothing). */
  readonly isNew: boolean;
  /** Held edits or deletes applied to it dropped text: scrub the WAL after the commit. */
  readonly scrub?: boolean;
}

/**
 * The chat state machine.
 *
 * @example
 * ```ts
 * const chat = new ChatService({ store, now: Date.now, random: secureRandom });
 * const message = chat.compose(friend, 'hello');
 * ```
 */
export class ChatService {
  readonly #store: ChatStore;
  readonly #now: () => number;
  readonly #random: RandomSource;
  /** Edits, deletes, reactions and timers (lifecycle-service.ts). */
  readonly lifecycle: ChatLifecycle;

  constructor(options: ChatServiceOptions) {
    this.#store = options.store;
    this.#now = options.now;
    this.#random = options.random;
    this.lifecycle = new ChatLifecycle(options);
  }

  /**
   * Stores a new outgoing message to friend `peer` and queues it for delivery. Throws
   * `UnknownContactError`, `NotAFriendError`, `EmptyMessageError`, `MessageTooLongError`, and
   * `UnknownMessageError` for a `replyTo` (hex id) that is not a message of this conversation.
   */
  compose(peer: OnionAddress, text: string, replyTo?: string): StoredMessage {
    checkText(text);
    const id = this.#random(MESSAGE_ID_BYTES);
    return this.#store.transaction(() => {
      const contact = this.#store.contacts.get(peer);
      if (contact === undefined) throw unknownContact();
      if (contact.state !== 'friend') throw notAFriend(contact.state);
      const now = this.#now();
      const reply = replyTo === undefined ? {} : { action: 'reply' as const, target: this.#replyTarget(peer, replyTo) };
      this.#store.messages.insertIfAbsent({
        id,
        conversation: peer,
        direction: 'out',
        body: text,
        createdAt: now,
        receivedAt: now,
        state: 'sending',
        ...reply,
        ...this.lifecycle.disappearing(peer, 'out'),
      });
      this.#store.outbox.enqueue(id, now);
      return this.#get(id);
    });
  }

  /** Unacknowledged outgoing messages to `peer`, in the order they were written. */
  pending(peer: OnionAddress): StoredMessage[] {
    const messages: StoredMessage[] = [];
    for (const entry of this.#store.outbox.pendingFor(peer)) {
      const message = this.#store.messages.get(entry.messageId);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  /** The message was written to a session: 'sending' → 'sent', and the attempt counted. Returns whether the state moved. */
  markSent(id: Uint8Array): boolean {
    return this.#store.transaction(() => {
      this.#store.outbox.recordAttempt(id, this.#now());
      return this.#store.messages.advanceState(id, 'sent');
    });
  }

  /**
   * A chat message arrived from friend `peer`. Stores it unless it is a duplicate. Throws
   * `UnexpectedMessageError` if the id belongs to a message that is not theirs (a forged id).
   */
  receive(peer: OnionAddress, message: ChatMessageBody & { readonly id: Uint8Array }): ReceiveOutcome {
    return this.#store.transaction(() => {
      const now = this.#now();
      const isNew = this.#store.messages.insertIfAbsent({
        id: message.id,
        conversation: peer,
        direction: 'in',
        body: message.text,
        createdAt: message.createdAt,
        receivedAt: now,
        state: 'received',
        ...(message.action?.kind === 'reply' ? { action: 'reply' as const, target: message.action.target } : {}),
        ...this.lifecycle.disappearing(peer, 'in'),
      });
      const stored = this.#get(message.id);
      if (stored.conversation !== peer || stored.direction !== 'in')
        throw unexpectedMessage('chat-message (reused id)', 'friend');
      // Edits and deletes that came before it apply now.
      if (isNew && this.lifecycle.releaseHeld(peer, message.id))
        return { message: this.#get(message.id), isNew, scrub: true };
      return { message: stored, isNew };
    });
  }

  /** `peer` acknowledged these ids: they have them on disk. Returns the messages whose state moved. */
  acknowledge(peer: OnionAddress, ids: readonly Uint8Array[]): StoredMessage[] {
    return this.#advanceOutgoing(peer, ids, 'delivered');
  }

  /** `peer` read these ids. Returns the messages whose state moved. */
  readByPeer(peer: OnionAddress, ids: readonly Uint8Array[]): StoredMessage[] {
    return this.#advanceOutgoing(peer, ids, 'read');
  }

  /** Marks every unread incoming message from `peer` read; returns their ids (for a read receipt). */
  markRead(peer: OnionAddress): Uint8Array[] {
    return this.#store.messages.markRead(peer, this.#now());
  }

  /** Incoming messages from `peer` not read yet. */
  unreadCount(peer: OnionAddress): number {
    return this.#store.messages.unreadCount(peer);
  }

  /** The newest message of the conversation, if any. */
  newest(peer: OnionAddress): StoredMessage | undefined {
    return this.#store.messages.page(peer, { limit: 1 }).messages[0];
  }

  /**
   * A page of the conversation, oldest first: the newest `limit` messages, or those before the
   * message with id `before` (32 hex characters).
   */
  history(
    peer: OnionAddress,
    options: { readonly limit?: number | undefined; readonly before?: string | undefined } = {},
  ): StoredMessage[] {
    const limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT)
      throw invalidHistoryLimit(MAX_HISTORY_LIMIT);
    if (this.#store.contacts.get(peer) === undefined) throw unknownContact();
    if (options.before === undefined) return [...this.#store.messages.page(peer, { limit }).messages];
    const id = parseMessageId(options.before);
    const anchor = id === undefined ? undefined : this.#store.messages.get(id);
    if (anchor === undefined || anchor.conversation !== peer) throw unknownMessage();
    return [...this.#store.messages.page(peer, { limit, before: anchor.seq }).messages];
  }

  /** Up to `limit` messages, newest first, whose body `matches`; of `peer`'s conversation or of all. */
  search(matches: (body: string) => boolean, peer: OnionAddress | undefined, limit: number): StoredMessage[] {
    if (peer !== undefined && this.#store.contacts.get(peer) === undefined) throw unknownContact();
    return this.#store.messages.search(matches, { conversation: peer, limit });
  }

  #advanceOutgoing(peer: OnionAddress, ids: readonly Uint8Array[], state: MessageState): StoredMessage[] {
    return this.#store.transaction(() => {
      const moved: StoredMessage[] = [];
      for (const id of ids) {
        const message = this.#store.messages.get(id);
        // Only our own messages to this peer: a peer cannot touch another conversation.
        if (message === undefined || message.conversation !== peer || message.direction !== 'out') continue;
        this.#store.outbox.remove(id);
        if (this.#store.messages.advanceState(id, state)) moved.push(this.#get(id));
      }
      return moved;
    });
  }

  /** The message a reply of ours quotes: one of this conversation that history shows. */
  #replyTarget(peer: OnionAddress, replyTo: string): Uint8Array {
    const id = parseMessageId(replyTo);
    const target = id === undefined ? undefined : this.#store.messages.get(id);
    if (target === undefined || target.conversation !== peer || target.deleted === 2 || target.held === true)
      throw unknownMessage();
    if (target.action !== undefined && target.action !== 'reply') throw notAMessage();
    return target.id;
  }

  #get(id: Uint8Array): StoredMessage {
    const message = this.#store.messages.get(id);
    // Only reachable if the store lost a row inside our own transaction.
    if (message === undefined) throw chatInvariantBroken('a message vanished inside its own transaction');
    return message;
  }
}
