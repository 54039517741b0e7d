/**
 * The waiting backlogs (src/groups/pending-queue.ts) against a flood: well-signed ops and
 * messages from keys nobody added cannot push out an honest member's waiting item, and an item
 * from a member whose `add` has not arrived yet still waits and is taken once it does.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sealGroupMessage } from '../../../src/groups/group-message.js';
import { signGroupOp } from '../../../src/groups/group-op.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { toHexId } from '../../../src/groups/ids.js';
import { PENDING_MESSAGE_QUOTAS, PENDING_OP_QUOTAS } from '../../../src/groups/limits.js';
import { PendingQueue } from '../../../src/groups/pending-queue.js';
import { member, memberCached, seededRandom, replicaOf } from './helpers.js';

const ada = memberCached(71);
const bob = memberCached(72);
const cat = memberCached(73);

let clock = 70_000;
const tick = (): number => ++clock;

/** Fresh keys, none of them ever added to any group. */
const strangers = Array.from({ length: 40 }, (_, index) => member(9_000 + index));

describe('a flood of well-signed items from unknown keys', () => {
  it('does not evict an honest op waiting for its parent', () => {
    const creator = GroupReplica.create(
      { identity: ada, random: seededRandom('ada') },
      { name: 'climbers', displayName: 'ada', now: tick() },
    );
    creator.addMember(bob.onionAddress, 'bob', tick());
    const rename = creator.rename('crags', tick()).ops[0]!;
    const promote = creator.addAdmin(bob.onionAddress, tick()).ops[0]!;
    // Cat's copy lacks the rename, so ada's promotion (its child) waits.
    const atCat = replicaOf(cat, creator, 2);
    expect(atCat.receiveOp(promote.wire).missing).toEqual([rename.id]);
    // Far more well-signed ops than the backlog holds, each from a stranger's key.
    for (let index = 0; index < PENDING_OP_QUOTAS.total * 2; index++) {
      const stranger = strangers[index % strangers.length]!;
      atCat.receiveOp(
        signGroupOp(stranger, {
          groupId: atCat.groupId,
          parents: [toHexId(randomBytes(32))],
          timestamp: index,
          payload: { kind: 'rename', name: `spam ${index}` },
        }),
      );
    }
    const released = atCat.receiveOp(rename.wire);
    expect(released.ops.map((op) => op.id)).toEqual([rename.id, promote.id]);
    expect(atCat.state.members.get(bob.onionAddress)?.isAdmin).toBe(true);
  });

  it('does not evict an honest message waiting for its epoch', () => {
    const creator = GroupReplica.create(
      { identity: ada, random: seededRandom('ada') },
      { name: 'climbers', displayName: 'ada', now: tick() },
    );
    creator.addMember(bob.onionAddress, 'bob', tick());
    const atBob = replicaOf(bob, creator);
    creator.addMember(cat.onionAddress, 'cat', tick());
    const addCat = creator.log.ordered().at(-1)!;
    const honest = creator.post('hello', tick()).message;
    // Bob has not seen cat's add, so ada's message (in that epoch) waits.
    expect(atBob.receiveMessage(honest.wire).missing).toEqual([addCat.id]);
    for (let index = 0; index < PENDING_MESSAGE_QUOTAS.total * 2; index++) {
      const stranger = strangers[index % strangers.length]!;
      atBob.receiveMessage(
        sealGroupMessage(
          stranger,
          {
            groupId: atBob.groupId,
            epoch: toHexId(randomBytes(32)),
            messageKey: new Uint8Array(32),
            seq: 1,
            lamport: 1,
            createdAt: index,
            content: { type: 'text', text: `spam ${index}` },
          },
          seededRandom(index),
        ),
      );
    }
    expect(atBob.waitingMessages).toBeLessThanOrEqual(PENDING_MESSAGE_QUOTAS.unknownShared + 1);
    const outcome = atBob.receiveOp(addCat.wire);
    expect(outcome.messages.map((message) => message.content.text)).toEqual(['hello']);
  });

  it("still takes a member's message that arrived before the op that added them", () => {
    const creator = GroupReplica.create(
      { identity: ada, random: seededRandom('ada') },
      { name: 'climbers', displayName: 'ada', now: tick() },
    );
    creator.addMember(bob.onionAddress, 'bob', tick());
    const atBob = replicaOf(bob, creator);
    creator.addMember(cat.onionAddress, 'cat', tick());
    const atCat = replicaOf(cat, creator);
    const fromCat = atCat.post('hi, I am new', tick()).message;
    // To bob, cat is nobody yet: her message waits in the strangers' share, then counts.
    atBob.receiveMessage(fromCat.wire);
    const outcome = atBob.receiveOp(creator.log.ordered().at(-1)!.wire);
    expect(outcome.messages.map((message) => message.content.text)).toEqual(['hi, I am new']);
  });
});

describe('PendingQueue', () => {
  const known = new Set(['k1', 'k2']);
  const quotas = { total: 6, perKnownSigner: 4, unknownShared: 2 };
  const queueOf = (): PendingQueue<string> => new PendingQueue<string>(quotas, (signer) => known.has(signer));

  it('lets unknown signers displace only each other, and refuses them when the rest is known', () => {
    const queue = queueOf();
    queue.add('honest', 'h', 'k1' as never);
    for (let index = 0; index < 10; index++) queue.add(`u${index}`, 'u', `stranger${index}` as never);
    expect(queue.has('honest')).toBe(true);
    expect([...queue.entries()].map(([id]) => id)).toEqual(['honest', 'u8', 'u9']);
    for (let index = 0; index < 3; index++) queue.add(`k2-${index}`, 'k', 'k2' as never);
    // Full (6): a known signer's item pushes out an unknown one, never a known one.
    queue.add('k2-3', 'k', 'k2' as never);
    expect(queue.has('honest')).toBe(true);
    expect(queue.add('u10', 'u', 'stranger10' as never).admitted).toBe(true);
    queue.add('k2-4', 'k', 'k2' as never);
    expect(queue.has('honest')).toBe(true);
  });

  it('makes the biggest known signer pay when full, not a smaller one', () => {
    const queue = queueOf();
    queue.add('a1', 'a', 'k1' as never);
    for (let index = 0; index < 10; index++) queue.add(`b${index}`, 'b', 'k2' as never);
    expect(queue.has('a1')).toBe(true);
    expect(queue.size).toBe(5);
  });
});
