/**
 * A departed member against real nodes: Mallory, a member, hands Bob one batch holding a new
 * post and her leave op, which names the cut-off 2^32 − 1 so the post would count. Bob takes the
 * post while she is still a member and forwards it; once the leave applies, Bob and Ada both drop
 * it (the leave commits to the chain of messages she had written, not to a number).
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHexId, GroupReplica, signGroupOp } from '../../../src/groups/index.js';
import { decodeGroupMessage, decodeGroupOp } from '../../../src/protocol/groups/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { adaBobMallory, converged, textsOf } from './helpers.js';

afterEach(tearDownNodes);

describe('a member who leaves with an inflated cut-off', () => {
  it('cannot make a post written after leaving count, on any member', async () => {
    const network = new MemoryNetwork();
    const { ada, bob, mal, groupId } = await adaBobMallory(network);
    await mal.node.groups.send(groupId, 'before leaving');
    await converged([ada, bob, mal], groupId, 1);
    const mallory = mal.store.identity.get().keyPair;
    await mal.shutdown();
    await until(async () => (await bob.node.status()).online === 1, 'bob sees mallory go');

    // Mallory's own copy of the group, rebuilt from what Bob holds.
    const id = fromHexId(groupId);
    const replica = GroupReplica.restore(
      { identity: mallory, random: (length) => new Uint8Array(randomBytes(length)) },
      groupId,
      bob.store.groups.ops(id).map(decodeGroupOp),
      bob.store.groups.messages(id).map(decodeGroupMessage),
    );
    const after = replica.post('after leaving', Date.now()).message;
    const leave = signGroupOp(mallory, {
      groupId,
      parents: replica.log.parentsForNewOp(),
      timestamp: Date.now(),
      payload: {
        kind: 'leave',
        cutoffs: [{ epoch: fromHexId(after.epoch), seq: 0xffff_ffff, last: new Uint8Array(randomBytes(32)) }],
      },
    });
    const session = await HostilePeer.dial(network, bob.onion, mallory);
    await session.greetAsFriend('mallory');
    await session.sendService('group', {
      kind: 'group-items',
      groupId: id,
      more: false,
      items: [
        { type: 'message', message: after.wire },
        { type: 'op', op: leave },
      ],
    });
    for (const node of [ada, bob]) {
      await until(
        async () => (await node.node.groups.get(groupId)).members.length === 2,
        `${node.name} sees mallory leave`,
      );
      await until(async () => !(await textsOf(node, groupId)).includes('after leaving'), `${node.name} drops the post`);
    }
    expect(await textsOf(ada, groupId)).toEqual(await textsOf(bob, groupId));
    expect(
      bob.store.groups
        .messages(id)
        .map(decodeGroupMessage)
        .map((message) => message.header.seq),
    ).not.toContain(2);
  });
});
