/**
 * 1:1 chat in the node (docs/ARCHITECTURE.md "Services/Chat"): the pure chat service
 * (chat-service.ts) wired to friend sessions, the front ends and the other services.
 *
 * - Sending: a message is stored with its outbox entry in one transaction, written to the
 *   friend's session by the per-friend pump in store order (outbox-pump.ts), 'delivered' on
 *   the peer's ack, which the peer sends only after its own commit. Unacknowledged messages
 *   are resent on every new session, so they survive restarts.
 * - Receiving: one path, {@link ChatFeature.deliver}, for messages that come directly and
 *   those that come sealed through friends (the relay calls it): stored once (the id dedupes
 *   across both), announced after the commit. A direct message is acknowledged on its
 *   session after the commit; receivers drop duplicates by id and acknowledge them again.
 *   A new direct message over the friend's budget (chat-budget.ts) is neither stored nor
 *   acknowledged: the sender's pump writes it again later, and the user hears that the
 *   friend is throttled (a 'peer-throttled' event).
 * - Reading: marking a conversation read sends read receipts when the friend is online
 *   (read-receipts.ts).
 * - Offline delivery: what is queued and acknowledged is told to the relay
 *   ({@link OfflineDelivery}, linked in app/compose.ts), which also marks views with where a
 *   sealed copy stands.
 */
import { parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import { runCommand } from '../../node/command.js';
import type { FeatureContext, FeatureSession, NodeFeature, SessionControl } from '../../node/feature.js';
import type { HistoryOptions, SearchOptions } from '../../node/history-options.js';
import { searchLimit, searchMatcher } from '../../lib/text-search.js';
import type { AckMessage, ChatMessage, ReadReceiptMessage } from '../../protocol/envelope/index.js';
import type { ChatMessageBody } from '../../protocol/chat/chat-messages.js';
import { ChatBudget, DEFAULT_CHAT_BUDGET, type ChatBudgetLimits, type ChatRefusal } from '../chat-budget.js';
import { ChatService } from './chat-service.js';
import { logger, sensitive } from '../../log.js';
import { ThrottleNotices } from '../../lib/throttle-notices.js';
import { wellFormedUtf8Length } from '../../protocol/envelope/index.js';
import { formatMessageId } from '../../protocol/chat/message-id.js';
import type { StoredMessage } from '../store/messages-repository.js';
import type { ChatApi, MessageView, SendOptions } from './api.js';
import type { ChatAction } from '../../protocol/chat/chat-action.js';
import { LifecycleCommands } from './lifecycle-commands.js';
import { wireActionOf } from './wire-body.js';
import { OutboxPump } from './outbox-pump.js';
import { NO_OFFLINE_DELIVERY, type ChatContacts, type OfflineDelivery } from './ports.js';
import { ReadReceipts } from './read-receipts.js';
import { toMessageView } from './views.js';

const log = logger('chat');

/** Options of {@link ChatFeature} (tests shrink them). */
export interface ChatFeatureOptions {
  /** What one friend may send us (default {@link DEFAULT_CHAT_BUDGET}). */
  readonly budget?: ChatBudgetLimits;
  /** The first wait before an unacknowledged message is written again (outbox-pump.ts). */
  readonly resendAfterMs?: number;
}

/** The messages chat receives: chat messages, and the acks and read receipts of ours. */
export type ChatWireMessage = ChatMessage | AckMessage | ReadReceiptMessage;

/** Something to tell the front ends once the caller's transaction is committed. */
export type Announcement = () => void;

/** What storing an incoming message did. */
export interface IncomingChat {
  /** False for a duplicate (acknowledge it again, show nothing). */
  readonly isNew: boolean;
  /** Shows the message (nothing for a duplicate). */
  readonly announce: Announcement;
}

/** The chat feature: the core chat kinds, the {@link ChatApi}, and what contacts and the relay ask of chat. */
export class ChatFeature implements NodeFeature<ChatWireMessage>, ChatApi {
  readonly block = 'chat' as const;
  readonly kinds = ['chat-message', 'ack', 'read-receipt'] as const;
  readonly #context: FeatureContext;
  readonly #sessions: SessionControl;
  readonly #contacts: ChatContacts;
  readonly #chat: ChatService;
  readonly #pump: OutboxPump;
  readonly #receipts: ReadReceipts;
  readonly #budget: ChatBudget;
  readonly #throttleNotices = new ThrottleNotices<OnionAddress>();
  /** Edits, deletes, reactions and timers (the node API's `lifecycle`). */
  readonly lifecycle: LifecycleCommands;
  #offline: OfflineDelivery = NO_OFFLINE_DELIVERY;

  constructor(
    context: FeatureContext,
    sessions: SessionControl,
    contacts: ChatContacts,
    options: ChatFeatureOptions = {},
  ) {
    this.#context = context;
    this.#budget = new ChatBudget(options.budget ?? DEFAULT_CHAT_BUDGET, (peer) =>
      context.store.messages.unreadBytes(peer),
    );
    this.#sessions = sessions;
    this.#contacts = contacts;
    this.#chat = new ChatService({ store: context.store, now: () => context.now(), random: context.random });
    this.#receipts = new ReadReceipts(sessions);
    this.#pump = new OutboxPump({
      linkFor: (peer) => sessions.ready(peer),
      pending: (peer) => this.#chat.pending(peer),
      send: (session, message) =>
        session.send({
          kind: 'chat-message',
          id: message.id,
          createdAt: message.createdAt,
          text: message.body,
          action: wireActionOf(message),
        }),
      sent: (message) => {
        if (this.#chat.markSent(message.id)) this.#emitState(message.id, message.conversation, 'sent');
      },
      track: (task) => context.track(task),
      now: () => context.now(),
      resendAfterMs: options.resendAfterMs,
    });
    this.lifecycle = new LifecycleCommands({
      context,
      lifecycle: this.#chat.lifecycle,
      queued: (peer, message) => {
        this.#pump.trigger(peer);
        this.#offline.messageQueued(message);
      },
    });
    this.lifecycle.arm();
  }

  /** Messages for offline friends go through `offline` from now on (call once, before start). */
  connectRelay(offline: OfflineDelivery): void {
    this.#offline = offline;
  }

  // ---- NodeFeature ----

  async receive(peer: OnionAddress, message: ChatWireMessage, session: FeatureSession): Promise<void> {
    switch (message.kind) {
      case 'chat-message': {
        // Over budget: no ack, so the sender's node keeps it and writes it again later.
        if (!this.#withinBudget(peer, message)) return;
        const incoming = this.deliver(peer, message);
        // The ack follows the commit above, so the sender may forget the message once it has it.
        await session.send({ kind: 'ack', id: this.#sessions.newId(), ids: [message.id] });
        incoming.announce();
        return;
      }
      case 'ack':
        this.acknowledge(peer, message.ids)();
        this.#offline.acknowledged(peer, message.ids);
        return;
      case 'read-receipt':
        for (const moved of this.#chat.readByPeer(peer, message.ids)) this.#emitState(moved.id, peer, moved.state);
        this.#offline.acknowledged(peer, message.ids);
        // Reading freed their budget of unread bytes: what they refused may go now.
        if (this.#chat.pending(peer).length > 0) this.#pump.retryNow(peer);
        return;
    }
  }

  friendOnline(peer: OnionAddress): void {
    this.#receipts.flush(peer);
    this.#pump.trigger(peer);
  }

  peerDropped(peer: OnionAddress): void {
    this.#receipts.forget(peer);
  }

  friendsChanged(): void {
    const friends = new Set(this.#context.friends());
    this.#budget.retain(friends);
    this.#throttleNotices.retain(friends);
  }

  stop(): void {
    this.#pump.stop();
    this.lifecycle.stop();
  }

  // ---- ChatApi ----

  sendMessage(onion: string, text: string, options: SendOptions = {}): Promise<MessageView> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const message = this.#chat.compose(peer, text, options.replyTo);
      const view = toMessageView(message);
      this.#context.emit({ type: 'message', message: view });
      this.#pump.trigger(peer);
      this.#offline.messageQueued(message);
      this.lifecycle.arm();
      return view;
    });
  }

  history(onion: string, options: HistoryOptions = {}): Promise<MessageView[]> {
    return runCommand(this.#context.signal, () => {
      const messages = this.#chat.history(parseOnionAddress(onion), { limit: options.limit, before: options.before });
      return messages.map((message) => this.#offline.decorate(this.lifecycle.view(message)));
    });
  }

  searchMessages(text: string, options: SearchOptions = {}): Promise<MessageView[]> {
    return runCommand(this.#context.signal, () => {
      const matches = searchMatcher(text);
      const limit = searchLimit(options.limit);
      const peer = options.conversation === undefined ? undefined : parseOnionAddress(options.conversation);
      return this.#chat.search(matches, peer, limit).map((message) => this.#offline.decorate(toMessageView(message)));
    });
  }

  markRead(onion: string): Promise<void> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const contact = this.#contacts.require(peer);
      const ids = this.#chat.markRead(peer);
      if (ids.length === 0) return;
      for (const id of ids) this.#emitState(id, peer, 'read');
      this.#contacts.announce(peer);
      // Reading starts the clock of messages with a disappearing timer.
      this.lifecycle.arm();
      if (contact.state === 'friend') this.#receipts.add(peer, ids);
    });
  }

  // ---- for the relay and contacts ----

  /**
   * An incoming message from friend `sender`, direct or sealed through friends: stored unless
   * its id is known. Announce it after the caller's commit (and, on the direct path, after the
   * ack). Throws `UnexpectedMessageError` for an id another conversation uses (a forgery).
   */
  deliver(sender: OnionAddress, message: ChatMessageBody & { readonly id: Uint8Array }): IncomingChat {
    const { action } = message;
    if (action !== undefined && action.kind !== 'reply') {
      const change = this.#chat.lifecycle.receive(sender, { ...message, action });
      this.#budget.stored(sender, formatMessageId(message.id));
      if (!change.isNew) return { isNew: false, announce: () => undefined };
      const line = change.line === undefined ? undefined : toMessageView(change.line);
      return {
        isNew: true,
        announce: () => {
          if (line !== undefined) this.#context.emit({ type: 'message', message: line });
          this.lifecycle.announce(change);
        },
      };
    }
    const { message: stored, isNew, scrub } = this.#chat.receive(sender, message);
    this.#budget.stored(sender, formatMessageId(message.id));
    if (!isNew) return { isNew, announce: () => undefined };
    const view = this.lifecycle.view(stored);
    return {
      isNew,
      announce: () => {
        this.#context.emit({ type: 'message', message: view });
        if (scrub === true) this.lifecycle.scrub();
      },
    };
  }

  /** `peer` has our messages with these ids on disk (an ack, or a receipt through friends): 'delivered'. */
  acknowledge(peer: OnionAddress, ids: readonly Uint8Array[]): Announcement {
    const moved = this.#chat.acknowledge(peer, ids);
    // An edit the peer has on disk needs its text here no more.
    const scrub = moved.filter((message) => this.#chat.lifecycle.delivered(message)).length > 0;
    return () => {
      if (scrub) this.lifecycle.scrub();
      for (const message of moved) this.#emitState(message.id, message.conversation, message.state);
    };
  }

  /** Unacknowledged messages to `peer`, oldest first, with the action each carries on the wire. */
  pending(peer: OnionAddress): (StoredMessage & { readonly wireAction?: ChatAction | undefined })[] {
    return this.#chat.pending(peer).map((message) => ({ ...message, wireAction: wireActionOf(message) }));
  }

  /** Incoming messages from `peer` not read yet. */
  unreadCount(peer: OnionAddress): number {
    return this.#chat.unreadCount(peer);
  }

  /** When the newest message of the conversation arrived (or was written), if any. */
  lastMessageAt(peer: OnionAddress): number | undefined {
    return this.#chat.newest(peer)?.receivedAt;
  }

  /**
   * Whether a message `sender` sealed to us through friends may be stored now: a known id
   * always, a new one within their budget of unread bytes (chat-budget.ts `fitsUnread`). One
   * that may not stays with the friend who carried it (relay/recipient.ts).
   */
  admits(sender: OnionAddress, message: Pick<ChatMessage, 'id' | 'text'>): boolean {
    if (this.#context.store.messages.get(message.id) !== undefined) return true;
    if (this.#budget.fitsUnread(sender, wellFormedUtf8Length(message.text) ?? message.text.length)) return true;
    this.#throttled(sender, 'unread-bytes', this.#context.now());
    return false;
  }

  /** Whether a direct message from `peer` may be stored: a duplicate always (it is acknowledged again), a new one within their budget. */
  #withinBudget(peer: OnionAddress, message: ChatMessage): boolean {
    if (this.#context.store.messages.get(message.id) !== undefined) return true;
    const now = this.#context.now();
    const bytes = wellFormedUtf8Length(message.text) ?? message.text.length;
    const refusal = this.#budget.admit(peer, formatMessageId(message.id), bytes, now);
    if (refusal === undefined) return true;
    this.#throttled(peer, refusal, now);
    return false;
  }

  /** Tells the log and the front ends, now and then, that `peer` sends more than its budget allows. */
  #throttled(peer: OnionAddress, refusal: ChatRefusal, now: number): void {
    if (this.#throttleNotices.shouldTell(peer, now)) {
      log.warn('a friend sends more messages than its budget allows; the rest waits at their end', {
        peer: sensitive(peer),
        reason: refusal,
      });
      this.#context.emit({ type: 'peer-throttled', onion: peer, traffic: 'chat-messages', reason: refusal });
    }
  }

  #emitState(id: Uint8Array, conversation: OnionAddress, state: MessageView['state']): void {
    this.#context.emit({ type: 'message-state', id: formatMessageId(id), conversation, state });
  }
}
