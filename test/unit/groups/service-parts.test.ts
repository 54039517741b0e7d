import { describe, expect, it } from 'vitest';
import { UnknownGroupInviteError } from '../../../src/groups/errors.js';
import { InviteBook } from '../../../src/groups/invites.js';
import { GROUP_INVITE_TTL_MS, MAX_PENDING_INVITES_PER_PEER } from '../../../src/groups/limits.js';
import { memberDisplay, shortFingerprint } from '../../../src/groups/member-display.js';
import { GroupFloodGuard } from '../../../src/groups/rate-limit.js';
import type { GroupInviteBody } from '../../../src/protocol/groups/index.js';
import { memberCached, seededRandom } from './helpers.js';
import { errorNamed } from '../../shared/errors.js';

const ada = memberCached(51).onionAddress;
const bob = memberCached(52).onionAddress;
const groupId = 'ab'.repeat(32);
const otherGroup = 'cd'.repeat(32);

describe('InviteBook', () => {
  it('an invitation goes out, comes back accepted, and is forgotten', () => {
    const admin = new InviteBook(seededRandom('admin'));
    const friend = new InviteBook(seededRandom('friend'));
    const invite = admin.create({ groupId, name: 'climbers', memberCount: 3 }, bob, 0);
    expect(admin.outgoingTo(bob, 1)).toEqual([invite]);
    expect(admin.outgoingTo(ada, 1)).toEqual([]);
    const received = friend.receive(ada, true, invite, 2)!;
    expect(received).toMatchObject({ groupId, groupName: 'climbers', memberCount: 3, inviter: ada });
    expect(friend.receive(ada, true, invite, 3)).toBeUndefined();
    const { to, answer } = friend.accept(received.inviteId, 'bob\n', 4);
    expect(to).toBe(ada);
    expect(answer.displayName).toBe('bob');
    expect(friend.pendingJoin(groupId, 5)?.inviter).toBe(ada);
    expect(friend.answersTo(ada, 5)).toEqual([answer]);
    // The inviter sends it again on reconnect before the answer lands: not a new invitation.
    expect(friend.receive(ada, true, invite, 6)).toBeUndefined();
    expect(friend.incoming(6)).toEqual([]);
    // Only bob may answer, once.
    expect(() => admin.takeAnswer(ada, answer, 7)).toThrow(UnknownGroupInviteError);
    expect(admin.takeAnswer(bob, answer, 7).invitee).toBe(bob);
    expect(() => admin.takeAnswer(bob, answer, 8)).toThrow(UnknownGroupInviteError);
    friend.forgetJoin(groupId);
    expect(friend.answersTo(ada, 9)).toEqual([]);
  });

  it('refuses invitations from strangers and past the limits; forgets them after the TTL', () => {
    const book = new InviteBook(seededRandom('limits'));
    const invite = (n: number): GroupInviteBody => ({
      groupId: Buffer.from(groupId, 'hex'),
      inviteId: Uint8Array.from({ length: 16 }, () => n),
      groupName: 'g',
      memberCount: 1,
    });
    expect(() => book.receive(ada, false, invite(0), 0)).toThrow(errorNamed('GroupInviteFromStrangerError'));
    for (let n = 0; n < MAX_PENDING_INVITES_PER_PEER; n++) book.receive(ada, true, invite(n), 0);
    expect(() => book.receive(ada, true, invite(99), 0)).toThrow(errorNamed('GroupInviteLimitError'));
    expect(book.receive(bob, true, invite(100), 0)).toBeDefined();
    expect(book.incoming(GROUP_INVITE_TTL_MS)).toHaveLength(MAX_PENDING_INVITES_PER_PEER + 1);
    expect(book.incoming(GROUP_INVITE_TTL_MS + 1)).toEqual([]);
    expect(() => book.accept('00'.repeat(16), 'x', GROUP_INVITE_TTL_MS + 1)).toThrow(UnknownGroupInviteError);
  });

  it('a decline names the inviter and forgets the invitation', () => {
    const admin = new InviteBook(seededRandom('a'));
    const friend = new InviteBook(seededRandom('f'));
    const invite = admin.create({ groupId, name: 'g', memberCount: 1 }, bob, 0);
    const received = friend.receive(ada, true, invite, 0)!;
    const { to, answer } = friend.decline(received.inviteId, 1);
    expect(to).toBe(ada);
    expect(() => admin.takeAnswer(bob, { ...answer, groupId: Buffer.from(otherGroup, 'hex') }, 2)).toThrow(
      UnknownGroupInviteError,
    );
    expect(admin.takeAnswer(bob, answer, 2).groupId).toBe(groupId);
    expect(friend.pendingJoin(groupId, 2)).toBeUndefined();
  });
});

describe('GroupFloodGuard', () => {
  const limits = {
    messagePerMember: { capacity: 3, refillIntervalMs: 100 },
    messageOverall: { capacity: 5, refillIntervalMs: 10 },
    opPerMember: { capacity: 1, refillIntervalMs: 1_000 },
    opOverall: { capacity: 10, refillIntervalMs: 1_000 },
  };

  it('limits each member of each group, messages and ops apart, and everyone together', () => {
    const guard = new GroupFloodGuard(0, limits);
    expect([1, 2, 3, 4].map(() => guard.allow('message', groupId, ada, 0))).toEqual([true, true, true, false]);
    expect(guard.allow('message', otherGroup, ada, 0)).toBe(true);
    expect(guard.allow('message', groupId, bob, 0)).toBe(true);
    expect(guard.allow('message', groupId, bob, 0)).toBe(false); // the overall bucket is empty now
    expect(guard.allow('op', groupId, ada, 0)).toBe(true);
    expect(guard.allow('op', groupId, ada, 0)).toBe(false);
    expect(guard.allow('message', groupId, ada, 100)).toBe(true);
    expect(guard.allow('op', groupId, ada, 1_000)).toBe(true);
  });
});

describe('member display', () => {
  it('shows the announced name, a grouped fingerprint and whether they are a friend', () => {
    expect(shortFingerprint(ada)).toBe(`${ada.slice(0, 4)} ${ada.slice(4, 8)}`);
    expect(memberDisplay(bob, 'bob', { isFriend: false, self: ada })).toEqual({
      member: bob,
      name: 'bob',
      fingerprint: shortFingerprint(bob),
      isFriend: false,
      isSelf: false,
    });
    expect(memberDisplay(ada, 'me', { isFriend: false, self: ada }).isSelf).toBe(true);
  });
});
