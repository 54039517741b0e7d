/**
 * The Burrow node: a composed session host and its features (compose.ts), started and stopped
 * as one, behind the node API (node/api.ts) that the TUI, the daemon and tests use. Every call
 * is delegated to the service that owns it.
 */
import type { ContactView } from '../contacts/feature/api.js';
import type { ChatLifecycleApi, MessageView, SendOptions } from '../chat/feature/api.js';
import type { FilesApi } from '../files/feature/api.js';
import type { GroupsApi } from '../groups/feature/api.js';
import type { WallsApi } from '../walls/feature/api.js';
import type { HistoryOptions, NodeApi, NodeEvent, NodeStatus, SearchOptions, Visibility } from '../node/api.js';
import { runCommand } from '../node/command.js';
import type { RelayApi } from '../relay/feature/api.js';
import { compose, type BurrowNodeOptions, type Composition } from './compose.js';

/**
 * A running node. Its surface is the {@link NodeApi} plus `start`/`stop`.
 *
 * @example
 * ```ts
 * const node = await BurrowNode.start({ store, transport });
 * node.subscribe((event) => render(event));
 * await node.addContact(friendOnion, 'hi, it is Ada from the climbing club');
 * await node.stop();
 * ```
 */
export class BurrowNode implements NodeApi {
  readonly #parts: Composition;

  private constructor(parts: Composition) {
    this.#parts = parts;
  }

  /**
   * Starts a node: publishes its onion service on `transport`, then dials every friend and
   * every contact whose request awaits delivery. Unacknowledged messages go out as soon as
   * their friend's session is up.
   */
  static async start(options: BurrowNodeOptions): Promise<BurrowNode> {
    const node = new BurrowNode(compose(options));
    if (options.onEvent !== undefined) node.subscribe(options.onEvent);
    try {
      await node.#parts.host.start();
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  /**
   * Stops listening and dialing, closes every session (letting queued frames flush) and waits
   * for message handlers to finish. The store and transport stay open: they are the caller's.
   */
  stop(): Promise<void> {
    return this.#parts.host.stop();
  }

  status(): Promise<NodeStatus> {
    return runCommand(this.#parts.host.context.signal, () => {
      const host = this.#parts.host.status();
      const contacts = this.#parts.contacts.counts();
      return {
        onion: host.onion,
        displayName: host.displayName,
        tor: host.tor,
        friends: contacts.friends,
        online: host.online,
        pendingRequests: contacts.pendingRequests,
        visibility: this.#parts.host.publicAddress.current(),
      };
    });
  }

  visibility(): Promise<Visibility> {
    return runCommand(this.#parts.host.context.signal, () => this.#parts.host.publicAddress.current());
  }

  async setVisibility(state: Visibility['state'], forSeconds?: number): Promise<Visibility> {
    const publicAddress = this.#parts.host.publicAddress;
    return await runCommand(this.#parts.host.context.signal, () => publicAddress.set(state, forSeconds));
  }

  subscribe(listener: (event: NodeEvent) => void): () => void {
    return this.#parts.host.subscribe(listener);
  }

  // ---- contacts (contacts/feature/api.ts) ----

  contacts(): Promise<ContactView[]> {
    return this.#parts.contacts.contacts();
  }

  requests(): Promise<ContactView[]> {
    return this.#parts.contacts.requests();
  }

  addContact(onion: string, message: string): Promise<ContactView> {
    return this.#parts.contacts.addContact(onion, message);
  }

  acceptContact(onion: string): Promise<ContactView> {
    return this.#parts.contacts.acceptContact(onion);
  }

  rejectContact(onion: string): Promise<void> {
    return this.#parts.contacts.rejectContact(onion);
  }

  blockContact(onion: string): Promise<ContactView> {
    return this.#parts.contacts.blockContact(onion);
  }

  removeContact(onion: string): Promise<void> {
    return this.#parts.contacts.removeContact(onion);
  }

  setNickname(onion: string, nickname: string): Promise<ContactView> {
    return this.#parts.contacts.setNickname(onion, nickname);
  }

  // ---- 1:1 chat (chat/feature/api.ts) ----

  sendMessage(onion: string, text: string, options?: SendOptions): Promise<MessageView> {
    return this.#parts.chat.sendMessage(onion, text, options);
  }

  history(onion: string, options?: HistoryOptions): Promise<MessageView[]> {
    return this.#parts.chat.history(onion, options);
  }

  searchMessages(text: string, options?: SearchOptions): Promise<MessageView[]> {
    return this.#parts.chat.searchMessages(text, options);
  }

  markRead(onion: string): Promise<void> {
    return this.#parts.chat.markRead(onion);
  }

  // ---- the other services, under their name ----

  /** Group chat (groups/feature/api.ts). */
  get groups(): GroupsApi {
    return this.#parts.groups;
  }

  /** Walls and the feed (walls/feature/api.ts). */
  get walls(): WallsApi {
    return this.#parts.walls;
  }

  /** Edits, deletes, reactions and disappearing timers of 1:1 messages (chat/feature/api.ts). */
  get lifecycle(): ChatLifecycleApi {
    return this.#parts.chat.lifecycle;
  }

  /** Offline delivery through friends (relay/feature/api.ts). */
  get relay(): RelayApi {
    return this.#parts.relay;
  }

  /** File sharing (files/feature/api.ts). */
  get files(): FilesApi {
    return this.#parts.files;
  }
}
