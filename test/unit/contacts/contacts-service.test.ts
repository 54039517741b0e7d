import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactsService } from '../../../src/contacts/feature/contacts-service.js';
import { ContactRequestLimiter } from '../../../src/lib/request-limiter.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { ProfileStore } from '../../../src/store/profile-store.js';
import { newProfile } from '../../shared/profiles.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';

let store: ProfileStore;
let contacts: ContactsService;
let self: OnionAddress;
let now: number;
const onion = (): OnionAddress => generateIdentity().onionAddress;
const request = (text = 'hi', displayName = 'eve'): { displayName: string; text: string } => ({ displayName, text });

beforeEach(async () => {
  ({ store } = await newProfile({ displayName: 'ada' }));
  self = store.identity.get().keyPair.onionAddress;
  now = 1_000_000;
  const limiter = new ContactRequestLimiter(now, {
    perIdentity: { capacity: 2, refillIntervalMs: 1_000 },
    overall: { capacity: 4, refillIntervalMs: 1_000 },
  });
  contacts = new ContactsService({ store, self, now: () => now, limiter });
});

afterEach(() => {
  store.close();
  removeTempDirs();
});

describe('ContactsService: our commands', () => {
  it('adds a stranger as an outgoing request, and re-adding replaces the message', () => {
    const bob = onion();
    expect(contacts.add(bob, 'first')).toMatchObject({
      becameFriend: false,
      contact: { state: 'outgoing-request', requestMessage: 'first' },
    });
    expect(contacts.add(bob, 'second').contact.requestMessage).toBe('second');
    expect(contacts.list()).toHaveLength(1);
  });

  it('adding someone who asked us makes them a friend', () => {
    const bob = onion();
    contacts.receiveRequest(bob, request());
    expect(contacts.add(bob, 'yes')).toMatchObject({ becameFriend: true, contact: { state: 'friend' } });
    expect(() => contacts.add(bob, 'again')).toThrow(expect.objectContaining({ name: 'AlreadyFriendsError' }));
  });

  it('refuses ourselves, long and broken messages', () => {
    expect(() => contacts.add(self, 'me')).toThrow(expect.objectContaining({ name: 'CannotAddSelfError' }));
    expect(() => contacts.add(onion(), 'é'.repeat(513))).toThrow(
      expect.objectContaining({ name: 'RequestMessageTooLongError', bytes: 1026 }),
    );
    expect(() => contacts.add(onion(), 'bad \uD800')).toThrow(expect.objectContaining({ name: 'InvalidTextError' }));
    expect(contacts.list()).toEqual([]);
  });

  it('accepts, rejects and blocks only what makes sense', () => {
    const [a, b, c] = [onion(), onion(), onion()];
    for (const peer of [a, b]) contacts.receiveRequest(peer, request());
    expect(contacts.accept(a).state).toBe('friend');
    expect(contacts.accept(a).state).toBe('friend');
    contacts.reject(b);
    expect(contacts.get(b)?.state).toBe('rejected');
    expect(() => contacts.reject(b)).toThrow(expect.objectContaining({ name: 'NoPendingRequestError' }));
    expect(() => contacts.accept(c)).toThrow(expect.objectContaining({ name: 'UnknownContactError' }));
    contacts.add(c, 'hi');
    expect(() => contacts.accept(c)).toThrow(expect.objectContaining({ name: 'NoPendingRequestError' }));
    expect(contacts.block(c).state).toBe('blocked');
    const stranger = onion();
    expect(contacts.block(stranger).state).toBe('blocked');
    // From outside a blocked identity looks like any stranger: a request-only session.
    expect(contacts.gate(stranger)).toBe('contact-request-only');
  });

  it('sets and clears nicknames, refusing control characters and long ones', () => {
    const bob = onion();
    contacts.add(bob, 'hi');
    expect(contacts.setNickname(bob, ' Bob ').nickname).toBe('Bob');
    expect(contacts.setNickname(bob, '   ').nickname).toBeUndefined();
    expect(() => contacts.setNickname(bob, 'a\nb')).toThrow(expect.objectContaining({ name: 'InvalidNicknameError' }));
    expect(() => contacts.setNickname(bob, 'x'.repeat(65))).toThrow(
      expect.objectContaining({ name: 'InvalidNicknameError' }),
    );
    expect(() => contacts.setNickname(onion(), 'x')).toThrow(expect.objectContaining({ name: 'UnknownContactError' }));
  });
});

describe('ContactsService: peer messages', () => {
  it('stores a stranger’s request with the name they announce, apart from the nickname', () => {
    const eve = onion();
    expect(contacts.gate(eve)).toBe('contact-request-only');
    const outcome = contacts.receiveRequest(eve, request('let me in', 'Eve\u0007'));
    expect(outcome).toMatchObject({
      result: 'pending',
      changed: true,
      contact: { state: 'incoming-request', requestMessage: 'let me in', displayName: 'Eve', nickname: undefined },
    });
    expect(contacts.receiveRequest(eve, request('please', 'Mallory'))).toMatchObject({
      result: 'pending',
      changed: true,
      contact: { requestMessage: 'please', displayName: 'Mallory' },
    });
    now += 1_000;
    expect(contacts.receiveRequest(eve, request('please', 'Mallory'))).toMatchObject({
      result: 'pending',
      changed: false,
    });
    now += 1_000;
    expect(contacts.receiveRequest(eve, request('please', '  '))).toMatchObject({
      result: 'pending',
      changed: true,
      contact: { displayName: undefined },
    });
  });

  it('a request from someone we asked makes us friends', () => {
    const bob = onion();
    contacts.add(bob, 'hi');
    expect(contacts.gate(bob)).toBe('contact-request-only');
    expect(contacts.receiveRequest(bob, request('hi too', 'Bob'))).toMatchObject({
      result: 'friend',
      changed: true,
      contact: { state: 'friend', displayName: 'Bob', nickname: undefined },
    });
    expect(contacts.gate(bob)).toBe('allow');
    expect(contacts.receiveRequest(bob, request('hi', 'Bob'))).toMatchObject({ result: 'friend', changed: false });
  });

  it('an accept only counts for a request we sent', () => {
    const [bob, eve] = [onion(), onion()];
    contacts.add(bob, 'hi');
    contacts.setNickname(bob, 'mine');
    expect(contacts.receiveAccept(bob, { displayName: 'theirs' })).toMatchObject({
      changed: true,
      contact: { state: 'friend', nickname: 'mine', displayName: 'theirs' },
    });
    expect(contacts.receiveAccept(bob, { displayName: 'theirs' }).changed).toBe(false);
    // Every friend session starts with an accept: a new name in it is news.
    expect(contacts.receiveAccept(bob, { displayName: 'renamed' })).toMatchObject({
      changed: true,
      contact: { nickname: 'mine', displayName: 'renamed' },
    });
    expect(() => contacts.receiveAccept(eve, { displayName: '' })).toThrow(
      expect.objectContaining({ name: 'UnexpectedMessageError' }),
    );
    contacts.receiveRequest(eve, request());
    expect(() => contacts.receiveAccept(eve, { displayName: '' })).toThrow(
      expect.objectContaining({ name: 'UnexpectedMessageError' }),
    );
    expect(contacts.get(eve)?.state).toBe('incoming-request');
  });

  it('drops repeats from a rejected requester silently, and from the blocked just the same', () => {
    const [eve, mallory] = [onion(), onion()];
    contacts.receiveRequest(eve, request());
    contacts.reject(eve);
    expect(contacts.receiveRequest(eve, request('again'))).toEqual({ result: 'ignored' });
    expect(contacts.get(eve)).toMatchObject({ state: 'rejected', requestMessage: 'hi' });
    contacts.block(mallory);
    expect(contacts.receiveRequest(mallory, request())).toEqual({ result: 'ignored' });
    expect(contacts.get(mallory)).toMatchObject({ state: 'blocked' });
  });

  it('rate-limits requests per identity and overall, storing nothing over the limit', () => {
    const eve = onion();
    contacts.receiveRequest(eve, request('1'));
    contacts.receiveRequest(eve, request('2'));
    expect(() => contacts.receiveRequest(eve, request('3'))).toThrow(
      expect.objectContaining({ name: 'ContactRequestRateLimitedError', limit: 'identity-limit' }),
    );
    expect(contacts.get(eve)?.requestMessage).toBe('2');
    expect(contacts.gate(eve)).toBe('refuse');
    const [x, y, z] = [onion(), onion(), onion()];
    contacts.receiveRequest(x, request());
    contacts.receiveRequest(y, request());
    expect(() => contacts.receiveRequest(z, request())).toThrow(expect.objectContaining({ limit: 'overall-limit' }));
    expect(contacts.get(z)).toBeUndefined();
    expect(contacts.gate(onion())).toBe('refuse');
    now += 1_000;
    expect(contacts.receiveRequest(z, request()).result).toBe('pending');
  });
});

describe('ContactsService: remove', () => {
  it('forgets the contact: they are a stranger again', () => {
    const bob = onion();
    contacts.add(bob, 'hi');
    contacts.remove(bob);
    expect(contacts.get(bob)).toBeUndefined();
    expect(contacts.standing(bob)).toBe('stranger');
    expect(() => contacts.remove(onion())).toThrow(expect.objectContaining({ name: 'UnknownContactError' }));
  });
});
