/**
 * The `lifecycle` part of the NodeApi test double (fake-node.ts): every command recorded; the
 * ones that return a message return a plain one of the conversation.
 */
import type { ChatLifecycleApi, MessageView } from '../../../src/chat/feature/api.js';

/** What the fake needs from the fake node around it. */
export interface FakeLifecycleHost {
  record(method: string, ...args: unknown[]): void;
}

export class FakeLifecycle implements ChatLifecycleApi {
  readonly #host: FakeLifecycleHost;
  timerSeconds = 0;

  constructor(host: FakeLifecycleHost) {
    this.#host = host;
  }

  edit(onion: string, id: string, text: string): Promise<MessageView> {
    this.#host.record('lifecycle.edit', onion, id, text);
    return Promise.resolve(view(onion, id, { text, edited: true }));
  }

  delete(onion: string, id: string, options?: { readonly forEveryone?: boolean }): Promise<void> {
    this.#host.record('lifecycle.delete', onion, id, options);
    return Promise.resolve();
  }

  react(onion: string, id: string, emoji: string | undefined): Promise<MessageView> {
    this.#host.record('lifecycle.react', onion, id, emoji);
    return Promise.resolve(
      view(onion, id, { reactions: emoji === undefined ? [] : [{ emoji, count: 1, mine: true }] }),
    );
  }

  setTimer(onion: string, seconds: number): Promise<MessageView> {
    this.#host.record('lifecycle.setTimer', onion, seconds);
    this.timerSeconds = seconds;
    return Promise.resolve(view(onion, '0'.repeat(32), { text: '', timer: seconds }));
  }

  timer(onion: string): Promise<number> {
    this.#host.record('lifecycle.timer', onion);
    return Promise.resolve(this.timerSeconds);
  }
}

function view(onion: string, id: string, fields: Partial<MessageView>): MessageView {
  return { id, conversation: onion, direction: 'out', text: 'text', createdAt: 0, state: 'sent', ...fields };
}
