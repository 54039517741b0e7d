import { describe, expect, it } from 'vitest';
import type { BurrowError } from '../../../src/errors.js';
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import { signWithIdentity } from '../../../src/crypto/identity.js';
import { xchachaPolySeal } from '../../../src/crypto/xchacha20-poly1305.js';
import { MESSAGE_SIGNATURE_LABEL } from '../../../src/groups/domains.js';
import { openEpochKey, sealEpochKey } from '../../../src/groups/epoch-key-seal.js';
import { messageKeyOf, sealGroupMessage, type VerifiedGroupMessage } from '../../../src/groups/group-message.js';
import { signGroupOp } from '../../../src/groups/group-op.js';
import { GroupReplica, type ReplicaOutcome } from '../../../src/groups/group-replica.js';
import { compareDisplayOrder } from '../../../src/groups/message-log.js';
import {
  decodeGroupMessage,
  encodeGroupMessage,
  encodeGroupMessageHeader,
  encodeGroupMessageSignedBytes,
  MAX_GROUP_TEXT_BYTES,
  type UnverifiedGroupMessage,
} from '../../../src/protocol/groups/index.js';
import { memberCached, seededRandom, replicaOf } from './helpers.js';
import { errorNamed } from '../../shared/errors.js';

const ada = memberCached(31);
const bob = memberCached(32);
const cat = memberCached(33);
const dan = memberCached(34);
const eve = memberCached(35);

let clock = 5_000;
const tick = (): number => ++clock;

function group(...others: IdentityKeyPair[]): GroupReplica[] {
  const creator = GroupReplica.create(
    { identity: ada, random: seededRandom('ada') },
    { name: 'climbers', displayName: 'ada', now: tick() },
  );
  for (const other of others) creator.addMember(other.onionAddress, 'x', tick());
  return [creator, ...others.map((other) => replicaOf(other, creator))];
}

/** The message key of the replica's current epoch, opened with `identity`'s copy. */
function currentMessageKey(replica: GroupReplica, identity: IdentityKeyPair): Uint8Array {
  const op = replica.log.get(replica.state.epoch.id)!;
  if (!('grant' in op.payload)) throw new Error('not an epoch');
  return messageKeyOf(openEpochKey(op.payload.grant, identity)!, op.id);
}

const texts = (outcome: ReplicaOutcome): string[] => outcome.messages.map((message) => message.content.text);
const errorOf = (outcome: ReplicaOutcome): Error | undefined => outcome.refused[0];
const reasonOf = (outcome: ReplicaOutcome): string | undefined => {
  const error = outcome.refused[0];
  return error?.name === 'GroupMessageRefusedError'
    ? (error as BurrowError & { readonly reason: string }).reason
    : error?.name;
};

/** A message signed by `signer` with arbitrary header and ciphertext (for forgeries). */
function handMade(
  signer: IdentityKeyPair,
  template: UnverifiedGroupMessage,
  changes: { sender?: Uint8Array; ciphertext?: Uint8Array; groupId?: Uint8Array },
): UnverifiedGroupMessage {
  const header = {
    ...template.header,
    ...(changes.sender === undefined ? {} : { sender: changes.sender }),
    ...(changes.groupId === undefined ? {} : { groupId: changes.groupId }),
  };
  const headerBytes = encodeGroupMessageHeader(header);
  const ciphertext = changes.ciphertext ?? template.ciphertext;
  const signedBytes = encodeGroupMessageSignedBytes(headerBytes, template.nonce, ciphertext);
  const signature = signWithIdentity(signer, Uint8Array.from([...MESSAGE_SIGNATURE_LABEL, ...signedBytes]));
  return { header, nonce: template.nonce, ciphertext, headerBytes, signedBytes, signature };
}

describe('posting and reading', () => {
  it('members read each other; a duplicate is dropped by id', () => {
    const [a, b] = group(bob);
    const { message } = a!.post('hello', tick());
    expect(texts(b!.receiveMessage(message.wire))).toEqual(['hello']);
    expect(b!.receiveMessage(message.wire).duplicate).toBe(true);
    expect(b!.messages.size).toBe(1);
    const reply = b!.post('hi ada', tick()).message;
    expect(reply.lamport).toBeGreaterThan(message.lamport);
    expect(reply.seq).toBe(1);
    expect(a!.post('again', tick()).message.seq).toBe(2);
  });

  it('refuses forgeries, strangers, other groups, bad ciphertext and bad content', () => {
    const [a, b] = group(bob);
    const { message } = a!.post('hello', tick());
    const wire = message.wire;
    // A flipped byte anywhere in the ciphertext breaks the signature.
    const bytes = encodeGroupMessage(wire);
    bytes[150]! ^= 1;
    expect(errorOf(b!.receiveMessage(decodeGroupMessage(bytes)))).toEqual(errorNamed('GroupMessageSignatureError'));
    // Eve claims to be ada but signs with her own key; then posts as herself.
    expect(errorOf(b!.receiveMessage(handMade(eve, wire, {})))).toEqual(errorNamed('GroupMessageSignatureError'));
    const asEve = handMade(eve, wire, { sender: eve.publicKey });
    expect(reasonOf(b!.receiveMessage(asEve))).toBe('sender-not-recipient');
    const [other] = group();
    const elsewhere = handMade(ada, wire, { groupId: Buffer.from(other!.groupId, 'hex') });
    expect(reasonOf(b!.receiveMessage(elsewhere))).toBe('wrong-group');
    // Ada signs a ciphertext that does not open under the epoch key.
    expect(errorOf(b!.receiveMessage(handMade(ada, wire, { ciphertext: new Uint8Array(40) })))).toEqual(
      errorNamed('GroupMessageDecryptionError'),
    );
    // Ada signs a valid encryption of content of a type nobody defines.
    const ciphertext = xchachaPolySeal(
      currentMessageKey(a!, ada),
      wire.nonce,
      Uint8Array.from([9, 0, 1, 0x61]),
      wire.headerBytes,
    );
    expect(reasonOf(b!.receiveMessage(handMade(ada, wire, { ciphertext })))).toBe('bad-content');
    expect(b!.messages.size).toBe(0);
    expect(texts(b!.receiveMessage(wire))).toEqual(['hello']);
  });

  it('checks what a sender types', () => {
    const [a] = group();
    expect(() => a!.post('', tick())).toThrow(errorNamed('InvalidGroupTextError'));
    expect(() => a!.post('\uD800', tick())).toThrow(errorNamed('InvalidGroupTextError'));
    expect(() => a!.post('x'.repeat(MAX_GROUP_TEXT_BYTES + 1), tick())).toThrow(errorNamed('GroupMessageTooLongError'));
    expect(a!.post('x'.repeat(MAX_GROUP_TEXT_BYTES), tick()).message.content.text).toHaveLength(MAX_GROUP_TEXT_BYTES);
  });
});

describe('epochs', () => {
  it('a removed member cannot read anything sent after the removal', () => {
    const [a, b, c] = group(bob, cat);
    const before = a!.post('before', tick()).message;
    expect(texts(b!.receiveMessage(before.wire))).toEqual(['before']);
    const removal = a!.removeMember(bob.onionAddress, tick()).ops[0]!;
    expect(removal.recipients!.has(bob.onionAddress)).toBe(false);
    c!.receiveOp(removal.wire);
    b!.receiveOp(removal.wire);
    expect(b!.isMember).toBe(false);
    const after = [a!.post('after 1', tick()).message, c!.post('after 2', tick()).message];
    for (const message of after) {
      expect(errorOf(b!.receiveMessage(message.wire))).toEqual(errorNamed('GroupMessageUnreadableError'));
      expect(message.epoch).toBe(removal.id);
    }
    expect(texts(c!.receiveMessage(after[0]!.wire))).toEqual(['after 1']);
    expect(() => b!.post('still here?', tick())).toThrow(errorNamed('NotGroupMemberError'));
    // Even a fresh replica built from the whole log, with bob's identity, holds no key for the new epoch.
    const rebuilt = replicaOf(bob, a!);
    expect(errorOf(rebuilt.receiveMessage(after[1]!.wire))).toEqual(errorNamed('GroupMessageUnreadableError'));
  });

  it("a removed member's later posts are refused by everyone; their earlier ones stay", () => {
    const [a, b, c] = group(bob, cat);
    const early = [b!.post('one', tick()).message, b!.post('two', tick()).message, b!.post('three', tick()).message];
    // Ada saw one and two; cat saw all three.
    for (const message of early.slice(0, 2)) a!.receiveMessage(message.wire);
    for (const message of early) c!.receiveMessage(message.wire);
    const removal = a!.removeMember(bob.onionAddress, tick()).ops[0]!;
    expect([...removal.cutoffs!.values()].map((cutoff) => cutoff.seq)).toEqual([2]);
    // Cat drops message three when the removal arrives, as ada would.
    const atCat = c!.receiveOp(removal.wire);
    expect(atCat.retracted.map((m) => m.content.text)).toEqual(['three']);
    expect(c!.messages.timeline().map((m) => m.content.text)).toEqual(['one', 'two']);
    // Bob, not yet aware, keeps posting under the old epoch: refused.
    const late = b!.post('four', tick()).message;
    for (const replica of [a!, c!]) {
      expect(reasonOf(replica.receiveMessage(late.wire))).toBe('sender-departed');
      expect(reasonOf(replica.receiveMessage(early[2]!.wire))).toBe('sender-departed');
    }
    expect(a!.messages.timeline().map((m) => m.id)).toEqual(c!.messages.timeline().map((m) => m.id));
  });

  it('after a leave, the next post rotates the key away from the leaver', () => {
    const [a, b, c] = group(bob, cat);
    const leave = c!.leave(tick()).ops[0]!;
    a!.receiveOp(leave.wire);
    b!.receiveOp(leave.wire);
    const { message, outcome } = b!.post('without cat', tick());
    expect(outcome.ops.map((op) => op.kind)).toEqual(['rotate']);
    expect(message.epoch).toBe(outcome.ops[0]!.id);
    a!.receiveOp(outcome.ops[0]!.wire);
    expect(texts(a!.receiveMessage(message.wire))).toEqual(['without cat']);
    c!.receiveOp(outcome.ops[0]!.wire);
    expect(errorOf(c!.receiveMessage(message.wire))).toEqual(errorNamed('GroupMessageUnreadableError'));
    // The next post needs no new rotation.
    expect(b!.post('again', tick()).outcome.ops).toHaveLength(0);
  });

  it('a message of an epoch not yet known waits for it, then is read', () => {
    const [a, b, c] = group(bob, cat);
    const rotation = b!.rotate(tick()).ops[0]!;
    const message = b!.post('new epoch', tick()).message;
    const waiting = c!.receiveMessage(message.wire);
    expect(waiting.messages).toHaveLength(0);
    expect(waiting.missing).toEqual([rotation.id]);
    expect(c!.waitingMessages).toBe(1);
    expect(c!.receiveMessage(message.wire).duplicate).toBe(true);
    const released = c!.receiveOp(rotation.wire);
    expect(texts(released)).toEqual(['new epoch']);
    expect(c!.waitingMessages).toBe(0);
    // A forged message for an unknown epoch does not even wait.
    const forged = { ...message.wire, signature: new Uint8Array(64) };
    expect(errorOf(a!.receiveMessage(forged))).toEqual(errorNamed('GroupMessageSignatureError'));
    expect(a!.waitingMessages).toBe(0);
  });

  it('a member added later cannot read what came before', () => {
    const [a] = group(bob);
    const old = a!.post('before dan', tick()).message;
    a!.addMember(dan.onionAddress, 'dan', tick());
    const d = replicaOf(dan, a!);
    expect(errorOf(d.receiveMessage(old.wire))).toEqual(errorNamed('GroupMessageUnreadableError'));
    expect(texts(d.receiveMessage(a!.post('welcome', tick()).message.wire))).toEqual(['welcome']);
  });

  it('a member whose copy of a key does not open rotates before posting', () => {
    const [a, b, c] = group(bob, cat);
    // Bob (a member, so allowed to rotate) seals junk to cat but a good key to the others.
    const grant = sealEpochKey(
      new Uint8Array(32).fill(3),
      [ada, bob, cat].map((m) => m.publicKey),
      seededRandom('junk'),
    );
    const broken = {
      ...grant,
      entries: grant.entries.map((entry) =>
        entry.recipient.every((byte, i) => byte === cat.publicKey[i])
          ? { ...entry, sealedKey: new Uint8Array(48) }
          : entry,
      ),
    };
    const rotate = signGroupOp(bob, {
      groupId: b!.groupId,
      parents: b!.log.heads,
      timestamp: tick(),
      payload: { kind: 'rotate', grant: broken },
    });
    for (const replica of [a!, b!, c!]) expect(replica.receiveOp(rotate).ops).toHaveLength(1);
    const { outcome, message } = c!.post('can you read me?', tick());
    expect(outcome.ops.map((op) => op.kind)).toEqual(['rotate']);
    a!.receiveOp(outcome.ops[0]!.wire);
    expect(texts(a!.receiveMessage(message.wire))).toEqual(['can you read me?']);
  });
});

describe('history', () => {
  it('two messages for one slot: the first stands, the second is refused as equivocation and the sender is flagged', () => {
    const [a, b, c] = group(bob, cat);
    const draft = {
      groupId: a!.groupId,
      epoch: a!.state.epoch.id,
      messageKey: currentMessageKey(a!, bob),
      seq: 1,
      lamport: 1,
      createdAt: tick(),
    };
    const one = sealGroupMessage(
      bob,
      { ...draft, content: { type: 'text', text: 'version one' } },
      seededRandom('one'),
    );
    const two = sealGroupMessage(
      bob,
      { ...draft, content: { type: 'text', text: 'version two' } },
      seededRandom('two'),
    );
    expect(texts(a!.receiveMessage(one))).toEqual(['version one']);
    expect(reasonOf(a!.receiveMessage(two))).toBe('equivocation');
    expect(texts(c!.receiveMessage(two))).toEqual(['version two']);
    expect(reasonOf(c!.receiveMessage(one))).toBe('equivocation');
    // Nothing already shown is ever replaced, on either side; both know Bob signed two versions.
    expect(a!.messages.timeline().map((m) => m.content.text)).toEqual(['version one']);
    expect(c!.messages.timeline().map((m) => m.content.text)).toEqual(['version two']);
    expect([...a!.messages.equivocators()]).toEqual([bob.onionAddress]);
    expect([...c!.messages.equivocators()]).toEqual([bob.onionAddress]);
    expect(b!.isMember).toBe(true);
  });

  it('a removed member who kept the old epoch key cannot rewrite a line it sent before the removal', () => {
    const [a, b] = group(bob, cat);
    const key = currentMessageKey(a!, bob);
    const epoch = a!.state.epoch.id;
    const said = b!.post('I agree', tick()).message;
    a!.receiveMessage(said.wire);
    a!.removeMember(bob.onionAddress, tick());
    // Bob signs a new text for the same slot, with the key he still holds, whatever its id.
    for (const variant of ['I never agreed', 'I disagree', 'no']) {
      const rewrite = sealGroupMessage(
        bob,
        {
          groupId: a!.groupId,
          epoch,
          messageKey: key,
          seq: said.seq,
          lamport: said.lamport,
          createdAt: said.createdAt,
          content: { type: 'text', text: variant },
        },
        seededRandom(variant),
      );
      const outcome = a!.receiveMessage(rewrite);
      expect(outcome.messages).toEqual([]);
      expect(outcome.retracted).toEqual([]);
    }
    expect(a!.messages.timeline().map((m) => m.content.text)).toEqual(['I agree']);
  });

  it('display order is causal per sender and the same everywhere', () => {
    const [a, b, c] = group(bob, cat);
    const all: VerifiedGroupMessage[] = [];
    const question = a!.post('question', tick()).message;
    all.push(question);
    b!.receiveMessage(question.wire);
    const answer = b!.post('answer', tick()).message;
    all.push(answer);
    const aside = c!.post('aside', tick()).message;
    all.push(aside);
    const followUp = a!.post('follow-up', tick()).message;
    all.push(followUp);
    const views = [a!, b!, c!].map((replica, index) => {
      for (const message of index === 1 ? [...all].reverse() : all) replica.receiveMessage(message.wire);
      return replica.messages.timeline().map((m) => m.content.text);
    });
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
    const order = views[0]!;
    expect(order.indexOf('question')).toBeLessThan(order.indexOf('answer'));
    expect(order.indexOf('question')).toBeLessThan(order.indexOf('follow-up'));
    expect([...all].sort(compareDisplayOrder).map((m) => m.content.text)).toEqual(order);
  });
});
