/**
 * The groups feature answers who is in a group synchronously (for file sharing's serving
 * rule): the members of a group we are in, and nothing for a group we left or never held.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupsFeature } from '../../../src/groups/feature/groups-feature.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph, groupAlong, groupOf } from './helpers.js';

afterEach(tearDownNodes);

const featureOf = (node: TestNode): GroupsFeature => node.node.groups as GroupsFeature;

describe('GroupsFeature members', () => {
  it('lists the members of a group we are in, as its view does, and nothing once we leave', async () => {
    const [a, b, c] = await graph(
      new MemoryNetwork(),
      ['ada', 'bob', 'cyd'],
      [
        [0, 1],
        [1, 2],
      ],
    );
    const groupId = await groupAlong([a!, b!, c!]);
    const viewed = (await groupOf(b!, groupId))!.members.map((member) => member.onion).sort();
    expect([...featureOf(b!).members(groupId)!].sort()).toEqual(viewed);
    expect(viewed).toEqual([a!.onion, b!.onion, c!.onion].sort());
    expect(featureOf(a!).members('00'.repeat(32))).toBeUndefined();

    await c!.node.groups.leave(groupId);
    await until(async () => (await groupOf(c!, groupId))?.isMember === false, 'C has left');
    expect(featureOf(c!).members(groupId)).toBeUndefined();
  });
});
