import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { befriend } from '../../shared/befriend.js';
import { captureLogs, FAST_TIMING, rawSession, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

describe('connections', () => {
  it('two simultaneous dials resolve to one session, and no message is lost or doubled', async () => {
    // A dial delay makes both startup dials overlap: each side has an outbound and an inbound session.
    const network = new MemoryNetwork({ dialDelayMs: 10 });
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await Promise.all([ada.shutdown(), bob.shutdown()]);
    const logs = await captureLogs(async (lines) => {
      for (let round = 0; round < 3; round++) {
        await Promise.all([ada.restart(), bob.restart()]);
        // Sent while the two sessions race: some go out on the one about to be closed.
        const fromAda = await Promise.all([1, 2, 3].map((i) => ada.node.sendMessage(bob.onion, `a${round}.${i}`)));
        const fromBob = await Promise.all([1, 2, 3].map((i) => bob.node.sendMessage(ada.onion, `b${round}.${i}`)));
        await until(
          async () => (await ada.node.status()).online === 1 && (await bob.node.status()).online === 1,
          'both online',
        );
        await until(
          () => ada.transport.openConnections === 1 && bob.transport.openConnections === 1,
          'one connection on each side',
        );
        await until(
          async () =>
            (await ada.node.history(bob.onion, { limit: 500 })).filter((m) => m.direction === 'in').length ===
            3 * (round + 1),
          'ada has bob’s',
        );
        await until(
          async () =>
            (await bob.node.history(ada.onion, { limit: 500 })).filter((m) => m.direction === 'in').length ===
            3 * (round + 1),
          'bob has ada’s',
        );
        await until(
          async () =>
            (await ada.node.history(bob.onion, { limit: 500 }))
              .filter((m) => m.direction === 'out')
              .every((m) => m.state === 'delivered'),
          'ada’s acked',
        );
        expect(fromAda.map((m) => m.text)).toEqual([1, 2, 3].map((i) => `a${round}.${i}`));
        expect(fromBob).toHaveLength(3);
        await Promise.all([ada.shutdown(), bob.shutdown()]);
      }
      return lines;
    }, 'debug');
    // The race really happened (else this test proves nothing about it).
    expect(logs.some((line) => line.includes('duplicate session'))).toBe(true);
    await Promise.all([ada.restart(), bob.restart()]);
    const adaIn = (await ada.node.history(bob.onion, { limit: 500 }))
      .filter((m) => m.direction === 'in')
      .map((m) => m.text);
    expect(adaIn).toEqual([0, 1, 2].flatMap((round) => [1, 2, 3].map((i) => `b${round}.${i}`)));
  });

  it('delivers messages sent while the friend is offline when they return, once each, in order', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await bob.shutdown();
    await until(async () => (await ada.node.status()).online === 0, 'ada sees bob offline');
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await ada.node.sendMessage(bob.onion, `while away ${i}`));
    expect((await ada.node.history(bob.onion)).map((m) => m.state)).toEqual(Array(5).fill('sending'));
    await bob.restart();
    await until(async () => (await texts(bob, ada.onion)).length === 5, 'bob receives them');
    await until(async () => (await ada.node.history(bob.onion)).every((m) => m.state === 'delivered'), 'all acked');
    expect(await texts(bob, ada.onion)).toEqual(sent.map((m) => m.text));
    expect(bob.eventsOf('message').map((e) => e.message.text)).toEqual(sent.map((m) => m.text));
  });

  it('a restart keeps history and retries what was not acknowledged', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await ada.node.sendMessage(bob.onion, 'before');
    await until(async () => (await ada.node.history(bob.onion))[0]?.state === 'delivered', 'first delivered');
    await bob.shutdown();
    await until(async () => (await ada.node.status()).online === 0, 'ada sees bob offline');
    await ada.node.sendMessage(bob.onion, 'queued 1');
    await ada.node.sendMessage(bob.onion, 'queued 2');
    await ada.restart();
    expect((await ada.node.history(bob.onion)).map((m) => [m.text, m.state])).toEqual([
      ['before', 'delivered'],
      ['queued 1', 'sending'],
      ['queued 2', 'sending'],
    ]);
    await bob.restart();
    await until(async () => (await texts(bob, ada.onion)).length === 3, 'bob gets the queued ones');
    expect(await texts(bob, ada.onion)).toEqual(['before', 'queued 1', 'queued 2']);
    await until(async () => (await ada.node.history(bob.onion)).every((m) => m.state === 'delivered'), 'all delivered');
  });

  it('keeps serving other friends while one session misbehaves', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    const cat = await TestNode.create(network, 'cat');
    await befriend(ada, bob);
    await befriend(ada, cat);
    await cat.node.blockContact(ada.onion);
    await bob.node.sendMessage(ada.onion, 'still here');
    await until(async () => (await texts(ada, bob.onion)).includes('still here'), 'bob’s message arrives');
    expect((await ada.node.status()).online).toBe(1);
  });

  it('keeps an idle friend session alive with pings and drops a silent one', async () => {
    const network = new MemoryNetwork();
    // Pings every 50 ms, give up after 1 s of silence (far from any scheduling hiccup).
    const timing = { ...FAST_TIMING, keepaliveIntervalMs: 50, keepaliveTimeoutMs: 1_000 };
    const ada = await TestNode.create(network, 'ada', { timing });
    const bob = await TestNode.create(network, 'bob', { timing });
    await befriend(ada, bob);
    const mute = generateIdentity();
    ada.store.contacts.insert({ onion: mute.onionAddress, state: 'friend', createdAt: Date.now() });
    await captureLogs(async (lines) => {
      const silent = await rawSession(network, ada.onion, mute);
      await silent.closed;
      expect(lines.some((line) => line.includes('silent for too long'))).toBe(true);
    });
    // All that time (more than 20 ping intervals) bob and ada stayed connected without a word.
    expect(
      ada
        .eventsOf('presence')
        .filter((e) => e.onion === bob.onion)
        .map((e) => e.online),
    ).toEqual([true]);
    expect(bob.eventsOf('presence').map((e) => e.online)).toEqual([true]);
  });
});
