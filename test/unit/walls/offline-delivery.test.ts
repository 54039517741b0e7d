/**
 * A post reaches a friend who is never online with its author: A posts while D is away, A
 * leaves, D comes back and gets the post from B, a friend of both, who holds a copy sealed to D
 * through the relay (B cannot read it, nor tell whom it is for).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { comeBack, goOffline, relayNode } from '../relay-feature/helpers.js';
import { inAudience, wallPosts } from './helpers.js';

afterEach(tearDownNodes);

describe('walls for friends who are rarely online together', () => {
  it('carries A’s post to D through B while A and D are never online at once', async () => {
    const network = new MemoryNetwork();
    const [a, b, d] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'dee'),
    ];
    await befriend(a, b);
    await befriend(a, d);
    await befriend(b, d);
    await inAudience(b, a);
    await inAudience(d, a);

    await goOffline(d, a, b);
    const post = await a.node.walls.post('while dee is away');
    await until(async () => (await wallPosts(b, a)).some((shown) => shown.id === post.id), 'B gets the post');
    await until(async () => (await b.node.relay.status()).held.envelopes > 0, 'B holds a sealed copy for D');
    await goOffline(a, b);
    await comeBack(d, b);
    await until(async () => (await wallPosts(d, a)).some((shown) => shown.id === post.id), 'D gets it through B');
    expect((await d.node.walls.feed()).map((shown) => shown.text)).toContain('while dee is away');
  });
});
