/**
 * A post reaches a friend who is never online with its author: A posts while D is away, A
 * leaves, D comes back and gets the post from B, a friend of both in the wall's audience (by
 * the wall group's sync, or sealed through the relay: whichever comes first).
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
    await goOffline(a, b);
    await comeBack(d, b);
    await until(async () => (await wallPosts(d, a)).some((shown) => shown.id === post.id), 'D gets it through B').catch(async (e) => {
      const { wallGroupId } = await import('./helpers.js'); const gid = await wallGroupId(d, a); console.log('HIST', JSON.stringify((await d.node.groups.history(gid)).map((e) => e.type === 'message' ? e.text : e.event)), JSON.stringify((await b.node.groups.history(await wallGroupId(b, a))).map((e) => e.type === 'message' ? e.text : e.event)));
      console.log('REFUSED', JSON.stringify(d.eventsOf('group-refused')), JSON.stringify(b.eventsOf('group-refused')));
      console.log('DEBUG', JSON.stringify(await d.node.walls.get(a.onion).catch((x) => String(x))), JSON.stringify((await d.node.contacts()).map(c=>[c.name, c.online])));
      throw e;
    });
    expect((await d.node.walls.feed()).map((shown) => shown.text)).toContain('while dee is away');
  });
});
