/**
 * The NodeApi test double every front-end test uses (the TUI's component tests, the daemon's
 * socket tests, the demo's scripted friend): in-memory contacts and messages, every command
 * call recorded, events emitted on demand or as a real node would after a command. The
 * services' parts live next to it (fake-groups.ts, fake-files.ts, fake-relay.ts).
 */
import type {
  ContactView,
  HistoryOptions,
  MessageState,
  MessageView,
  NodeApi,
  NodeEvent,
  NodeStatus,
  SearchOptions,
  TorStatus,
  Visibility,
} from '../../../src/node/api.js';
import { searchLimit, searchMatcher } from '../../../src/lib/text-search.js';
import { onionAddressFromPublicKey } from '../../../src/crypto/onion-address.js';
import { FakeGroups } from './fake-groups.js';
import { FakeRelay } from './fake-relay.js';
import { FakeLifecycle } from './fake-lifecycle.js';
import { FakeFiles } from './fake-files.js';
import { FakeWalls } from './fake-walls.js';

/** A valid (checksummed) onion address, different for each seed. */
export function onion(seed: number): string {
  return onionAddressFromPublicKey(new Uint8Array(32).fill(seed));
}

export function contact(seed: number, fields: Partial<ContactView> = {}): ContactView {
  return { onion: onion(seed), state: 'friend', online: false, unread: 0, ...fields };
}

let nextId = 1;
export function message(conversation: string, fields: Partial<MessageView> = {}): MessageView {
  const id = (nextId++).toString(16).padStart(32, '0');
  return {
    id,
    conversation,
    direction: 'in',
    text: 'hi',
    createdAt: new Date(2025, 5, 3, 10, 30).getTime(),
    state: 'received',
    ...fields,
  };
}

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

export class FakeNode implements NodeApi {
  readonly calls: Call[] = [];
  /** Told of every recorded call as it happens (a test that wants its own record of them). */
  onCall: ((call: Call) => void) | undefined;
  readonly listeners = new Set<(event: NodeEvent) => void>();
  contactList: ContactView[];
  readonly messages = new Map<string, MessageView[]>();
  tor: TorStatus = { bootstrap: 45, summary: 'Loading relay descriptors', ready: false };
  displayName = 'Me';
  ownOnion = onion(200);
  /** Whether the public address is open; setVisibility changes it and emits, as the node does. */
  visibilityNow: Visibility = { state: 'open' };
  /** When set, sendMessage rejects with this. */
  sendError: Error | undefined;
  readonly groups: FakeGroups = new FakeGroups({
    emit: (event) => this.emit(event),
    record: (method, ...args) => this.#record(method, ...args),
    self: () => ({ onion: this.ownOnion, name: this.displayName }),
  });
  readonly relay: FakeRelay = new FakeRelay({ record: (method, ...args) => this.#record(method, ...args) });
  readonly lifecycle: FakeLifecycle = new FakeLifecycle({ record: (method, ...args) => this.#record(method, ...args) });
  readonly walls: FakeWalls = new FakeWalls({ record: (method, ...args) => this.#record(method, ...args) });
  readonly files: FakeFiles = new FakeFiles({
    emit: (event) => this.emit(event),
    record: (method, ...args) => this.#record(method, ...args),
  });

  constructor(contacts: ContactView[] = [], messages: MessageView[] = []) {
    this.contactList = contacts;
    for (const item of messages)
      this.messages.set(item.conversation, [...(this.messages.get(item.conversation) ?? []), item]);
  }

  emit(event: NodeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** A friend comes online or goes offline: the contact list says so, then the event goes out (as the node does). */
  setPresence(onionAddress: string, online: boolean): void {
    this.contactList = this.contactList.map((item) => (item.onion === onionAddress ? { ...item, online } : item));
    this.emit({ type: 'presence', onion: onionAddress, online });
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Runs `work` as a node call would: asynchronously, a throw becoming a rejection. */
  #answer<T>(work: () => T): Promise<T> {
    return Promise.resolve().then(work);
  }

  #record(method: string, ...args: unknown[]): void {
    const call = { method, args };
    this.calls.push(call);
    this.onCall?.(call);
  }

  #find(onionAddress: string): ContactView {
    const found = this.contactList.find((item) => item.onion === onionAddress);
    if (found === undefined) throw Object.assign(new Error('no such contact'), { name: 'UnknownContactError' });
    return found;
  }

  #replace(updated: ContactView): ContactView {
    this.contactList = [...this.contactList.filter((item) => item.onion !== updated.onion), updated];
    this.emit({ type: 'contact', contact: updated });
    return updated;
  }

  status(): Promise<NodeStatus> {
    return this.#answer(() => {
      const friends = this.contactList.filter((item) => item.state === 'friend');
      return {
        onion: this.ownOnion,
        displayName: this.displayName,
        tor: this.tor,
        friends: friends.length,
        online: friends.filter((item) => item.online).length,
        pendingRequests: this.contactList.filter((item) => item.state === 'incoming-request').length,
        visibility: this.visibilityNow,
      };
    });
  }
  visibility(): Promise<Visibility> {
    return this.#answer(() => this.visibilityNow);
  }
  setVisibility(state: Visibility['state'], forSeconds?: number): Promise<Visibility> {
    this.#record('setVisibility', state, forSeconds);
    return this.#answer(() => {
      this.visibilityNow = forSeconds === undefined ? { state } : { state, openUntil: Date.now() + forSeconds * 1000 };
      this.emit({ type: 'visibility', visibility: this.visibilityNow });
      return this.visibilityNow;
    });
  }
  contacts(): Promise<ContactView[]> {
    return this.#answer(() => {
      return this.contactList.filter((item) => item.state !== 'incoming-request');
    });
  }
  requests(): Promise<ContactView[]> {
    return this.#answer(() => {
      return this.contactList.filter((item) => item.state === 'incoming-request');
    });
  }
  addContact(onionAddress: string, text: string): Promise<ContactView> {
    return this.#answer(() => {
      this.#record('addContact', onionAddress, text);
      return this.#replace({
        onion: onionAddress,
        state: 'outgoing-request',
        online: false,
        unread: 0,
        requestMessage: text,
      });
    });
  }
  acceptContact(onionAddress: string): Promise<ContactView> {
    return this.#answer(() => {
      this.#record('acceptContact', onionAddress);
      return this.#replace({ ...this.#find(onionAddress), state: 'friend' });
    });
  }
  rejectContact(onionAddress: string): Promise<void> {
    return this.#answer(() => {
      this.#record('rejectContact', onionAddress);
      this.#find(onionAddress);
      this.contactList = this.contactList.filter((item) => item.onion !== onionAddress);
      this.emit({ type: 'contact-removed', onion: onionAddress });
    });
  }
  blockContact(onionAddress: string): Promise<ContactView> {
    return this.#answer(() => {
      this.#record('blockContact', onionAddress);
      return this.#replace({ ...this.#find(onionAddress), state: 'blocked' });
    });
  }
  removeContact(onionAddress: string): Promise<void> {
    return this.#answer(() => {
      this.#record('removeContact', onionAddress);
      this.contactList = this.contactList.filter((item) => item.onion !== onionAddress);
      this.emit({ type: 'contact-removed', onion: onionAddress });
    });
  }
  setNickname(onionAddress: string, nickname: string): Promise<ContactView> {
    return this.#answer(() => {
      this.#record('setNickname', onionAddress, nickname);
      return this.#replace({ ...this.#find(onionAddress), nickname });
    });
  }
  sendMessage(onionAddress: string, text: string): Promise<MessageView> {
    return this.#answer(() => {
      this.#record('sendMessage', onionAddress, text);
      if (this.sendError !== undefined) throw this.sendError;
      const sent = message(onionAddress, { direction: 'out', text, state: 'sending', createdAt: Date.now() });
      this.messages.set(onionAddress, [...(this.messages.get(onionAddress) ?? []), sent]);
      this.emit({ type: 'message', message: sent });
      return sent;
    });
  }
  history(onionAddress: string, options: HistoryOptions = {}): Promise<MessageView[]> {
    return this.#answer(() => {
      this.#record('history', onionAddress, options);
      const all = this.messages.get(onionAddress) ?? [];
      const end = options.before === undefined ? all.length : all.findIndex((item) => item.id === options.before);
      const limit = options.limit ?? 50;
      return all.slice(Math.max(0, end - limit), end);
    });
  }
  searchMessages(text: string, options: SearchOptions = {}): Promise<MessageView[]> {
    return this.#answer(() => {
      this.#record('searchMessages', text, options);
      const matches = searchMatcher(text);
      const all = [...this.messages.values()].flat().filter((item) => matches(item.text));
      return all
        .filter((item) => options.conversation === undefined || item.conversation === options.conversation)
        .reverse()
        .slice(0, searchLimit(options.limit));
    });
  }
  markRead(onionAddress: string): Promise<void> {
    return this.#answer(() => {
      this.#record('markRead', onionAddress);
      const found = this.contactList.find((item) => item.onion === onionAddress);
      if (found !== undefined && found.unread > 0) this.#replace({ ...found, unread: 0 });
    });
  }
  subscribe(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A message arriving from a peer, as the node reports it. */
  receive(from: string, text: string, createdAt = Date.now()): MessageView {
    const received = message(from, { text, createdAt });
    this.messages.set(from, [...(this.messages.get(from) ?? []), received]);
    const sender = this.contactList.find((item) => item.onion === from);
    if (sender !== undefined)
      this.contactList = this.contactList.map((item) =>
        item.onion === from ? { ...item, unread: item.unread + 1 } : item,
      );
    this.emit({ type: 'message', message: received });
    return received;
  }

  /** Tor's progress changes, as the node reports it (status() says the same from then on). */
  setTor(tor: TorStatus): void {
    this.tor = tor;
    this.emit({ type: 'tor', tor });
  }

  /** A delivery state change, as the node reports it. */
  deliver(sent: MessageView, state: MessageState): void {
    this.emit({ type: 'message-state', id: sent.id, conversation: sent.conversation, state });
  }
}
