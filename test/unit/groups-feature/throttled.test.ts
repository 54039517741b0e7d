/**
 * A member who posts more bytes than Ada stores from one member a day (a budget made small
 * here): the excess is not stored, Ada's user hears that Bob is throttled (a `group-throttled`
 * event, once, not once per message), and Cat, posting in the same group, is not affected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph, join, textsOf } from './helpers.js';

afterEach(tearDownNodes);

describe('a member over their budget of stored bytes', () => {
  it('is throttled and the user is told; other members are not', async () => {
    const network = new MemoryNetwork();
    // Each post below is 100 bytes of text (119 bytes of ciphertext): two fit in 300.
    const ada = await TestNode.create(network, 'ada', {
      groups: { limits: { storedBytesPerMember: { bytes: 300, windowMs: 3_600_000, maxKeys: 100 } } },
    });
    const [bob, cat] = await graph(network, ['bob', 'cat'], []);
    await befriend(ada, bob!);
    await befriend(ada, cat!);
    const group = await ada.node.groups.create('climbers');
    await join(ada, bob!, group.id);
    await join(ada, cat!, group.id);
    const post = (index: number): string => `${index}`.padEnd(100, '.');
    for (let index = 0; index < 6; index++) await bob!.node.groups.send(group.id, post(index));
    await until(() => ada.eventsOf('group-throttled').length > 0, 'ada hears bob is throttled');
    expect(ada.eventsOf('group-throttled')).toEqual([
      { type: 'group-throttled', groupId: group.id, onion: bob!.onion, limit: 'bytes' },
    ]);
    for (let index = 0; index < 3; index++) await cat!.node.groups.send(group.id, `cat ${index}`);
    await until(
      async () => (await textsOf(ada, group.id)).filter((text) => text.startsWith('cat')).length === 3,
      'cat gets through',
    );
    expect((await textsOf(ada, group.id)).filter((text) => text.endsWith('...'))).toEqual([post(0), post(1)]);
    expect(ada.eventsOf('group-throttled')).toHaveLength(1);
  });
});
