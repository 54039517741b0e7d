/**
 * A larger group over a sparse friend graph on the in-memory transport: sixteen members whose
 * friendships form a binary tree plus two extra links (so some items arrive twice and are
 * dropped by id). Every message reaches every member over friend links only, members who were
 * offline catch up, and everyone ends with the same history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { converged, graph, groupOf, join, promote, textsOf } from './helpers.js';

afterEach(tearDownNodes);

const SIZE = 16;
const parentOf = (index: number): number => Math.floor((index - 1) / 2);
const TREE = Array.from({ length: SIZE - 1 }, (_, offset): [number, number] => [parentOf(offset + 1), offset + 1]);
const EXTRA: [number, number][] = [
  [7, 12],
  [5, 14],
];

describe('a group over a sparse friend graph', () => {
  it('reaches every member, catches up those who were offline, and converges', async () => {
    const names = Array.from({ length: SIZE }, (_, index) => `member${index}`);
    const members = await graph(new MemoryNetwork(), names, [...TREE, ...EXTRA]);
    const root = members[0]!;
    const { id: groupId } = await root.node.groups.create('sparse');
    // Breadth first along the tree: each admin adds its children and promotes those with children of their own.
    for (let child = 1; child < SIZE; child++) {
      const parent = members[parentOf(child)]!;
      await join(parent, members[child]!, groupId);
      if (2 * child + 1 < SIZE) await promote(parent, members[child]!, groupId);
    }
    for (const member of members)
      await until(
        async () => (await groupOf(member, groupId))?.members.length === SIZE,
        'every member knows every member',
      );

    for (const member of members)
      await member.node.groups.send(groupId, `hello from ${member.store.identity.get().displayName}`);
    const texts = await converged(members, groupId, SIZE, 30_000);
    expect(new Set(texts)).toEqual(new Set(names.map((name) => `hello from ${name}`)));

    // Two leaves and an inner node go offline; the inner node's subtree stays reachable through
    // the extra links (13–6–14–5–12–7–3–1–0).
    const away = [members[15]!, members[2]!, members[9]!];
    for (const member of away) await member.shutdown();
    const present = members.filter((member) => !away.includes(member));
    await members[13]!.node.groups.send(groupId, 'while three were away');
    await until(
      async () => (await textsOf(root, groupId)).includes('while three were away'),
      'it reaches the root around the gap',
    );
    await root.node.groups.send(groupId, 'answer from the root');
    await converged(present, groupId, SIZE + 2, 30_000);

    for (const member of away) await member.restart();
    const final = await converged(members, groupId, SIZE + 2, 30_000);
    expect(final.slice(-2)).toEqual(['while three were away', 'answer from the root']);
  }, 120_000);
});
