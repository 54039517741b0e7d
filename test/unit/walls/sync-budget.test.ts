/**
 * A hostile friend who asks for our whole wall again and again (walls-feature.ts, limits.ts
 * WALL_SYNC_BYTES): our answers to them carry at most the byte budget, however often they ask,
 * and an honest reader's first sync still brings the wall.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { WALL_SYNC_BYTES } from '../../../src/walls/limits.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId, HostilePeer } from '../../shared/hostile-peer.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { wallPosts } from './helpers.js';

afterEach(tearDownNodes);

describe('sync answers to one reader', () => {
  it('carry at most the byte budget however often a hostile friend asks from the start', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    const malloryNode = await TestNode.create(network, 'mallory');
    await befriend(ada, bob);
    await befriend(ada, malloryNode);
    const mallory = malloryNode.store.identity.get().keyPair;
    await malloryNode.shutdown();
    await bob.shutdown();
    // About 5 MB of posts: more than one reader's budget.
    const text = 'x'.repeat(16_000);
    for (let i = 0; i < 320; i++) await ada.node.walls.post(`${i} ${text}`);

    const peer = await HostilePeer.dial(network, ada.onion, mallory);
    await peer.greetAsFriend('mallory');
    for (let i = 0; i < 5; i++) await peer.sendService('wall', { kind: 'wall-sync', since: 0 });
    const ping = envelopeId();
    await peer.send({ kind: 'ping', id: ping });
    await until(
      () => peer.core('pong').some((pong) => Buffer.from(pong.pingId).equals(Buffer.from(ping))),
      'ada answered every sync',
      30_000,
    );
    const items = peer.messages('wall').filter((message) => message.kind === 'wall-item');
    const bytes = items.reduce((sum, item) => sum + (item.kind === 'wall-item' ? item.ciphertext.length : 0), 0);
    expect(bytes).toBeLessThanOrEqual(WALL_SYNC_BYTES.bytes);
    expect(items.length).toBeGreaterThan(200);
    expect(items.length).toBeLessThan(320);
    expect(peer.isOpen).toBe(true);

    // Bob's budget is his own: his first sync brings what it allows him.
    await bob.restart();
    await until(async () => (await wallPosts(bob, ada)).length === items.length, 'bob syncs as much', 30_000);
  }, 60_000);
});
