/**
 * The node API's `lifecycle` (api.ts `ChatLifecycleApi`): edits, deletes, reactions and timers
 * of 1:1 messages, and the sweeper that makes messages disappear when their timer runs out.
 * The rules and the store work are in lifecycle-service.ts; this file runs them as commands,
 * queues what changed for the friend, tells the front ends, and scrubs the WAL after text went.
 */
import { parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import { runCommand } from '../../node/command.js';
import type { FeatureContext } from '../../node/feature.js';
import { formatMessageId } from '../../protocol/chat/message-id.js';
import { logger } from '../../log.js';
import type { StoredMessage } from '../store/messages-repository.js';
import type { ChatLifecycleApi, MessageView } from './api.js';
import type { ChatLifecycle, LifecycleChange } from './lifecycle-service.js';
import { toMessageView } from './views.js';

const log = logger('chat-lifecycle');

/** The longest the sweeper sleeps (a clock that jumps is noticed this soon). */
const MAX_SWEEP_WAIT_MS = 60_000;

/** What the commands need of the chat feature. */
export interface LifecycleCommandsOptions {
  readonly context: FeatureContext;
  readonly lifecycle: ChatLifecycle;
  /** Something was queued for `peer`: send it (and seal it if they stay offline). */
  readonly queued: (peer: OnionAddress, message: StoredMessage) => void;
}

/** The lifecycle commands and the expiry sweeper. */
export class LifecycleCommands implements ChatLifecycleApi {
  readonly #context: FeatureContext;
  readonly #lifecycle: ChatLifecycle;
  readonly #queued: (peer: OnionAddress, message: StoredMessage) => void;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: LifecycleCommandsOptions) {
    this.#context = options.context;
    this.#lifecycle = options.lifecycle;
    this.#queued = options.queued;
  }

  edit(onion: string, id: string, text: string): Promise<MessageView> {
    return this.#run(onion, (peer) => this.#lifecycle.edit(peer, id, text), id);
  }

  async delete(onion: string, id: string, options: { readonly forEveryone?: boolean } = {}): Promise<void> {
    await this.#run(onion, (peer) => this.#lifecycle.delete(peer, id, options.forEveryone === true));
  }

  react(onion: string, id: string, emoji: string | undefined): Promise<MessageView> {
    return this.#run(onion, (peer) => this.#lifecycle.react(peer, id, emoji), id);
  }

  setTimer(onion: string, seconds: number): Promise<MessageView> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const line = this.#lifecycle.setTimer(peer, seconds);
      const view = toMessageView(line);
      this.#context.emit({ type: 'message', message: view });
      this.#queued(peer, line);
      return view;
    });
  }

  timer(onion: string): Promise<number> {
    return runCommand(this.#context.signal, () => this.#lifecycle.timer(parseOnionAddress(onion)));
  }

  /** Tells the front ends what a committed change did, scrubs the WAL if text went, re-arms the sweeper. */
  announce(change: LifecycleChange): void {
    for (const id of change.changed) {
      const message = this.#context.store.messages.get(id);
      if (message !== undefined) this.#context.emit({ type: 'message-updated', message: this.view(message) });
    }
    for (const gone of change.gone)
      this.#context.emit({ type: 'message-removed', id: formatMessageId(gone.id), conversation: gone.conversation });
    if (change.scrub || change.gone.length > 0) this.scrub();
    this.arm();
  }

  /** The API's view of a stored message, with its reactions. */
  view(message: StoredMessage): MessageView {
    return toMessageView(message, this.#context.store.chatLifecycle.reactions(message.id));
  }

  /** Folds the WAL so the older copies of changed pages leave it (ProfileStore `scrub`). */
  scrub(): void {
    try {
      this.#context.store.scrub();
    } catch (error) {
      // A busy checkpoint leaves the WAL for the next one; the text is already zeroed in the database.
      log.warn('could not fold the WAL after removing text', { error });
    }
  }

  /** Schedules the next sweep at the next expiry (now, for what expired while we were stopped). */
  arm(): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.#lifecycle.nextExpiry();
    if (next === undefined) return;
    const wait = Math.min(Math.max(0, next - this.#context.now()), MAX_SWEEP_WAIT_MS);
    this.#timer = setTimeout(() => this.#sweep(), wait);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }

  #sweep(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    try {
      const gone = this.#lifecycle.expire();
      this.announce({ changed: [], gone, scrub: gone.length > 0 });
    } catch (error) {
      log.warn('the disappearing-message sweep failed; it runs again later', { error });
      this.#timer = setTimeout(() => this.#sweep(), MAX_SWEEP_WAIT_MS);
      this.#timer.unref();
    }
  }

  /** Runs a change for `onion`, sends what it queued, announces it; returns the view of message `id` if given. */
  #run(onion: string, change: (peer: OnionAddress) => LifecycleChange): Promise<undefined>;
  #run(onion: string, change: (peer: OnionAddress) => LifecycleChange, id: string): Promise<MessageView>;
  #run(onion: string, change: (peer: OnionAddress) => LifecycleChange, id?: string): Promise<MessageView | undefined> {
    return runCommand(this.#context.signal, () => {
      const peer = parseOnionAddress(onion);
      const result = change(peer);
      const newest = this.#context.store.outbox.pendingFor(peer).at(-1);
      const queued = newest === undefined ? undefined : this.#context.store.messages.get(newest.messageId);
      if (queued !== undefined) this.#queued(peer, queued);
      this.announce(result);
      const target = result.changed[0] ?? undefined;
      if (id === undefined || target === undefined) return undefined;
      const message = this.#context.store.messages.get(target);
      return message === undefined ? undefined : this.view(message);
    });
  }
}
