import { describe, expect, it } from 'vitest';
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import { GroupOpRefusedError } from '../../../src/groups/errors.js';
import { sealEpochKey } from '../../../src/groups/epoch-key-seal.js';
import { signGroupOp } from '../../../src/groups/group-op.js';
import { GroupReplica, type ReplicaOutcome } from '../../../src/groups/group-replica.js';
import { needsRotation } from '../../../src/groups/group-state.js';
import { memberFromKey, toHexId } from '../../../src/groups/ids.js';
import { PENDING_OP_QUOTAS } from '../../../src/groups/limits.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import type { GroupOpPayload, UnverifiedGroupOp } from '../../../src/protocol/groups/index.js';
import { memberCached, seededRandom, replicaOf } from './helpers.js';
import { errorNamed } from '../../shared/errors.js';

const ada = memberCached(11);
const bob = memberCached(12);
const cat = memberCached(13);
const dan = memberCached(14);
const eve = memberCached(15);

let clock = 1_000;
const tick = (): number => ++clock;

/** Ada's group with the given members (all added by ada), and a replica for each. */
function group(...others: { identity: IdentityKeyPair; admin?: boolean }[]): GroupReplica[] {
  const creator = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'climbers', displayName: 'ada', now: tick() },
  );
  for (const other of others)
    creator.addMember(other.identity.onionAddress, other.identity.onionAddress.slice(0, 3), tick());
  for (const other of others) if (other.admin === true) creator.addAdmin(other.identity.onionAddress, tick());
  return [creator, ...others.map((other) => replicaOf(other.identity, creator))];
}

/** Gives every replica every op the others hold. */
function exchange(...replicas: GroupReplica[]): void {
  const ops = replicas.flatMap((replica) => replica.log.ordered().map((op) => op.wire));
  for (const replica of replicas) for (const op of ops) replica.receiveOp(op);
}

/** A signed op of `author` with parents = the heads of `on`. */
function forge(
  author: IdentityKeyPair,
  on: GroupReplica,
  payload: GroupOpPayload,
  groupId = on.groupId,
): UnverifiedGroupOp {
  return signGroupOp(author, { groupId, parents: on.log.heads, timestamp: tick(), payload });
}

function grantTo(...members: IdentityKeyPair[]): GroupOpPayload & { kind: 'rotate' } {
  return {
    kind: 'rotate',
    grant: sealEpochKey(
      new Uint8Array(32).fill(1),
      members.map((m) => m.publicKey),
      seededRandom('grant'),
    ),
  };
}

function refusal(outcome: ReplicaOutcome): string | undefined {
  const error = outcome.refused[0];
  return error instanceof GroupOpRefusedError ? error.reason : error?.name;
}

describe('verifying ops', () => {
  it('refuses a forged signature, a non-admin, a non-member, another group', () => {
    const [a, b] = group({ identity: bob });
    const good = forge(ada, a!, { kind: 'rename', name: 'x' });
    const forged = { ...good, signature: Uint8Array.from(good.signature, (byte, i) => (i === 0 ? byte ^ 1 : byte)) };
    expect(b!.receiveOp(forged).refused[0]).toEqual(errorNamed('GroupOpSignatureError'));
    // bob signs as himself an admin-only op; eve, not a member, signs one too.
    expect(refusal(b!.receiveOp(forge(bob, b!, { kind: 'rename', name: 'mine' })))).toBe('not-admin');
    expect(refusal(b!.receiveOp(forge(eve, b!, { kind: 'rename', name: 'mine' })))).toBe('not-member');
    // A valid op of another group.
    const [other] = group();
    const foreign = forge(ada, other!, { kind: 'rename', name: 'elsewhere' });
    expect(refusal(b!.receiveOp(foreign))).toBe('wrong-group');
    // Bob replays an op with ada's author key but his own signature.
    const impostor = { ...forge(bob, b!, { kind: 'rename', name: 'x' }) };
    const withAdaAsAuthor = { ...impostor, body: { ...impostor.body, author: ada.publicKey } };
    expect(b!.receiveOp(withAdaAsAuthor).refused[0]).toEqual(errorNamed('GroupOpSignatureError'));
    expect(b!.state.name).toBe('climbers');
  });

  it('refuses new keys not sealed to exactly the members', () => {
    const [a, b] = group({ identity: bob });
    expect(refusal(b!.receiveOp(forge(ada, a!, grantTo(ada))))).toBe('bad-recipients');
    expect(refusal(b!.receiveOp(forge(ada, a!, grantTo(ada, bob, cat))))).toBe('bad-recipients');
    const key = cat.publicKey;
    const addWithoutCat: GroupOpPayload = {
      kind: 'add',
      member: key,
      memberName: 'cat',
      grant: grantTo(ada, bob).grant,
    };
    expect(refusal(b!.receiveOp(forge(ada, a!, addWithoutCat)))).toBe('bad-recipients');
    const removeKeepingBob: GroupOpPayload = {
      kind: 'remove',
      member: bob.publicKey,
      cutoffs: [],
      grant: grantTo(ada, bob).grant,
    };
    expect(refusal(b!.receiveOp(forge(ada, a!, removeKeepingBob)))).toBe('bad-recipients');
    expect(refusal(b!.receiveOp(forge(ada, a!, grantTo(ada, bob))))).toBeUndefined();
  });

  it('refuses members that are not usable identity keys', () => {
    const [a] = group();
    const lowOrder = new Uint8Array(32); // (sqrt(-1), 0): a point of order 4
    const payload: GroupOpPayload = { kind: 'add', member: lowOrder, memberName: 'x', grant: grantTo(ada).grant };
    expect(refusal(a!.receiveOp(forge(ada, a!, payload)))).toBe('bad-member-key');
    expect(() => a!.addMember(memberFromKey(lowOrder), 'x', tick())).toThrow(errorNamed('InvalidGroupCommandError'));
  });

  it('local commands explain what is wrong', () => {
    const [a, b] = group({ identity: bob });
    expect(() => b!.rename('mine', tick())).toThrow(errorNamed('NotGroupAdminError'));
    expect(() => a!.removeMember(ada.onionAddress, tick())).toThrow(errorNamed('InvalidGroupCommandError'));
    expect(() => a!.addMember(bob.onionAddress, 'bob', tick())).toThrow(errorNamed('InvalidGroupCommandError'));
    expect(() => a!.removeMember(cat.onionAddress, tick())).toThrow(errorNamed('InvalidGroupCommandError'));
    expect(() => a!.leave(tick())).toThrow(errorNamed('InvalidGroupCommandError', { reason: 'last-admin' }));
    a!.addAdmin(bob.onionAddress, tick());
    expect(() => a!.addAdmin(bob.onionAddress, tick())).toThrow(errorNamed('InvalidGroupCommandError'));
    expect(a!.leave(tick()).ops).toHaveLength(1);
    expect(() => a!.rename('gone', tick())).toThrow(errorNamed('NotGroupMemberError'));
    expect(() => a!.rename('\n', tick())).toThrow(errorNamed('InvalidGroupCommandError'));
  });

  it('the last member may leave; a group with no admin still chats', () => {
    const [a, b] = group({ identity: bob });
    exchange(a!, b!);
    expect(b!.leave(tick()).ops).toHaveLength(1);
    exchange(a!, b!);
    expect(a!.leave(tick()).ops).toHaveLength(1);
    expect(a!.state.members.size).toBe(0);
  });

  it('keeps ops with missing parents waiting, and releases them in order', () => {
    const [a, b] = group({ identity: bob });
    const rename = a!.rename('one', tick()).ops[0]!;
    const rename2 = a!.rename('two', tick()).ops[0]!;
    const rename3 = a!.rename('three', tick()).ops[0]!;
    const pending = b!.receiveOp(rename3.wire);
    expect(pending.ops).toHaveLength(0);
    expect(pending.missing).toEqual([rename2.id]);
    expect(b!.receiveOp(rename3.wire).duplicate).toBe(true);
    expect(b!.receiveOp(rename2.wire).missing).toEqual([rename.id]);
    const released = b!.receiveOp(rename.wire);
    expect(released.ops.map((op) => op.id)).toEqual([rename.id, rename2.id, rename3.id]);
    expect(b!.state.name).toBe('three');
    expect(b!.missing()).toEqual([]);
  });

  it('keeps forgeries out of the backlog, and bounds it', () => {
    const [a] = group();
    const log = MembershipLog.restore(a!.groupId, [a!.log.get(a!.groupId)!.wire]);
    const unknownParent = toHexId(new Uint8Array(32).fill(7));
    const waiting = (n: number): UnverifiedGroupOp =>
      signGroupOp(ada, {
        groupId: a!.groupId,
        parents: [unknownParent],
        timestamp: n,
        payload: { kind: 'rename', name: `n${n}` },
      });
    const first = waiting(0);
    const forged = { ...first, signature: new Uint8Array(64) };
    expect(log.insert(forged).status).toBe('refused');
    for (let n = 0; n <= PENDING_OP_QUOTAS.total; n++) expect(log.insert(waiting(n)).status).toBe('pending');
    // The oldest was evicted, so it counts as new again.
    expect(log.insert(first).status).toBe('pending');
    expect(log.missing()).toEqual([unknownParent]);
  });

  it('refuses a second create op and ops of a create with the wrong id', () => {
    const [a] = group();
    const [other] = group();
    const foreignGenesis = other!.log.get(other!.groupId)!.wire;
    expect(refusal(a!.receiveOp(foreignGenesis))).toBe('bad-genesis');
    expect(() => MembershipLog.fromGenesis(foreignGenesis, a!.groupId)).toThrow(GroupOpRefusedError);
    expect(() => MembershipLog.restore(a!.groupId, [foreignGenesis])).toThrow(GroupOpRefusedError);
  });
});

describe('resolving concurrent changes', () => {
  it('removal wins over what the removed admin did concurrently, and that cascades', () => {
    const [a, b] = group({ identity: bob, admin: true }, { identity: cat });
    exchange(a!, b!);
    const removeBob = a!.removeMember(bob.onionAddress, tick()).ops[0]!;
    const addDan = b!.addMember(dan.onionAddress, 'dan', tick()).ops[0]!;
    const renameByBob = b!.rename('bobs', tick()).ops[0]!;
    const d = replicaOf(dan, b!);
    const rotateByDan = d.rotate(tick()).ops[0]!;
    exchange(a!, b!, d);
    for (const replica of [a!, b!, d]) {
      const { state, fates } = replica.log.resolution();
      expect([...state.members.keys()].sort()).toEqual([ada.onionAddress, cat.onionAddress].sort());
      expect(state.name).toBe('climbers');
      expect(fates.get(removeBob.id)).toBe('applied');
      expect(fates.get(addDan.id)).toBe('revoked');
      expect(fates.get(renameByBob.id)).toBe('revoked');
      expect(fates.get(rotateByDan.id)).toBe('skipped');
    }
    expect(d.isMember).toBe(false);
  });

  it('when two admins remove each other, the senior one stays', () => {
    for (const seniorIsCreator of [true, false]) {
      const [a, b, c] = group({ identity: bob, admin: true }, { identity: cat, admin: true });
      exchange(a!, b!, c!);
      const [senior, junior] = seniorIsCreator ? [a!, c!] : [b!, c!];
      const [seniorId, juniorId] = seniorIsCreator ? [ada, cat] : [bob, cat];
      senior.removeMember(juniorId.onionAddress, tick());
      junior.removeMember(seniorId.onionAddress, tick());
      exchange(a!, b!, c!);
      for (const replica of [a!, b!, c!]) {
        expect(replica.state.members.has(seniorId.onionAddress)).toBe(true);
        expect(replica.state.members.has(juniorId.onionAddress)).toBe(false);
      }
    }
  });

  it('removals that do not conflict all stand', () => {
    const [a, b] = group({ identity: bob, admin: true }, { identity: cat }, { identity: dan });
    exchange(a!, b!);
    a!.removeMember(cat.onionAddress, tick());
    b!.removeMember(dan.onionAddress, tick());
    exchange(a!, b!);
    expect([...a!.state.members.keys()].sort()).toEqual([ada.onionAddress, bob.onionAddress].sort());
    expect(b!.state).toEqual(a!.state);
  });

  it('concurrent renames resolve the same everywhere', () => {
    const [a, b] = group({ identity: bob, admin: true });
    exchange(a!, b!);
    a!.rename('from ada', tick());
    b!.rename('from bob', tick());
    exchange(a!, b!);
    expect(['from ada', 'from bob']).toContain(a!.state.name);
    expect(b!.state.name).toBe(a!.state.name);
    // A later rename (a descendant of both) settles it.
    b!.rename('settled', tick());
    exchange(a!, b!);
    expect(a!.state.name).toBe('settled');
    expect(a!.log.heads).toHaveLength(1);
  });

  it('an add concurrent with a removal leaves the key with a non-member until someone rotates', () => {
    const [a, b] = group({ identity: bob, admin: true }, { identity: cat });
    exchange(a!, b!);
    a!.removeMember(cat.onionAddress, tick());
    b!.addMember(dan.onionAddress, 'dan', tick());
    exchange(a!, b!);
    expect([...a!.state.members.keys()].sort()).toEqual([ada, bob, dan].map((m) => m.onionAddress).sort());
    const stale = needsRotation(a!.state);
    const epochRecipients = a!.state.epoch.recipients;
    // Whichever grant sorts last, it either still holds cat or lacks dan.
    expect(stale).toBe(epochRecipients.has(cat.onionAddress) || !epochRecipients.has(dan.onionAddress));
    expect(stale).toBe(true);
    a!.rotate(tick());
    expect(needsRotation(a!.state)).toBe(false);
  });

  it('a leave needs a rotation, which any member may make', () => {
    const [a, b, c] = group({ identity: bob }, { identity: cat });
    exchange(a!, b!, c!);
    c!.leave(tick());
    exchange(a!, b!, c!);
    expect(needsRotation(b!.state)).toBe(true);
    expect(b!.rotate(tick()).ops).toHaveLength(1);
    exchange(a!, b!, c!);
    expect(needsRotation(a!.state)).toBe(false);
    expect(a!.state.epoch.recipients.has(cat.onionAddress)).toBe(false);
  });

  it('a state reached by one parent equals the full resolution of its closure', () => {
    const [a, b] = group({ identity: bob, admin: true }, { identity: cat });
    exchange(a!, b!);
    a!.removeMember(bob.onionAddress, tick());
    b!.addMember(dan.onionAddress, 'dan', tick());
    exchange(a!, b!);
    a!.rename('merged', tick());
    const log = a!.log;
    for (const op of log.ordered()) {
      const closure = log.closureOf([op.id]);
      const fresh = MembershipLog.restore(
        log.groupId,
        log
          .ordered()
          .filter((o) => closure.has(o.id))
          .map((o) => o.wire),
      );
      expect(fresh.state).toEqual(log.stateAt([op.id]));
    }
  });
});
