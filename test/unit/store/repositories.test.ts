import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { addFriend, newProfile, outgoing, randomOnion } from './helpers.js';

afterEach(removeTempDirs);

describe('identity', () => {
  it('renames the display name and keeps the key', async () => {
    const { store } = await newProfile('ada');
    const before = store.identity.get();
    store.identity.setDisplayName('Ada L.');
    const after = store.identity.get();
    expect(after.displayName).toBe('Ada L.');
    expect(after.keyPair.onionAddress).toBe(before.keyPair.onionAddress);
    expect(() => store.identity.create(randomBytes(32), 'second', 1)).toThrow(
      expect.objectContaining({ name: 'StoreConstraintError' }),
    );
    store.close();
  });
});

describe('contacts', () => {
  it('stores requests, state changes, nicknames, announced names and last-seen', async () => {
    const { store } = await newProfile();
    const carol = randomOnion();
    const dave = randomOnion();
    expect(
      store.contacts.insert({
        onion: carol,
        state: 'incoming-request',
        requestMessage: 'hi, carol here',
        displayName: 'Carol',
        createdAt: 100,
      }),
    ).toBe(true);
    expect(store.contacts.insert({ onion: carol, state: 'friend', createdAt: 101 })).toBe(false);
    expect(store.contacts.insert({ onion: dave, state: 'outgoing-request', createdAt: 200 })).toBe(true);

    expect(store.contacts.get(carol)).toEqual({
      onion: carol,
      state: 'incoming-request',
      nickname: undefined,
      displayName: 'Carol',
      requestMessage: 'hi, carol here',
      createdAt: 100,
      updatedAt: 100,
      lastSeen: undefined,
    });
    expect(store.contacts.setState(carol, 'friend', 150)).toBe(true);
    expect(store.contacts.setNickname(carol, 'Caz', 160)).toBe(true);
    expect(store.contacts.recordSeen(carol, 500)).toBe(true);
    expect(store.contacts.recordSeen(carol, 400)).toBe(true); // an older report does not move it back
    expect(store.contacts.get(carol)).toMatchObject({
      state: 'friend',
      nickname: 'Caz',
      updatedAt: 160,
      lastSeen: 500,
    });
    expect(store.contacts.setNickname(carol, undefined, 170)).toBe(true);
    expect(store.contacts.get(carol)?.nickname).toBeUndefined();
    expect(store.contacts.setDisplayName(carol, 'Caroline', 180)).toBe(true);
    expect(store.contacts.get(carol)).toMatchObject({ displayName: 'Caroline', updatedAt: 180 });
    expect(store.contacts.setDisplayName(carol, undefined, 190)).toBe(true);
    expect(store.contacts.get(carol)?.displayName).toBeUndefined();
    expect(store.contacts.setRequestMessage(dave, 'second try', 210)).toBe(true);

    expect(store.contacts.list().map((c) => c.onion)).toEqual([carol, dave]);
    expect(store.contacts.list({ state: 'outgoing-request' }).map((c) => c.onion)).toEqual([dave]);
    const stranger = randomOnion();
    expect(store.contacts.get(stranger)).toBeUndefined();
    expect(store.contacts.setState(stranger, 'blocked', 1)).toBe(false);
    expect(() => store.contacts.setState(carol, 'enemy' as 'friend', 1)).toThrow(TypeError);
    expect(() =>
      store.contacts.insert({ onion: carol.toUpperCase() as OnionAddress, state: 'friend', createdAt: 1 }),
    ).toThrow(TypeError);
    store.close();
  });
});

describe('outbox', () => {
  it('queues, schedules, counts attempts and forgets acknowledged messages', async () => {
    const { store } = await newProfile();
    const friend = addFriend(store);
    const other = addFriend(store);
    const [m1, m2, m3] = [outgoing(friend, 'one'), outgoing(friend, 'two'), outgoing(other, 'three')];
    store.transaction(() => {
      for (const message of [m1, m2, m3]) store.messages.insertIfAbsent(message);
      store.outbox.enqueue(m1.id, 1_000);
      store.outbox.enqueue(m2.id, 3_000);
      store.outbox.enqueue(m3.id, 2_000);
    });
    expect(store.outbox.enqueue(m1.id, 5)).toBe(false);
    expect(store.outbox.nextAttemptAt()).toBe(1_000);
    const hex = (entries: { messageId: Uint8Array }[]) => entries.map((e) => Buffer.from(e.messageId).toString('hex'));
    const idHex = (m: { id: Uint8Array }) => Buffer.from(m.id).toString('hex');

    expect(hex(store.outbox.due(2_500))).toEqual([idHex(m1), idHex(m3)]);
    expect(store.outbox.recordAttempt(m1.id, 10_000)).toBe(true);
    expect(store.outbox.due(2_500).map((e) => e.attempts)).toEqual([0]);
    expect(store.outbox.pendingFor(friend)).toEqual([
      { messageId: new Uint8Array(m1.id), conversation: friend, attempts: 1, nextAttemptAt: 10_000 },
      { messageId: new Uint8Array(m2.id), conversation: friend, attempts: 0, nextAttemptAt: 3_000 },
    ]);
    expect(store.outbox.remove(m3.id)).toBe(true);
    expect(store.outbox.remove(m3.id)).toBe(false);
    expect(store.outbox.nextAttemptAt()).toBe(3_000);
    expect(store.outbox.recordAttempt(randomBytes(16), 1)).toBe(false);
    expect(() => store.outbox.enqueue(randomBytes(16), 1)).toThrow(
      expect.objectContaining({ name: 'StoreConstraintError' }),
    );
    store.outbox.remove(m1.id);
    store.outbox.remove(m2.id);
    expect(store.outbox.nextAttemptAt()).toBeUndefined();
    store.close();
  });
});

describe('transactions and lifecycle', () => {
  it('rolls back every write of a transaction that throws', async () => {
    const { store } = await newProfile();
    const friend = addFriend(store);
    const message = outgoing(friend, 'rolled back');
    expect(() =>
      store.transaction(() => {
        store.messages.insertIfAbsent(message);
        store.outbox.enqueue(message.id, 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.messages.get(message.id)).toBeUndefined();
    expect(store.outbox.nextAttemptAt()).toBeUndefined();
    store.close();
  });

  it('refuses an async transaction callback and commits none of it', async () => {
    const { store } = await newProfile();
    const friend = addFriend(store);
    const message = outgoing(friend, 'async');
    expect(() =>
      store.transaction(() => {
        store.messages.insertIfAbsent(message);
        return Promise.resolve();
      }),
    ).toThrow(/synchronous/);
    expect(store.messages.get(message.id)).toBeUndefined();
    store.close();
  });

  it('throws StoreClosedError after close', async () => {
    const { store } = await newProfile();
    const friend = addFriend(store);
    store.close();
    expect(() => store.messages.page(friend, { limit: 1 })).toThrow(
      expect.objectContaining({ name: 'StoreClosedError' }),
    );
    expect(() => store.transaction(() => 1)).toThrow(expect.objectContaining({ name: 'StoreClosedError' }));
  });
});
