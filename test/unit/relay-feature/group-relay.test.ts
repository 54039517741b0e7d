// Group items for offline members ride the relay, with the real groups
// feature on both ends: Bob is a friend of Ada and Cy but not in their group, so when Cy comes
// back while Ada is away, only Bob's relay can bring Cy what Ada wrote (sync runs between
// members only).
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { groupOf, join, textsOf } from '../groups-feature/helpers.js';
import { comeBack, goOffline, relayNode } from './helpers.js';

afterEach(tearDownNodes);

/** Ada, Bob and Cy, friends pairwise; Ada and Cy (and `extra`, Ada's friends) share a group Bob is not in. */
async function setup(
  extra: readonly string[] = [],
): Promise<{ ada: TestNode; bob: TestNode; cy: TestNode; others: TestNode[]; groupId: string }> {
  const network = new MemoryNetwork();
  const [ada, bob, cy] = [
    await relayNode(network, 'ada'),
    await relayNode(network, 'bob'),
    await relayNode(network, 'cy'),
  ];
  const others: TestNode[] = [];
  for (const name of extra) others.push(await relayNode(network, name));
  await befriend(ada, bob);
  await befriend(ada, cy);
  await befriend(bob, cy);
  for (const other of others) await befriend(ada, other);
  const { id: groupId } = await ada.node.groups.create('climbers');
  for (const member of [cy, ...others]) await join(ada, member, groupId);
  const size = 2 + others.length;
  for (const member of [ada, cy, ...others])
    await until(
      async () => (await groupOf(member, groupId))?.members.length === size,
      'every member knows every member',
    );
  return { ada, bob, cy, others, groupId };
}

/** Group entries `node` was told about for the message `text`. */
function entriesOf(node: TestNode, text: string): unknown[] {
  return node.eventsOf('group-entry').filter((event) => event.entry.type === 'message' && event.entry.text === text);
}

const heldBy = async (node: TestNode): Promise<number> => (await node.node.relay.status()).held.envelopes;

describe('group items through the relay', () => {
  it('brings a group message to a member who was offline, through a friend outside the group, exactly once', async () => {
    const { ada, bob, cy, groupId } = await setup();
    await goOffline(cy, ada, bob);

    await ada.node.groups.send(groupId, 'summit at dawn');
    await until(async () => (await heldBy(bob)) === 1, 'Bob holds the sealed item');
    await goOffline(ada, bob);

    await comeBack(cy, bob);
    await until(async () => (await textsOf(cy, groupId)).includes('summit at dawn'), 'Cy gets the message through Bob');
    expect(await textsOf(cy, groupId)).toEqual(['summit at dawn']);
    expect(entriesOf(cy, 'summit at dawn')).toHaveLength(1);
    await until(async () => (await heldBy(bob)) === 0, 'the receipt clears Bob');
    expect(await bob.node.groups.list()).toEqual([]);

    // Ada comes back and syncs with Cy directly: the relayed item is not shown twice.
    await comeBack(ada, cy);
    await ada.node.groups.send(groupId, 'bring rope');
    await until(async () => (await textsOf(cy, groupId)).includes('bring rope'), 'the next message arrives directly');
    expect(await textsOf(cy, groupId)).toEqual(['summit at dawn', 'bring rope']);
    expect(entriesOf(cy, 'summit at dawn')).toHaveLength(1);
  });

  it('brings an epoch rotation (a removal) the same way, so the member reads the next message', async () => {
    const { ada, bob, cy, others, groupId } = await setup(['dee']);
    const dee = others[0]!;
    await goOffline(cy, ada, bob);

    await ada.node.groups.remove(groupId, dee.onion);
    await until(async () => (await groupOf(dee, groupId))?.isMember === false, 'Dee learns of the removal');
    await ada.node.groups.send(groupId, 'new key, new plans');
    await until(async () => (await heldBy(bob)) >= 2, 'Bob holds the removal and the message');
    await goOffline(ada, bob);

    await comeBack(cy, bob);
    await until(
      async () => (await textsOf(cy, groupId)).includes('new key, new plans'),
      'Cy reads the message under the new key',
    );
    const group = await groupOf(cy, groupId);
    expect(group?.members.map((member) => member.onion).sort()).toEqual([ada.onion, cy.onion].sort());
    expect(entriesOf(cy, 'new key, new plans')).toHaveLength(1);
    expect(await textsOf(dee, groupId)).not.toContain('new key, new plans');
  });
});
