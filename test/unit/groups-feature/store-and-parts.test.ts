/**
 * The groups feature's parts below the node: the repository (migration 3), invitation records
 * round-tripping through store rows, references by prefix, and the history's merge order.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import {
  fromHexId,
  GroupReplica,
  groupHistory,
  InviteBook,
  matchReference,
  toHexId,
  type InviteRecord,
} from '../../../src/groups/index.js';
import { fromInviteRow, toInviteRow } from '../../../src/groups/feature/invite-rows.js';
import { openProfile } from '../../../src/store/profile.js';
import { newProfile, TEST_PASSPHRASE } from '../../shared/profiles.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';

afterEach(removeTempDirs);

const bytes = (length: number): Uint8Array => new Uint8Array(randomBytes(length));
const random = (length: number): Uint8Array => bytes(length);

describe('GroupsRepository', () => {
  it('keeps ops and messages per group, counts unread messages of others, and survives reopening', async () => {
    const { dir, store } = await newProfile();
    const self = store.identity.get().keyPair.onionAddress;
    const other = generateIdentity().onionAddress;
    const group = bytes(32);
    const opId = bytes(32);
    expect(store.groups.insertGroup(group, 1)).toBe(true);
    expect(store.groups.insertGroup(group, 2)).toBe(false);
    expect(store.groups.insertOp(group, opId, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(store.groups.insertOp(group, opId, Uint8Array.of(9))).toBe(false);
    const mine = { groupId: group, messageId: bytes(32), sender: self, body: Uint8Array.of(4), receivedAt: 3 };
    const theirs = { groupId: group, messageId: bytes(32), sender: other, body: Uint8Array.of(5), receivedAt: 4 };
    expect(store.groups.insertMessage(mine)).toBe(true);
    expect(store.groups.insertMessage(theirs)).toBe(true);
    expect(store.groups.insertMessage(theirs)).toBe(false);
    expect(store.groups.unreadCount(group, self)).toBe(1);
    expect(store.groups.markRead(group, 10)).toBe(true);
    expect(store.groups.markRead(group, 11)).toBe(false);
    expect(store.groups.unreadCount(group, self)).toBe(0);
    const later = { ...theirs, messageId: bytes(32), body: Uint8Array.of(6) };
    store.groups.insertMessage(later);
    expect(store.groups.unreadCount(group, self)).toBe(1);
    // A disappearing timer runs from when a message was read here, or written, for our own.
    expect(store.groups.timerStart(mine.messageId, self)).toBe(3);
    expect(store.groups.timerStart(theirs.messageId, self)).toBe(10);
    expect(store.groups.timerStart(later.messageId, self)).toBeUndefined();
    const hex = (id: Uint8Array): string => Buffer.from(id).toString('hex');
    expect(store.groups.timerStarts(group, self)).toEqual(
      new Map([
        [hex(mine.messageId), 3],
        [hex(theirs.messageId), 10],
      ]),
    );
    store.close();

    const reopened = await openProfile(dir, TEST_PASSPHRASE);
    try {
      expect(reopened.groups.groupIds()).toEqual([group]);
      expect(reopened.groups.ops(group)).toEqual([Uint8Array.of(1, 2, 3)]);
      expect(reopened.groups.messages(group)).toEqual([Uint8Array.of(4), Uint8Array.of(5), Uint8Array.of(6)]);
      expect(reopened.groups.deleteMessage(theirs.messageId)).toBe(true);
      expect(reopened.groups.messages(group)).toEqual([Uint8Array.of(4), Uint8Array.of(6)]);
      expect(reopened.groups.deleteGroup(group)).toBe(true);
      expect(reopened.groups.ops(group)).toEqual([]);
      expect(reopened.groups.messages(group)).toEqual([]);
    } finally {
      reopened.close();
    }
  });

  it('refuses rows for unknown groups and malformed arguments', async () => {
    const { store } = await newProfile();
    try {
      expect(() => store.groups.insertOp(bytes(32), bytes(32), Uint8Array.of(1))).toThrow(
        expect.objectContaining({ name: 'StoreConstraintError' }),
      );
      expect(() => store.groups.insertGroup(bytes(31), 1)).toThrow(TypeError);
      expect(() =>
        store.groups.insertMessage({
          groupId: bytes(32),
          messageId: bytes(32),
          sender: 'not an onion' as never,
          body: Uint8Array.of(1),
          receivedAt: 1,
        }),
      ).toThrow(TypeError);
      expect(() =>
        store.groups.replaceInvites([
          {
            kind: 'bogus' as never,
            inviteId: bytes(16),
            groupId: undefined,
            peer: undefined,
            name: undefined,
            memberCount: undefined,
            at: 1,
          },
        ]),
      ).toThrow(TypeError);
    } finally {
      store.close();
    }
  });
});

describe('invitation records', () => {
  it('round-trip through the book, store rows and a restart', async () => {
    const inviter = generateIdentity().onionAddress;
    const invitee = generateIdentity().onionAddress;
    const groupId = toHexId(bytes(32));
    const book = new InviteBook(random);
    const body = book.create({ groupId, name: 'climbers', memberCount: 3 }, invitee, 1_000);
    const received = book.receive(
      inviter,
      true,
      { groupId: fromHexId(toHexId(bytes(32))), inviteId: bytes(16), groupName: 'book club', memberCount: 5 },
      2_000,
    )!;
    const other = book.receive(
      inviter,
      true,
      { groupId: fromHexId(toHexId(bytes(32))), inviteId: bytes(16), groupName: 'chess', memberCount: 2 },
      2_500,
    )!;
    book.accept(other.inviteId, 'ada', 3_000);
    const records = book.records();
    expect(records.map((record) => record.kind).sort()).toEqual(['answered', 'incoming', 'join', 'outgoing']);

    const { store } = await newProfile();
    try {
      store.groups.replaceInvites(records.map(toInviteRow));
      const restored = new InviteBook(random);
      restored.restore(store.groups.invites().flatMap(fromInviteRow));
      expect(restored.records().sort(byKind)).toEqual([...records].sort(byKind));
      expect(restored.outgoingTo(invitee, 4_000)).toEqual([body]);
      expect(restored.incoming(4_000)).toEqual([received]);
      expect(restored.answersTo(inviter, 4_000)).toHaveLength(1);
      // The answered invitation, sent again by the inviter, is not a new one.
      expect(
        restored.receive(
          inviter,
          true,
          {
            groupId: fromHexId(other.groupId),
            inviteId: fromHexId(other.inviteId),
            groupName: 'chess',
            memberCount: 2,
          },
          4_000,
        ),
      ).toBe(undefined);
    } finally {
      store.close();
    }
  });

  it('skips malformed records and counts changes', () => {
    const book = new InviteBook(random);
    const version = book.version;
    const good: InviteRecord = { kind: 'answered', inviteId: 'ab'.repeat(16), at: 1 };
    book.restore([
      good,
      {
        kind: 'incoming',
        inviteId: 'not hex',
        groupId: 'cd'.repeat(32),
        peer: generateIdentity().onionAddress,
        groupName: 'x',
        memberCount: 2,
        at: 1,
      },
      {
        kind: 'incoming',
        inviteId: 'ef'.repeat(16),
        groupId: 'cd'.repeat(32),
        peer: 'nobody' as never,
        groupName: 'x',
        memberCount: 2,
        at: 1,
      },
      {
        kind: 'outgoing',
        inviteId: '01'.repeat(16),
        groupId: 'cd'.repeat(32),
        peer: generateIdentity().onionAddress,
        groupName: 'x',
        memberCount: 999,
        at: 1,
      },
    ]);
    expect(book.records()).toEqual([good]);
    expect(book.version).toBeGreaterThan(version);
    const before = book.version;
    book.expire(2);
    expect(book.version).toBe(before);
    book.expire(Number.MAX_SAFE_INTEGER);
    expect(book.version).toBeGreaterThan(before);
    expect(book.records()).toEqual([]);
  });
});

const byKind = (a: InviteRecord, b: InviteRecord): number => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);

describe('matchReference', () => {
  const ids = ['abcd0001', 'abcd0002', 'ffff0000'];
  it('finds exact ids, unique prefixes of four or more characters, fingerprints with spaces', () => {
    expect(matchReference('ABCD0001', ids)).toEqual({ status: 'found', id: 'abcd0001' });
    expect(matchReference('ffff', ids)).toEqual({ status: 'found', id: 'ffff0000' });
    expect(matchReference('ffff 00', ids)).toEqual({ status: 'found', id: 'ffff0000' });
    expect(matchReference('abcd', ids)).toEqual({ status: 'ambiguous' });
    expect(matchReference('fff', ids)).toEqual({ status: 'none' });
    expect(matchReference('', ids)).toEqual({ status: 'none' });
    expect(matchReference(42, ids)).toEqual({ status: 'none' });
  });
});

describe('groupHistory', () => {
  it('puts system lines among messages by their clocks, keeping each sequence in its own order', () => {
    const identity = generateIdentity();
    const replica = GroupReplica.create({ identity, random }, { name: 'climbers', displayName: 'ada', now: 1_000 });
    replica.post('first', 2_000);
    replica.rename('crag crew', 3_000);
    replica.post('second', 2_500); // a clock that went back: the message still follows 'first'
    replica.post('third', 4_000);
    const lines = groupHistory(replica).map((item) =>
      item.type === 'message' ? item.message.content.text : item.event,
    );
    expect(lines).toEqual(['created', 'first', 'second', 'renamed', 'third']);
  });
});
