/**
 * The node's history search (node API `searchMessages`, `groups.search`): it runs over the
 * decrypted history in the node, folds case across scripts, keeps to one conversation when
 * asked, and refuses what it cannot search for with a typed error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { errorNamed } from '../../shared/errors.js';
import { tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { groupAlong } from '../groups-feature/helpers.js';

afterEach(tearDownNodes);

describe('history search', () => {
  it('finds 1:1 and group messages by text, any case, newest first, in one conversation or all', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, cy] = await Promise.all([
      TestNode.create(network, 'ada'),
      TestNode.create(network, 'bob'),
      TestNode.create(network, 'cy'),
    ]);
    await befriend(ada, bob);
    await befriend(ada, cy);
    await ada.node.sendMessage(bob.onion, 'Ein Café am Markt?');
    await bob.node.sendMessage(ada.onion, 'café at noon, then the CAFÉ by the river');
    await ada.node.sendMessage(cy.onion, 'the café is closed');
    await ada.node.sendMessage(cy.onion, 'never mind');
    await until(async () => (await texts(ada, bob.onion)).length === 2, 'bob’s answer arrives');

    const all = await ada.node.searchMessages('CAFÉ');
    expect(all.map((message) => message.text).sort()).toEqual([
      'Ein Café am Markt?',
      'café at noon, then the CAFÉ by the river',
      'the café is closed',
    ]);
    // Newest (as this node stored them) first: ada wrote to bob before she wrote to cy.
    expect(all.findIndex((m) => m.text.startsWith('the café'))).toBeLessThan(
      all.findIndex((m) => m.text.startsWith('Ein')),
    );
    const withBob = await ada.node.searchMessages('café', { conversation: bob.onion, limit: 1 });
    expect(withBob.map((message) => [message.conversation, message.direction])).toEqual([[bob.onion, 'in']]);

    const groupId = await groupAlong([ada, bob], 'book club');
    await bob.node.groups.send(groupId, 'Next book: the Café of lost time');
    await until(async () => (await ada.node.groups.search('café')).length === 1, 'the group message arrives');
    const [found] = await ada.node.groups.search('LOST TIME', { conversation: groupId });
    expect(found).toMatchObject({ groupId, text: 'Next book: the Café of lost time' });
    expect(await ada.node.groups.search('river')).toEqual([]);
  });

  it('refuses an empty or over-long query and a limit out of range', async () => {
    const ada = await TestNode.create(new MemoryNetwork(), 'ada');
    await expect(ada.node.searchMessages('  ')).rejects.toThrow(errorNamed('InvalidSearchError'));
    await expect(ada.node.searchMessages('x'.repeat(257))).rejects.toThrow(errorNamed('InvalidSearchError'));
    await expect(ada.node.groups.search('x', { limit: 501 })).rejects.toThrow(errorNamed('InvalidSearchError'));
    await expect(ada.node.searchMessages('x', { conversation: 'not an onion' })).rejects.toThrow();
  });
});
