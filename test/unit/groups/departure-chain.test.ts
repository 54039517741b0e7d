/**
 * A departed member against the departure rule (src/groups/departure-chain.ts), from the
 * attacker's side: a leaver who names an inflated cut-off and keeps posting, a removed member
 * who slips new content into a gap below the cut-off. And the honest side: last messages sent
 * just before a leave arrive everywhere, whatever the order.
 */
import { describe, expect, it } from 'vitest';
import { openEpochKey } from '../../../src/groups/epoch-key-seal.js';
import { messageKeyOf, sealGroupMessage, type VerifiedGroupMessage } from '../../../src/groups/group-message.js';
import { signGroupOp } from '../../../src/groups/group-op.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { fromHexId, type HexId } from '../../../src/groups/ids.js';
import type { UnverifiedGroupMessage, UnverifiedGroupOp } from '../../../src/protocol/groups/index.js';
import { memberCached, seededRandom, replicaOf } from './helpers.js';

const ada = memberCached(61);
const bob = memberCached(62);
const cat = memberCached(63);

let clock = 90_000;
const tick = (): number => ++clock;

/** Ada (admin), bob and cat, each with a replica of the same log. */
function group(): [GroupReplica, GroupReplica, GroupReplica] {
  const creator = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'climbers', displayName: 'ada', now: tick() },
  );
  creator.addMember(bob.onionAddress, 'bob', tick());
  creator.addMember(cat.onionAddress, 'cat', tick());
  return [creator, replicaOf(bob, creator), replicaOf(cat, creator)];
}

/** A message bob signs himself, in the current epoch, with whatever seq and prev he likes. */
function forged(replica: GroupReplica, text: string, seq: number, prev: HexId | undefined): UnverifiedGroupMessage {
  const epoch = replica.log.get(replica.state.epoch.id)!;
  if (!('grant' in epoch.payload)) throw new Error('not an epoch');
  const messageKey = messageKeyOf(openEpochKey(epoch.payload.grant, bob)!, epoch.id);
  return sealGroupMessage(
    bob,
    {
      groupId: replica.groupId,
      epoch: epoch.id,
      messageKey,
      seq,
      prev,
      lamport: 100 + seq,
      createdAt: tick(),
      content: { type: 'text', text },
    },
    seededRandom(`${text}/${seq}`),
  );
}

/** A leave op bob signs himself, naming whatever cut-off he likes. */
function forgedLeave(replica: GroupReplica, seq: number, last: Uint8Array): UnverifiedGroupOp {
  return signGroupOp(bob, {
    groupId: replica.groupId,
    parents: replica.log.parentsForNewOp(),
    timestamp: tick(),
    payload: { kind: 'leave', cutoffs: [{ epoch: fromHexId(replica.state.epoch.id), seq, last }] },
  });
}

const texts = (replica: GroupReplica): string[] => replica.messages.timeline().map((message) => message.content.text);

describe('a departed member cannot post afterwards', () => {
  it('a leaver who names the cut-off 2^32 − 1 and posts afterwards is refused by every member, in any order', () => {
    const [a, b, c] = group();
    const honest = b.post('before leaving', tick()).message;
    a.receiveMessage(honest.wire);
    c.receiveMessage(honest.wire);
    // Bob leaves claiming every seq of the epoch, committing to a message id he does not have yet.
    const leave = forgedLeave(b, 0xffff_ffff, new Uint8Array(32).fill(7));
    const later = [
      forged(b, 'after leaving', 2, honest.id),
      forged(b, 'far ahead', 0xffff_fffe, honest.id),
      forged(b, 'at the cut-off', 0xffff_ffff, honest.id),
    ];
    // Ada hears of the leave first; cat hears the posts first (bob still a member to her).
    expect(a.receiveOp(leave).ops).toHaveLength(1);
    for (const message of later) expect(a.receiveMessage(message).messages).toEqual([]);
    for (const message of later) c.receiveMessage(message);
    const atCat = c.receiveOp(leave);
    expect(atCat.retracted.map((message) => message.content.text).sort()).toEqual(
      ['after leaving', 'at the cut-off', 'before leaving', 'far ahead'].sort(),
    );
    // Neither shows anything bob wrote after leaving, and both show the same.
    for (const replica of [a, c]) expect(texts(replica)).not.toContain('after leaving');
    expect(texts(a)).toEqual(texts(c));
    expect(a.messages.timeline().map((m) => m.id)).toEqual(c.messages.timeline().map((m) => m.id));
  });

  it('a leaver who commits to his real last message still cannot add one after it, nor replace one before it', () => {
    const [a, b] = group();
    const sent = [b.post('one', tick()).message, b.post('two', tick()).message];
    for (const message of sent) a.receiveMessage(message.wire);
    const leave = b.leave(tick()).ops[0]!;
    expect(leave.cutoffs!.get(b.state.epoch.id)).toEqual({ seq: 2, last: sent[1]!.id });
    a.receiveOp(leave.wire);
    const attempts = [
      forged(b, 'three', 3, sent[1]!.id),
      forged(b, 'another two', 2, sent[0]!.id),
      forged(b, 'another one', 1, undefined),
    ];
    for (const message of attempts) expect(a.receiveMessage(message).messages).toEqual([]);
    expect(texts(a)).toEqual(['one', 'two']);
  });

  it('a removed member cannot slip new content into a gap below the cut-off; the real line fills it', () => {
    const [a, b, c] = group();
    const sent = ['one', 'two', 'three', 'four'].map((text) => b.post(text, tick()).message);
    // Ada holds one, two and four (three is late); cat holds one and two.
    for (const index of [0, 1, 3]) a.receiveMessage(sent[index]!.wire);
    for (const index of [0, 1]) c.receiveMessage(sent[index]!.wire);
    const removal = a.removeMember(bob.onionAddress, tick()).ops[0]!;
    expect(removal.cutoffs!.get(sent[0]!.epoch)).toEqual({ seq: 4, last: sent[3]!.id });
    // After his removal bob writes a different third message, in the right place of his chain.
    const backdated = forged(b, 'backdated', 3, sent[1]!.id);
    // Cat gets it before the removal (bob is still a member to her), ada after.
    c.receiveMessage(backdated);
    c.receiveOp(removal.wire);
    expect(a.receiveMessage(backdated).messages).toEqual([]);
    // The rest of bob's real line arrives, in any order: both end with exactly his real four.
    c.receiveMessage(sent[3]!.wire);
    for (const replica of [a, c]) replica.receiveMessage(sent[2]!.wire);
    for (const replica of [a, c]) expect(texts(replica)).toEqual(['one', 'two', 'three', 'four']);
    expect(a.messages.timeline().map((m) => m.id)).toEqual(c.messages.timeline().map((m) => m.id));
  });
});

describe('honest last messages still arrive', () => {
  it('messages sent just before a leave reach every member, also after the leave op, in any order', () => {
    const [a, b, c] = group();
    const last = [b.post('last one', tick()).message, b.post('last two', tick()).message];
    const leave = b.leave(tick()).ops[0]!;
    // Ada: the leave first, then the messages oldest first (the first waits for the second).
    a.receiveOp(leave.wire);
    expect(a.receiveMessage(last[0]!.wire).messages).toEqual([]);
    expect(a.receiveMessage(last[1]!.wire).messages.map((m) => m.content.text)).toEqual(['last two', 'last one']);
    // Cat: the second, the leave, then the first.
    c.receiveMessage(last[1]!.wire);
    c.receiveOp(leave.wire);
    c.receiveMessage(last[0]!.wire);
    for (const replica of [a, c]) expect(texts(replica)).toEqual(['last one', 'last two']);
    // And a replica restored from what ada stored keeps them.
    const stored: VerifiedGroupMessage[] = [...a.messages.timeline()];
    const restored = GroupReplica.restore(
      { identity: ada, random: seededRandom('restored') },
      a.groupId,
      a.log.ordered().map((op) => op.wire),
      stored.map((message) => message.wire),
    );
    expect(texts(restored)).toEqual(['last one', 'last two']);
  });
});
