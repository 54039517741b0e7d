/**
 * Bad input: invitations from strangers, items for groups the node is not in,
 * oversized items, forged messages and membership ops, replays and a flood from one member.
 * Each is refused with a typed error or rate-limited; the node keeps working and the group's
 * state is untouched.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { fromHexId, sealGroupMessage, signGroupOp } from '../../../src/groups/index.js';
import {
  decodeGroupMessage,
  encodeGroupMessage,
  type GroupWireMessage,
  type UnverifiedGroupMessage,
} from '../../../src/protocol/groups/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { adaBobMallory, converged, graph, groupAlong, groupOf, textsOf } from './helpers.js';

afterEach(tearDownNodes);

function itemsOf(groupId: string, messages: readonly UnverifiedGroupMessage[]): GroupWireMessage {
  return {
    kind: 'group-items',
    groupId: fromHexId(groupId),
    more: false,
    items: messages.map((message) => ({ type: 'message', message })),
  };
}

/** Ada (admin) – Bob (admin) – Mallory (member), a message from Ada held by all; Mallory's node then stops and her identity is left to the test. */
async function setup(): Promise<{
  network: MemoryNetwork;
  ada: TestNode;
  bob: TestNode;
  mallory: IdentityKeyPair;
  groupId: string;
  legit: UnverifiedGroupMessage;
}> {
  const network = new MemoryNetwork();
  const { ada, bob, mal, groupId } = await adaBobMallory(network);
  await ada.node.groups.send(groupId, 'legit');
  await converged([ada, bob, mal], groupId, 1);
  const mallory = mal.store.identity.get().keyPair;
  const legit = decodeGroupMessage(bob.store.groups.messages(fromHexId(groupId))[0]!);
  await mal.shutdown();
  await until(async () => (await bob.node.status()).online === 1, 'bob sees mallory go');
  return { network, ada: ada, bob: bob, mallory, groupId, legit };
}

describe('hostile group input', () => {
  it('drops replays, ignores groups it is not in, and refuses a forged op, closing that session', async () => {
    const { network, bob, mallory, groupId, legit } = await setup();
    const entriesBefore = bob.eventsOf('group-entry').length;
    const session = await HostilePeer.dial(network, bob.onion, mallory);

    await session.sendService('group', itemsOf(groupId, [legit]));
    await session.sendService('group', itemsOf(randomBytes(32).toString('hex'), [legit]));
    await until(() => bob.eventsOf('group-refused').length === 1, 'the unknown group is refused');
    expect(bob.eventsOf('group-refused')[0]).toMatchObject({ onion: mallory.onionAddress, error: 'UnknownGroupError' });
    expect(session.isOpen).toBe(true);
    expect(bob.eventsOf('group-entry').length).toBe(entriesBefore);
    expect(await textsOf(bob, groupId)).toEqual(['legit']);

    // A rename signed by Mallory, who is no admin: refused, and her session closes.
    const opsBefore = bob.store.groups.ops(fromHexId(groupId)).length;
    const head = (await bob.node.groups.history(groupId)).filter((entry) => entry.type === 'system').at(-1)!.id;
    const rename = signGroupOp(mallory, {
      groupId,
      parents: [head],
      timestamp: Date.now(),
      payload: { kind: 'rename', name: 'pwned' },
    });
    await session.sendService('group', {
      kind: 'group-items',
      groupId: fromHexId(groupId),
      more: false,
      items: [{ type: 'op', op: rename }],
    });
    await session.closed;
    await until(
      () => bob.eventsOf('group-refused').some((event) => event.error === 'GroupOpRefusedError'),
      'the forged op is refused',
    );
    expect((await groupOf(bob, groupId))?.name).toBe('climbers');
    expect(bob.store.groups.ops(fromHexId(groupId)).length).toBe(opsBefore);
  });

  it('refuses forged and undecryptable messages and oversized items; the node keeps working', async () => {
    const { network, ada, bob, mallory, groupId, legit } = await setup();

    // Ada's message with one bit of its ciphertext flipped (a new id, so not taken for a replay), her signature kept.
    const bytes = encodeGroupMessage(legit);
    bytes[bytes.length - 65]! ^= 1;
    const forged = decodeGroupMessage(bytes);
    let session = await HostilePeer.dial(network, bob.onion, mallory);
    await session.sendService('group', itemsOf(groupId, [forged]));
    await session.closed;
    await until(
      () => bob.eventsOf('group-refused').some((event) => event.error === 'GroupMessageSignatureError'),
      'the forgery is refused',
    );

    // Signed by Mallory, a member, but sealed under a key that is not the group's.
    const epoch = (await bob.node.groups.history(groupId)).filter((entry) => entry.type === 'system').at(-1)!.id;
    const wrongKey = sealGroupMessage(
      mallory,
      {
        groupId,
        epoch,
        messageKey: new Uint8Array(randomBytes(32)),
        seq: 1,
        lamport: 99,
        createdAt: Date.now(),
        content: { type: 'text', text: 'guess my key' },
      },
      (length) => new Uint8Array(randomBytes(length)),
    );
    session = await HostilePeer.dial(network, bob.onion, mallory);
    await session.sendService('group', itemsOf(groupId, [wrongKey]));
    await session.closed;
    await until(
      () => bob.eventsOf('group-refused').some((event) => event.error === 'GroupMessageDecryptionError'),
      'the undecryptable message is refused',
    );

    // An item whose length field claims more than a group message may be: the envelope does not decode.
    const oversized = new Uint8Array(18 + 32 + 1 + 1 + 1 + 2 + 17 * 1024 + 1);
    oversized.set([1, 0x35], 0);
    oversized.set(fromHexId(groupId), 18);
    oversized.set([0, 1, 2, (17 * 1024 + 1) >> 8, (17 * 1024 + 1) & 0xff], 50);
    session = await HostilePeer.dial(network, bob.onion, mallory);
    await session.sendBytes(oversized);
    await session.closed;

    expect(await textsOf(bob, groupId)).toEqual(['legit']);
    await ada.node.groups.send(groupId, 'still here');
    await until(async () => (await textsOf(bob, groupId)).includes('still here'), 'the group still works');
  });

  it('refuses group messages from strangers at the gate, invitations included', async () => {
    const network = new MemoryNetwork();
    const [ada] = await graph(network, ['ada'], []);
    const stranger = generateIdentity();
    const session = await HostilePeer.dial(network, ada!.onion, stranger);
    await session.sendService('group', {
      kind: 'group-invite',
      groupId: new Uint8Array(randomBytes(32)),
      inviteId: new Uint8Array(randomBytes(16)),
      groupName: 'free stuff',
      memberCount: 3,
    });
    await session.closed;
    expect(await ada!.node.groups.invitations()).toEqual([]);
    expect(ada!.eventsOf('group-invite')).toEqual([]);
  });

  it('rate-limits a flood from one member without losing the group', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada', {
      groups: { limits: { messagePerMember: { capacity: 5, refillIntervalMs: 3_600_000 } } },
    });
    const [bob] = await graph(network, ['bob'], []);
    await befriend(ada, bob!);
    const groupId = await groupAlong([ada, bob!]);
    for (let index = 0; index < 12; index++) await bob!.node.groups.send(groupId, `flood ${index}`);
    await until(
      () => ada.eventsOf('group-refused').some((event) => event.error === 'GroupRateLimitedError'),
      'the flood is limited',
    );
    await until(async () => (await textsOf(ada, groupId)).length === 5, 'five got through');
    expect((await ada.node.status()).online).toBe(1);
    await ada.node.groups.send(groupId, 'ada is fine');
    await until(async () => (await textsOf(bob!, groupId)).includes('ada is fine'), 'ada still reaches bob');
  });
});
