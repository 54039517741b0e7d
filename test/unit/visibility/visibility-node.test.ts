/**
 * The public address that can be closed (docs/PROTOCOL.md "Visibility"), between nodes on the
 * in-memory network: what the user meets (the state, kept across restarts, a window that ends
 * by itself), what friends meet (nothing changes) and what a stranger meets (an offline node).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { FAST_TIMING, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

/** The error (name and reason) a fresh stranger's dial to `address` fails with. */
async function strangerDial(network: MemoryNetwork, address: OnionAddress): Promise<unknown> {
  try {
    (await network.transport().dial(address)).destroy();
  } catch (error) {
    return { name: (error as Error).name, reason: (error as { reason?: unknown }).reason };
  }
  return 'connected';
}

async function friendsWithEndpoints(network: MemoryNetwork): Promise<[TestNode, TestNode]> {
  const ada = await TestNode.create(network, 'ada');
  const bob = await TestNode.create(network, 'bob');
  await befriend(ada, bob);
  await until(
    () =>
      ada.store.endpoints.get(bob.onion)?.theirs !== undefined &&
      bob.store.endpoints.get(ada.onion)?.theirs !== undefined,
    'endpoints exchanged',
  );
  return [ada, bob];
}

describe('visibility of the public address', () => {
  it('is open in a new profile, and status says so', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    expect(await ada.node.visibility()).toEqual({ state: 'open' });
    expect((await ada.node.status()).visibility).toEqual({ state: 'open' });
    expect(network.isPublished(ada.onion)).toBe(true);
  });

  it('closed: a stranger meets what an offline node gives, friends still chat, and it stays closed after a restart', async () => {
    const network = new MemoryNetwork();
    const [ada, bob] = await friendsWithEndpoints(network);
    const offline = await TestNode.create(network, 'gone');
    await offline.shutdown();
    expect(await ada.node.setVisibility('closed')).toEqual({ state: 'closed' });
    expect(ada.eventsOf('visibility').at(-1)).toEqual({ type: 'visibility', visibility: { state: 'closed' } });
    expect(network.isPublished(ada.onion)).toBe(false);
    expect(await strangerDial(network, ada.onion)).toEqual(await strangerDial(network, offline.onion));
    expect(await strangerDial(network, ada.onion)).toEqual({ name: 'DialError', reason: 'descriptor-not-found' });

    await ada.restart();
    await bob.restart();
    expect(await ada.node.visibility()).toEqual({ state: 'closed' });
    expect(network.isPublished(ada.onion)).toBe(false);
    await bob.node.sendMessage(ada.onion, 'over the endpoint');
    await until(async () => (await texts(ada, bob.onion)).includes('over the endpoint'), 'bob reaches ada');
    await ada.node.sendMessage(bob.onion, 'and back');
    await until(async () => (await texts(bob, ada.onion)).includes('and back'), 'ada reaches bob');
  });

  it('open again: a stranger’s contact request arrives', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const carol = await TestNode.create(network, 'carol');
    await ada.node.setVisibility('closed');
    await ada.node.setVisibility('open');
    expect(network.isPublished(ada.onion)).toBe(true);
    await carol.node.addContact(ada.onion, 'hello from carol');
    await until(async () => (await ada.node.requests()).some((c) => c.onion === carol.onion), 'the request arrives');
  });

  it('opened for a window, it closes by itself when the window ends, and a restart after the end finds it closed', async () => {
    const network = new MemoryNetwork();
    let offset = 0;
    const ada = await TestNode.create(network, 'ada', { clock: () => Date.now() + offset });
    await ada.node.setVisibility('closed');
    const opened = await ada.node.setVisibility('open', 5);
    expect(opened.state).toBe('open');
    expect(opened.openUntil).toBeGreaterThan(Date.now());
    expect(network.isPublished(ada.onion)).toBe(true);
    await until(() => !network.isPublished(ada.onion), 'the window ends', 15_000);
    expect(await ada.node.visibility()).toEqual({ state: 'closed' });
    // Open as it started, closed, opened for the window, closed when it ended.
    expect(ada.eventsOf('visibility').map((e) => e.visibility.state)).toEqual(['open', 'closed', 'open', 'closed']);

    await ada.node.setVisibility('open', 600);
    await ada.shutdown();
    offset = 601_000;
    await ada.restart();
    expect(await ada.node.visibility()).toEqual({ state: 'closed' });
    expect(network.isPublished(ada.onion)).toBe(false);
  }, 30_000);

  it('a window still running at a restart is kept, with the same end', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const opened = await ada.node.setVisibility('open', 3600);
    await ada.restart();
    expect(await ada.node.visibility()).toEqual(opened);
    expect(network.isPublished(ada.onion)).toBe(true);
  });

  it('refuses a window out of range, or one given to close, and changes nothing', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    for (const [state, seconds] of [
      ['open', 0],
      ['open', 4],
      ['open', 8 * 24 * 3600],
      ['open', 1.5],
      ['closed', 60],
    ] as const) {
      await expect(ada.node.setVisibility(state, seconds)).rejects.toMatchObject({ name: 'VisibilityWindowError' });
    }
    expect(await ada.node.visibility()).toEqual({ state: 'open' });
    expect(network.isPublished(ada.onion)).toBe(true);
  });

  it('with our address closed, our request still goes out over theirs and their later answer reaches us', async () => {
    const network = new MemoryNetwork();
    // Sessions that carry a request end after 100 ms here (a minute in production).
    const timing = { ...FAST_TIMING, nonFriendSessionMaxMs: 100 };
    const ada = await TestNode.create(network, 'ada', { timing });
    const dan = await TestNode.create(network, 'dan', { timing });
    await ada.node.setVisibility('closed');
    await ada.node.addContact(dan.onion, 'hi dan');
    await until(async () => (await dan.node.requests()).some((c) => c.onion === ada.onion), 'the request arrives');
    // Dan answers after the session that carried the request ended: he can only dial her closed address.
    await until(() => ada.transport.openConnections === 0, 'the session that carried the request ends');
    await dan.node.acceptContact(ada.onion);
    await until(
      async () => (await ada.node.contacts()).some((c) => c.onion === dan.onion && c.state === 'friend' && c.online),
      'ada learns dan accepted',
    );
    expect(network.isPublished(ada.onion)).toBe(false);
  });
});
