import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { ProfileStore } from '../../../src/store/profile-store.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { addFriend, incoming, newProfile, outgoing, randomOnion } from './helpers.js';

let store: ProfileStore;
let alice: OnionAddress;
let bob: OnionAddress;

beforeAll(async () => {
  ({ store } = await newProfile());
  alice = addFriend(store);
  bob = addFriend(store);
});
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('messages', () => {
  it('pages a conversation newest-first by page, oldest-first within a page, without gaps, overlaps or other conversations', () => {
    const bodies: string[] = [];
    store.transaction(() => {
      for (let i = 0; i < 25; i++) {
        bodies.push(`alice ${i}`);
        store.messages.insertIfAbsent(i % 2 === 0 ? outgoing(alice, `alice ${i}`) : incoming(alice, `alice ${i}`));
        store.messages.insertIfAbsent(outgoing(bob, `bob ${i}`));
      }
    });
    const first = store.messages.page(alice, { limit: 10 });
    expect(first.messages.map((m) => m.body)).toEqual(bodies.slice(15));
    const second = store.messages.page(alice, { before: first.before, limit: 10 });
    expect(second.messages.map((m) => m.body)).toEqual(bodies.slice(5, 15));
    const third = store.messages.page(alice, { before: second.before, limit: 10 });
    expect(third.messages.map((m) => m.body)).toEqual(bodies.slice(0, 5));
    expect(third.before).toBeUndefined();
    const seqs = [...third.messages, ...second.messages, ...first.messages].map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(store.messages.page(randomOnion(), { limit: 10 })).toEqual({ messages: [], before: undefined });
  });

  it('reports no older page when the last page is exactly full', () => {
    const friend = addFriend(store);
    for (let i = 0; i < 4; i++) store.messages.insertIfAbsent(outgoing(friend, `m${i}`));
    const page = store.messages.page(friend, { limit: 4 });
    expect(page.messages).toHaveLength(4);
    expect(page.before).toBeUndefined();
  });

  it('keeps arrival order even when the sender clock goes backwards', () => {
    const friend = addFriend(store);
    store.messages.insertIfAbsent(incoming(friend, 'first', { createdAt: 2_000 }));
    store.messages.insertIfAbsent(incoming(friend, 'second', { createdAt: 1_000 }));
    expect(store.messages.page(friend, { limit: 5 }).messages.map((m) => m.body)).toEqual(['first', 'second']);
  });

  it('dedupes by id: the first copy wins and a resend reports false', () => {
    const message = incoming(alice, 'original');
    expect(store.messages.insertIfAbsent(message)).toBe(true);
    expect(store.messages.insertIfAbsent({ ...message, body: 'tampered resend' })).toBe(false);
    expect(store.messages.get(message.id)).toMatchObject({ body: 'original', direction: 'in', state: 'received' });
  });

  it('round-trips every field', () => {
    const message = outgoing(bob, 'fields ✓ \u0000 nul and emoji 🦫', {
      createdAt: 1_700_000_000_000,
      receivedAt: 1_700_000_000_123,
    });
    store.messages.insertIfAbsent(message);
    const stored = store.messages.get(message.id)!;
    expect({ ...stored, id: Buffer.from(stored.id) }).toEqual({
      ...message,
      id: Buffer.from(message.id),
      seq: stored.seq,
      deleted: 0,
    });
    expect(store.messages.get(randomBytes(16))).toBeUndefined();
  });

  it('moves outgoing states only forward and never to an incoming state', () => {
    const message = outgoing(bob, 'states');
    store.messages.insertIfAbsent(message);
    expect(store.messages.advanceState(message.id, 'sent')).toBe(true);
    expect(store.messages.advanceState(message.id, 'read')).toBe(true);
    expect(store.messages.advanceState(message.id, 'delivered')).toBe(false); // late ack after the read receipt
    expect(store.messages.advanceState(message.id, 'received')).toBe(false);
    expect(store.messages.get(message.id)?.state).toBe('read');
    expect(store.messages.advanceState(randomBytes(16), 'sent')).toBe(false);
  });

  it('moves incoming messages only to read', () => {
    const message = incoming(bob, 'incoming states');
    store.messages.insertIfAbsent(message);
    expect(store.messages.advanceState(message.id, 'delivered')).toBe(false);
    expect(store.messages.advanceState(message.id, 'read')).toBe(true);
    expect(store.messages.advanceState(message.id, 'read')).toBe(false);
  });

  it('counts unread incoming messages and marks them read, returning their ids', () => {
    const friend = addFriend(store);
    const unread = [incoming(friend, 'u1'), incoming(friend, 'u2')];
    for (const message of unread) store.messages.insertIfAbsent(message);
    store.messages.insertIfAbsent(outgoing(friend, 'mine'));
    store.messages.insertIfAbsent(incoming(friend, 'already read', { state: 'read' }));
    expect(store.messages.unreadCount(friend)).toBe(2);
    const marked = store.messages
      .markRead(friend, 1)
      .map((id) => Buffer.from(id).toString('hex'))
      .sort();
    expect(marked).toEqual(unread.map((m) => Buffer.from(m.id).toString('hex')).sort());
    expect(store.messages.unreadCount(friend)).toBe(0);
    expect(store.messages.markRead(friend, 1)).toEqual([]);
  });

  it('refuses a message for an unknown contact with a typed error', () => {
    expect(() => store.messages.insertIfAbsent(outgoing(randomOnion(), 'to nobody'))).toThrow(
      expect.objectContaining({ name: 'StoreConstraintError' }),
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ['a 15-byte id', { id: new Uint8Array(15) }],
    ['an id that is an array pretending to be bytes', { id: Array.from({ length: 16 }, () => 0) }],
    ['a NaN timestamp', { createdAt: Number.NaN }],
    ['a negative timestamp', { receivedAt: -1 }],
    ['a fractional timestamp', { createdAt: 1.5 }],
    ['a huge timestamp', { createdAt: 2 ** 60 }],
    ['an incoming state on an outgoing message', { state: 'received' }],
    ['an unknown direction', { direction: 'sideways' }],
    ['a body that is not text', { body: 42 }],
    ['an onion address with .onion', { conversation: `${'a'.repeat(56)}.onion` }],
  ])('refuses %s with a TypeError and stores nothing', (_label, override) => {
    const message = { ...outgoing(alice, 'hostile'), ...override };
    expect(() => store.messages.insertIfAbsent(message)).toThrow(TypeError);
  });

  it('refuses hostile page arguments', () => {
    expect(() => store.messages.page(alice, { limit: 0 })).toThrow(TypeError);
    expect(() => store.messages.page(alice, { limit: 1001 })).toThrow(TypeError);
    expect(() => store.messages.page(alice, { limit: 10, before: -5 })).toThrow(TypeError);
    expect(() => store.messages.page('nope' as OnionAddress, { limit: 10 })).toThrow(TypeError);
  });
});

describe('removing a contact', () => {
  it('deletes the contact, its conversation and its outbox in one go, and nothing of anyone else', () => {
    const carol = addFriend(store);
    const doomed = outgoing(carol, 'to be forgotten');
    store.transaction(() => {
      store.messages.insertIfAbsent(doomed);
      store.outbox.enqueue(doomed.id, 0);
    });
    expect(store.outbox.pendingFor(carol)).toHaveLength(1);
    const bobBefore = store.messages.page(bob, { limit: 1000 }).messages.length;
    expect(store.contacts.remove(carol)).toBe(true);
    expect(store.contacts.get(carol)).toBeUndefined();
    expect(store.messages.get(doomed.id)).toBeUndefined();
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    expect(store.outbox.due(Number.MAX_SAFE_INTEGER).map((entry) => hex(entry.messageId))).not.toContain(
      hex(doomed.id),
    );
    expect(store.messages.page(bob, { limit: 1000 }).messages.length).toBe(bobBefore);
    expect(store.contacts.remove(carol)).toBe(false);
  });
});
