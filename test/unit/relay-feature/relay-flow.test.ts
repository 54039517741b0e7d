// Offline delivery through friends, end to end on the memory transport: real nodes, real
// profiles on disk, nodes stopped and started again from their stores.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { comeBack, goOffline, messageOf, relayNode, untilRelay } from './helpers.js';

afterEach(tearDownNodes);

describe('offline delivery', () => {
  it('A, B, C friends pairwise, C offline: C gets A’s message from B, and A sees it delivered when it returns', async () => {
    const network = new MemoryNetwork();
    const [a, b, c] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(a, b);
    await befriend(b, c);
    await befriend(a, c);
    await goOffline(c, a, b);

    const sent = await a.node.sendMessage(c.onion, 'meet at the lake at six');
    expect(sent.relay).toBeUndefined();
    await untilRelay(a, c.onion, sent.id, { state: 'held', holders: 1 }, 'Bob holds the sealed copy');
    expect(a.eventsOf('message-relay').map((e) => e.relay?.state)).toEqual(['waiting', 'held']);
    const held = await b.node.relay.status();
    expect(held.held.envelopes).toBe(1);
    expect(held.perFriend).toEqual([{ onion: a.onion, envelopes: 1, bytes: held.held.bytes }]);
    // Bob learns neither the text nor who wrote it: his store holds an opaque envelope only.
    expect(await texts(b, a.onion)).toEqual([]);

    await goOffline(a, b);
    await comeBack(c, b);
    await until(
      async () => (await texts(c, a.onion)).includes('meet at the lake at six'),
      'Cy receives it through Bob',
    );
    const [received] = await c.node.history(a.onion);
    expect(received).toMatchObject({
      id: sent.id,
      direction: 'in',
      text: 'meet at the lake at six',
      conversation: a.onion,
    });
    expect(c.eventsOf('message').filter((e) => e.message.id === sent.id)).toHaveLength(1);
    await until(async () => (await b.node.relay.status()).held.envelopes === 0, 'the receipt deletes Bob’s copy');
    await goOffline(c, b);

    await comeBack(a, b);
    await untilRelay(a, c.onion, sent.id, { state: 'delivered' }, 'Ada sees it delivered');
    expect((await messageOf(a, c.onion, sent.id))?.state).toBe('delivered');
    expect(
      a
        .eventsOf('message-state')
        .filter((e) => e.id === sent.id)
        .map((e) => e.state),
    ).toEqual(['delivered']);
  });

  it('multi-hop: A–B, B–D, D–C and A–C, with A and C never online together, still delivers', async () => {
    const network = new MemoryNetwork();
    const a = await relayNode(network, 'ada');
    const b = await relayNode(network, 'bob');
    const c = await relayNode(network, 'cy');
    const d = await relayNode(network, 'dee');
    await befriend(a, b);
    await befriend(b, d);
    await befriend(d, c);
    await befriend(a, c);
    await goOffline(c, a, d);
    await goOffline(d, b);

    const sent = await a.node.sendMessage(c.onion, 'three hops away');
    await untilRelay(a, c.onion, sent.id, { state: 'held', holders: 1 }, 'Bob holds it');
    await goOffline(a, b);

    await comeBack(d, b);
    await until(async () => (await d.node.relay.status()).held.envelopes === 1, 'Bob passes it on to Dee');
    await goOffline(b, d);

    await comeBack(c, d);
    await until(async () => (await texts(c, a.onion)).includes('three hops away'), 'Dee delivers it to Cy');
    await until(async () => (await d.node.relay.status()).held.envelopes === 0, 'Cy’s receipt clears Dee');
    await goOffline(c, d);

    await comeBack(b, d);
    await until(async () => (await b.node.relay.status()).held.envelopes === 0, 'the receipt travels back to Bob');
    await goOffline(d, b);
    await comeBack(a, b);
    await untilRelay(a, c.onion, sent.id, { state: 'delivered' }, 'and on to Ada');
    expect(c.eventsOf('message').map((e) => e.message.text)).toEqual(['three hops away']);
  });

  it('a message that arrives directly after all is withdrawn from the holders, and shown once', async () => {
    const network = new MemoryNetwork();
    const [a, b, c] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(a, b);
    await befriend(b, c);
    await befriend(a, c);
    await goOffline(c, a, b);
    const sent = await a.node.sendMessage(c.onion, 'either way');
    await untilRelay(a, c.onion, sent.id, { state: 'held', holders: 1 }, 'Bob holds it');

    await comeBack(c, a, b);
    await until(async () => (await messageOf(a, c.onion, sent.id))?.state === 'delivered', 'delivered');
    await until(async () => (await b.node.relay.status()).held.envelopes === 0, 'Bob deletes his copy');
    await until(
      async () =>
        (await a.node.relay.status()).outgoing.length === 0 ||
        (await messageOf(a, c.onion, sent.id))?.relay?.state === 'delivered',
      'Ada is done with it',
    );
    expect(await texts(c, a.onion)).toEqual(['either way']);
    expect(c.eventsOf('message').filter((e) => e.message.id === sent.id)).toHaveLength(1);
  });

  it('a message sent while the friend is online is never sealed', async () => {
    const network = new MemoryNetwork();
    const [a, b, c] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(a, b);
    await befriend(a, c);
    const sent = await a.node.sendMessage(c.onion, 'hello directly');
    await until(async () => (await messageOf(a, c.onion, sent.id))?.state === 'delivered', 'delivered directly');
    expect((await a.node.relay.status()).outgoing).toEqual([]);
    expect((await b.node.relay.status()).held.envelopes).toBe(0);
    expect(a.eventsOf('message-relay')).toEqual([]);
  });
});

describe('quotas and preferences', () => {
  it('holds a friend to the quota the user set, and keeps the setting across restarts', async () => {
    const network = new MemoryNetwork();
    const [a, b, c] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(a, b);
    await befriend(b, c);
    await befriend(a, c);
    const limits = await b.node.relay.setLimits({ maxEnvelopesPerFriend: 2 });
    expect(limits.maxEnvelopesPerFriend).toBe(2);
    await expect(b.node.relay.setLimits({ maxBytesPerFriend: -1 })).rejects.toMatchObject({
      name: 'InvalidRelayLimitError',
    });
    await goOffline(c, a, b);

    const sent = [
      await a.node.sendMessage(c.onion, 'one'),
      await a.node.sendMessage(c.onion, 'two'),
      await a.node.sendMessage(c.onion, 'three'),
    ];
    await until(async () => (await a.node.relay.status()).outgoing.length === 3, 'all three are sealed');
    await until(async () => (await b.node.relay.status()).held.envelopes === 2, 'Bob holds two');
    // Bob refused the third: it waits on Ada for another friend to take it.
    const states = async (): Promise<string> =>
      (await Promise.all(sent.map(async (m) => (await messageOf(a, c.onion, m.id))?.relay?.state))).sort().join(',');
    await until(async () => (await states()) === 'held,held,waiting', 'Ada sees two held, one waiting');

    await b.restart();
    const status = await b.node.relay.status();
    expect(status.limits.maxEnvelopesPerFriend).toBe(2);
    expect(status.held.envelopes).toBe(2);
    expect(status.perFriend).toEqual([{ onion: a.onion, envelopes: 2, bytes: status.held.bytes }]);
  });
});
