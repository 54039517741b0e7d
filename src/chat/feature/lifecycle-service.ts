/**
 * Taking 1:1 messages back over the profile store (docs/PROTOCOL.md "Message lifecycle"):
 * edits, deletes, reactions and disappearing timers, ours and the peer's. Like chat-service.ts
 * it has no network and no timers: the node sends what is queued and calls {@link expire}.
 *
 * An action of ours is a row of `messages` queued in the outbox like a message, so it is resent,
 * relayed and acknowledged the same way; the peer's is stored under its id (a duplicate is
 * dropped and acknowledged again). The rules are lib/message-lifecycle.ts: only the author edits
 * or deletes, a delete beats every edit, an action whose target has not arrived is held (at most
 * {@link MAX_HELD_ACTIONS} per conversation) and applied when it arrives. Whatever drops text
 * returns `scrub: true`: the caller folds the WAL after the commit (ProfileStore `scrub`).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { RandomSource } from '../../crypto/random.js';
import { invalidText, unknownContact, notAFriend } from '../../contacts/errors.js';
import { decideAction, MAX_HELD_ACTIONS, orderHeldActions } from '../../lib/message-lifecycle.js';
import { isValidTimer } from '../../lib/disappearing-timer.js';
import { isSingleEmoji } from '../../lib/single-emoji.js';
import type { ChatMessageBody } from '../../protocol/chat/chat-messages.js';
import type { ChatAction } from '../../protocol/chat/chat-action.js';
import { parseMessageId } from '../../protocol/chat/message-id.js';
import { MAX_MESSAGE_BYTES, MESSAGE_ID_BYTES, wellFormedUtf8Length } from '../../protocol/envelope/index.js';
import type { ProfileStore } from '../../store/profile-store.js';
import { emptyMessage, messageTooLong, unknownMessage } from '../errors.js';
import {
  invalidReaction,
  invalidTimer,
  messageDeleted,
  notAMessage,
  notYourMessage,
} from '../../lib/message-lifecycle-errors.js';
import type { GoneMessage } from '../store/lifecycle-repository.js';
import type { MessageAction, StoredMessage } from '../store/messages-repository.js';

/** What the lifecycle needs of the store. */
export type LifecycleStore = Pick<ProfileStore, 'contacts' | 'messages' | 'outbox' | 'chatLifecycle' | 'transaction'>;

/** What an action did: the messages whose view changed, the ones gone from history, whether text was dropped. */
export interface LifecycleChange {
  readonly changed: readonly Uint8Array[];
  readonly gone: readonly GoneMessage[];
  readonly scrub: boolean;
}

/** An action of the peer's, as received. */
export type IncomingAction = ChatMessageBody & { readonly id: Uint8Array; readonly action: ChatAction };

/** Who wrote a message, as the rules compare authors. */
const ME = 'me';

/** The edit/delete/react/timer state machine of 1:1 chat. */
export class ChatLifecycle {
  readonly #store: LifecycleStore;
  readonly #now: () => number;
  readonly #random: RandomSource;

  constructor(options: { readonly store: LifecycleStore; readonly now: () => number; readonly random: RandomSource }) {
    this.#store = options.store;
    this.#now = options.now;
    this.#random = options.random;
  }

  // ---- ours ----

  /** Replaces the text of our message `id` (hex) here and for `peer`. */
  edit(peer: OnionAddress, id: string, text: string): LifecycleChange {
    checkText(text);
    return this.#store.transaction(() => {
      const target = this.#ownTarget(peer, id, 'edit');
      const now = this.#now();
      this.#store.chatLifecycle.applyEdit(target.id, text, Math.max(now, (target.editedAt ?? 0) + 1));
      // An edit not yet delivered is superseded: its text goes, only the newest travels.
      this.#dropOwnActions(target.id, 'edit');
      this.#queue(peer, 'edit', { target: target.id, body: text });
      return { changed: [target.id], gone: [], scrub: true };
    });
  }

  /** Deletes message `id` (hex): for everyone (ours only: a tombstone on both sides) or only here. */
  delete(peer: OnionAddress, id: string, forEveryone: boolean): LifecycleChange {
    return this.#store.transaction(() => {
      if (!forEveryone) {
        const target = this.#visibleTarget(peer, id);
        this.#forget(target.id, 2);
        return { changed: [], gone: [{ id: target.id, conversation: peer }], scrub: true };
      }
      const target = this.#ownTarget(peer, id, 'delete');
      this.#forget(target.id, 1);
      this.#queue(peer, 'delete', { target: target.id, body: '' });
      return { changed: [target.id], gone: [], scrub: true };
    });
  }

  /** Sets (an emoji) or removes (undefined) our reaction to message `id` (hex). */
  react(peer: OnionAddress, id: string, emoji: string | undefined): LifecycleChange {
    if (emoji !== undefined && !isSingleEmoji(emoji)) throw invalidReaction();
    return this.#store.transaction(() => {
      const target = this.#visibleTarget(peer, id);
      if (target.deleted !== 0) throw messageDeleted();
      this.#store.chatLifecycle.setReaction(target.id, true, emoji);
      this.#dropOwnActions(target.id, 'react');
      this.#queue(peer, 'react', { target: target.id, body: emoji ?? '' });
      return { changed: [target.id], gone: [], scrub: false };
    });
  }

  /** Sets the conversation's disappearing timer (seconds, 0 = off) here and for `peer`; returns the system line. */
  setTimer(peer: OnionAddress, seconds: number): StoredMessage {
    if (!isValidTimer(seconds)) throw invalidTimer();
    return this.#store.transaction(() => {
      this.#store.chatLifecycle.setTimer(peer, seconds);
      return this.#queue(peer, 'timer', { timerSeconds: seconds, body: '' });
    });
  }

  /** The conversation's timer (seconds, 0 = off). */
  timer(peer: OnionAddress): number {
    return this.#store.chatLifecycle.timer(peer);
  }

  // ---- the peer's ----

  /**
   * Stores and applies an action from `peer` unless its id is known. A refused action (an edit
   * of a message they did not write, a reaction that is not one emoji) is stored without effect
   * so its copies are dropped too. Returns whether it was new, the system line of a timer, and
   * what changed.
   */
  receive(peer: OnionAddress, message: IncomingAction): LifecycleChange & { isNew: boolean; line?: StoredMessage } {
    return this.#store.transaction(() => {
      const { action } = message;
      const base = {
        id: message.id,
        conversation: peer,
        direction: 'in' as const,
        createdAt: message.createdAt,
        receivedAt: this.#now(),
        state: 'read' as const,
        action: action.kind,
      };
      if (action.kind === 'timer') {
        const isNew = this.#store.messages.insertIfAbsent({ ...base, body: '', timerSeconds: action.seconds });
        if (isNew) this.#store.chatLifecycle.setTimer(peer, action.seconds);
        const line = this.#store.messages.get(message.id);
        return { isNew, changed: [], gone: [], scrub: false, ...(isNew && line !== undefined ? { line } : {}) };
      }
      if (this.#store.messages.get(message.id) !== undefined)
        return { isNew: false, changed: [], gone: [], scrub: false };
      const target = this.#store.messages.get(action.target);
      const foreign = target !== undefined && target.conversation !== peer;
      const hold =
        target === undefined && this.#store.chatLifecycle.heldCount(peer) < MAX_HELD_ACTIONS && action.kind !== 'reply';
      this.#store.messages.insertIfAbsent({
        ...base,
        body: hold ? message.text : '',
        target: action.target,
        held: hold,
      });
      if (target === undefined || foreign) return { isNew: true, changed: [], gone: [], scrub: false };
      const applied = this.#applyPeerAction(peer, target, action.kind, message.text, message.createdAt);
      return { isNew: true, changed: applied ? [target.id] : [], gone: [], scrub: applied && action.kind !== 'react' };
    });
  }

  /** Applies the peer's actions held for `target` now that it arrived (call inside the transaction that stored it). */
  releaseHeld(peer: OnionAddress, target: Uint8Array): boolean {
    const held = this.#store.chatLifecycle
      .heldFor(peer, target)
      .map((id) => this.#store.messages.get(id))
      .filter((row): row is StoredMessage => row !== undefined);
    if (held.length === 0) return false;
    const ordered = orderHeldActions(
      held.map((row) => ({ row, kind: kindOf(row.action), actor: peer, at: row.createdAt })),
    );
    for (const { row } of ordered) {
      const current = this.#store.messages.get(target);
      if (current !== undefined) this.#applyPeerAction(peer, current, row.action, row.body, row.createdAt);
      this.#store.chatLifecycle.release(row.id);
    }
    return true;
  }

  // ---- both ----

  /** Overwrites every message expired by now and takes it out of the outbox; returns them. */
  expire(): GoneMessage[] {
    return this.#store.transaction(() => {
      const gone = this.#store.chatLifecycle.expire(this.#now());
      for (const message of gone) this.#forget(message.id, 2);
      return gone;
    });
  }

  /** When the next message expires (unix ms), if any does. */
  nextExpiry(): number | undefined {
    return this.#store.chatLifecycle.nextExpiry();
  }

  /** Our action `id` reached the peer: the text it carried is not needed any more. Returns whether text went. */
  delivered(message: StoredMessage): boolean {
    if (message.action !== 'edit' || message.body === '') return false;
    this.#store.chatLifecycle.blank(message.id);
    return true;
  }

  /** The disappearing fields of a message written or stored now in `peer`'s conversation. */
  disappearing(peer: OnionAddress, direction: 'in' | 'out'): { disappearAfter?: number; expiresAt?: number } {
    const seconds = this.#store.chatLifecycle.timer(peer);
    if (seconds === 0) return {};
    // Ours counts from when it was written; theirs from when it is read (messages-repository markRead).
    return direction === 'out'
      ? { disappearAfter: seconds, expiresAt: this.#now() + seconds * 1000 }
      : { disappearAfter: seconds };
  }

  /**
   * Applies one action of the peer's to a message we hold. Returns whether it changed anything;
   * refusals (not the author, not one emoji) change nothing.
   */
  #applyPeerAction(
    peer: OnionAddress,
    target: StoredMessage,
    kind: MessageAction | undefined,
    text: string,
    at: number,
  ): boolean {
    if (kind !== 'edit' && kind !== 'delete' && kind !== 'react') return false;
    if (target.action !== undefined && target.action !== 'reply') return false;
    const facts = {
      author: target.direction === 'in' ? peer : ME,
      deleted: target.deleted !== 0,
      editedAt: target.editedAt,
    };
    const decision = decideAction({ kind, actor: peer, at }, facts);
    if (decision.outcome !== 'apply') return false;
    if (kind === 'edit') {
      if (!isPlainText(text)) return false;
      this.#store.chatLifecycle.applyEdit(target.id, text, at);
    } else if (kind === 'delete') {
      this.#store.chatLifecycle.applyDelete(target.id, 1);
    } else {
      if (text !== '' && !isSingleEmoji(text)) return false;
      this.#store.chatLifecycle.setReaction(target.id, false, text === '' ? undefined : text);
    }
    return true;
  }

  /** Overwrites a message and drops what of ours still waits to tell the peer about it. */
  #forget(id: Uint8Array, mark: 1 | 2): void {
    this.#store.chatLifecycle.applyDelete(id, mark);
    this.#store.outbox.remove(id);
    this.#dropOwnActions(id, 'edit');
    this.#dropOwnActions(id, 'react');
  }

  /** Our undelivered actions of `kind` on `target`: out of the outbox, text overwritten. */
  #dropOwnActions(target: Uint8Array, kind: 'edit' | 'react'): void {
    for (const id of this.#store.chatLifecycle.ownActionsOn(target)) {
      if (this.#store.messages.get(id)?.action !== kind) continue;
      this.#store.outbox.remove(id);
      this.#store.chatLifecycle.blank(id);
    }
  }

  #queue(
    peer: OnionAddress,
    action: MessageAction,
    fields: { readonly body: string; readonly target?: Uint8Array; readonly timerSeconds?: number },
  ): StoredMessage {
    const contact = this.#store.contacts.get(peer);
    if (contact === undefined) throw unknownContact();
    if (contact.state !== 'friend') throw notAFriend(contact.state);
    const id = this.#random(MESSAGE_ID_BYTES);
    const now = this.#now();
    this.#store.messages.insertIfAbsent({
      id,
      conversation: peer,
      direction: 'out',
      createdAt: now,
      receivedAt: now,
      state: 'sending',
      action,
      ...fields,
    });
    this.#store.outbox.enqueue(id, now);
    const stored = this.#store.messages.get(id);
    if (stored === undefined) throw unknownMessage();
    return stored;
  }

  /** A message of ours in `peer`'s conversation that may still change. */
  #ownTarget(peer: OnionAddress, id: string, what: 'edit' | 'delete'): StoredMessage {
    const target = this.#visibleTarget(peer, id);
    if (target.direction !== 'out') throw notYourMessage(what);
    if (target.deleted !== 0) throw messageDeleted();
    return target;
  }

  /** A message (not an action) of `peer`'s conversation that history shows. */
  #visibleTarget(peer: OnionAddress, id: string): StoredMessage {
    const bytes = parseMessageId(id);
    const target = bytes === undefined ? undefined : this.#store.messages.get(bytes);
    if (target === undefined || target.conversation !== peer || target.deleted === 2 || target.held === true)
      throw unknownMessage();
    if (target.action !== undefined && target.action !== 'reply') throw notAMessage();
    return target;
  }
}

function kindOf(action: MessageAction | undefined): 'edit' | 'delete' | 'react' {
  return action === 'delete' ? 'delete' : action === 'react' ? 'react' : 'edit';
}

function isPlainText(text: string): boolean {
  const bytes = wellFormedUtf8Length(text);
  return bytes !== undefined && bytes > 0 && bytes <= MAX_MESSAGE_BYTES;
}

/** Throws the user's error for text a message may not carry. */
export function checkText(text: string): void {
  const bytes = wellFormedUtf8Length(text);
  if (bytes === undefined) throw invalidText('message');
  if (bytes === 0) throw emptyMessage();
  if (bytes > MAX_MESSAGE_BYTES) throw messageTooLong(bytes);
}
