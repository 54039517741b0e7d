import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatService, MAX_HISTORY_LIMIT } from '../../../src/chat/feature/chat-service.js';
import { formatMessageId, parseMessageId } from '../../../src/protocol/chat/message-id.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { MAX_MESSAGE_BYTES } from '../../../src/protocol/envelope/index.js';
import type { ProfileStore } from '../../../src/store/profile-store.js';
import { newProfile } from '../../shared/profiles.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';

let store: ProfileStore;
let chat: ChatService;
let friend: OnionAddress;
let now: number;
const onion = (): OnionAddress => generateIdentity().onionAddress;
const incoming = (
  text: string,
  id: Uint8Array = new Uint8Array(randomBytes(16)),
): { id: Uint8Array; createdAt: number; text: string } => ({ id, createdAt: 42, text });

beforeEach(async () => {
  ({ store } = await newProfile({ displayName: 'ada' }));
  now = 5_000;
  chat = new ChatService({ store, now: () => now++, random: (n) => new Uint8Array(randomBytes(n)) });
  friend = onion();
  store.contacts.insert({ onion: friend, state: 'friend', createdAt: 1 });
});

afterEach(() => {
  store.close();
  removeTempDirs();
});

describe('ChatService: sending', () => {
  it('stores a message as sending and queues it, in order', () => {
    const first = chat.compose(friend, 'one');
    const second = chat.compose(friend, 'two');
    expect(first).toMatchObject({ direction: 'out', state: 'sending', body: 'one', conversation: friend });
    expect(chat.pending(friend).map((m) => m.body)).toEqual(['one', 'two']);
    expect(chat.markSent(first.id)).toBe(true);
    expect(chat.markSent(first.id)).toBe(false);
    expect(store.outbox.pendingFor(friend)[0]?.attempts).toBe(2);
    expect(second.seq).toBeGreaterThan(first.seq);
  });

  it('refuses non-friends and bad text with typed errors, storing nothing', () => {
    const requested = onion();
    store.contacts.insert({ onion: requested, state: 'outgoing-request', createdAt: 1 });
    expect(() => chat.compose(onion(), 'hi')).toThrow(expect.objectContaining({ name: 'UnknownContactError' }));
    expect(() => chat.compose(requested, 'hi')).toThrow(
      expect.objectContaining({ name: 'NotAFriendError', state: 'outgoing-request' }),
    );
    expect(() => chat.compose(friend, '')).toThrow(expect.objectContaining({ name: 'EmptyMessageError' }));
    expect(() => chat.compose(friend, 'x'.repeat(MAX_MESSAGE_BYTES + 1))).toThrow(
      expect.objectContaining({ name: 'MessageTooLongError' }),
    );
    expect(() => chat.compose(friend, '\uDC00')).toThrow(expect.objectContaining({ name: 'InvalidTextError' }));
    expect(chat.compose(friend, 'é'.repeat(MAX_MESSAGE_BYTES / 2)).body).toHaveLength(MAX_MESSAGE_BYTES / 2);
    expect(chat.pending(friend)).toHaveLength(1);
  });

  it('an ack delivers only our own messages to that peer, and empties the outbox', () => {
    const other = onion();
    store.contacts.insert({ onion: other, state: 'friend', createdAt: 1 });
    const mine = chat.compose(friend, 'hi');
    const toOther = chat.compose(other, 'hey');
    const theirs = chat.receive(friend, incoming('yo')).message;
    expect(chat.acknowledge(other, [mine.id])).toEqual([]);
    expect(chat.acknowledge(friend, [toOther.id, theirs.id, new Uint8Array(16)])).toEqual([]);
    expect(chat.pending(other)).toHaveLength(1);
    expect(chat.acknowledge(friend, [mine.id]).map((m) => m.state)).toEqual(['delivered']);
    expect(chat.pending(friend)).toEqual([]);
    expect(chat.acknowledge(friend, [mine.id])).toEqual([]);
    expect(chat.readByPeer(friend, [mine.id]).map((m) => m.state)).toEqual(['read']);
    expect(chat.acknowledge(friend, [mine.id])).toEqual([]);
    expect(store.messages.get(mine.id)?.state).toBe('read');
  });
});

describe('ChatService: receiving', () => {
  it('drops duplicates by id', () => {
    const message = incoming('hello');
    expect(chat.receive(friend, message).isNew).toBe(true);
    expect(chat.receive(friend, { ...message, text: 'changed' })).toMatchObject({
      isNew: false,
      message: { body: 'hello' },
    });
    expect(chat.history(friend)).toHaveLength(1);
    expect(chat.unreadCount(friend)).toBe(1);
  });

  it('refuses an id that belongs to another conversation or to our own message', () => {
    const other = onion();
    store.contacts.insert({ onion: other, state: 'friend', createdAt: 1 });
    const mine = chat.compose(friend, 'mine');
    const fromOther = chat.receive(other, incoming('theirs')).message;
    expect(() => chat.receive(friend, incoming('forged', mine.id))).toThrow(
      expect.objectContaining({ name: 'UnexpectedMessageError' }),
    );
    expect(() => chat.receive(friend, incoming('forged', fromOther.id))).toThrow(
      expect.objectContaining({ name: 'UnexpectedMessageError' }),
    );
    expect(chat.history(friend).map((m) => m.body)).toEqual(['mine']);
  });

  it('marks read and returns the ids for a receipt', () => {
    const a = chat.receive(friend, incoming('a')).message;
    const b = chat.receive(friend, incoming('b')).message;
    expect(chat.markRead(friend).map(formatMessageId).sort()).toEqual([a.id, b.id].map(formatMessageId).sort());
    expect(chat.markRead(friend)).toEqual([]);
    expect(chat.unreadCount(friend)).toBe(0);
  });
});

describe('ChatService: history', () => {
  it('pages backwards by message id, oldest first within a page', () => {
    for (let i = 0; i < 7; i++) chat.compose(friend, `m${i}`);
    const newest = chat.history(friend, { limit: 3 });
    expect(newest.map((m) => m.body)).toEqual(['m4', 'm5', 'm6']);
    const older = chat.history(friend, { limit: 3, before: formatMessageId(newest[0]!.id) });
    expect(older.map((m) => m.body)).toEqual(['m1', 'm2', 'm3']);
    const oldest = chat.history(friend, { limit: 3, before: formatMessageId(older[0]!.id).toUpperCase() });
    expect(oldest.map((m) => m.body)).toEqual(['m0']);
    expect(chat.newest(friend)?.body).toBe('m6');
  });

  it('refuses bad limits, cursors and unknown contacts', () => {
    const other = onion();
    store.contacts.insert({ onion: other, state: 'friend', createdAt: 1 });
    const elsewhere = chat.compose(other, 'x');
    for (const limit of [0, MAX_HISTORY_LIMIT + 1, 1.5, Number.NaN]) {
      expect(() => chat.history(friend, { limit })).toThrow(
        expect.objectContaining({ name: 'InvalidHistoryLimitError' }),
      );
    }
    expect(() => chat.history(friend, { before: 'zz' })).toThrow(
      expect.objectContaining({ name: 'UnknownMessageError' }),
    );
    expect(() => chat.history(friend, { before: formatMessageId(elsewhere.id) })).toThrow(
      expect.objectContaining({ name: 'UnknownMessageError' }),
    );
    expect(() => chat.history(onion())).toThrow(expect.objectContaining({ name: 'UnknownContactError' }));
  });
});

describe('message ids', () => {
  it('round-trips hex and refuses anything else', () => {
    const id = new Uint8Array(randomBytes(16));
    expect(parseMessageId(formatMessageId(id))).toEqual(id);
    for (const bad of ['', 'ab', 'g'.repeat(32), 'a'.repeat(33), ' '.repeat(32)])
      expect(parseMessageId(bad)).toBeUndefined();
  });
});
