/**
 * A friend floods 1:1 chat (docs/PROTOCOL.md "Budgets"): what is over its budget is neither
 * stored nor acknowledged, the user is told, other friends are not affected, and an honest
 * node whose message was refused writes it again later until it is taken.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatBudgetLimits } from '../../../src/chat/chat-budget.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId, HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

/** A budget whose rate does not refill within a test: only the burst gets through. */
const BURST_ONLY = (capacity: number, maxUnreadBytes = 1 << 20): ChatBudgetLimits => ({
  rate: { capacity, refillIntervalMs: 3_600_000 },
  maxUnreadBytes,
});

/** Bob, and a raw client speaking with the identity of his friend Eve. */
async function bobAndFlooder(
  network: MemoryNetwork,
  budget: ChatBudgetLimits,
): Promise<{ bob: TestNode; eve: HostilePeer }> {
  const bob = await TestNode.create(network, 'bob', { chat: { budget } });
  const eveNode = await TestNode.create(network, 'eve');
  await befriend(eveNode, bob);
  const identity = eveNode.store.identity.get().keyPair;
  await eveNode.shutdown();
  const eve = await HostilePeer.dial(network, bob.onion, identity);
  await eve.greetAsFriend('eve');
  return { bob, eve };
}

/** Waits until Bob has read everything Eve sent so far (he answers a ping after what came before it). */
async function drained(eve: HostilePeer): Promise<void> {
  const id = envelopeId();
  await eve.send({ kind: 'ping', id });
  await until(
    () => eve.core('pong').some((pong) => Buffer.from(pong.pingId).equals(Buffer.from(id))),
    'bob answers the ping after the flood',
    30_000,
  );
}

describe('chat budgets', () => {
  it('stores and acknowledges only the budget of a flood, tells the user once, and lets another friend through', async () => {
    const network = new MemoryNetwork();
    const { bob, eve } = await bobAndFlooder(network, BURST_ONLY(20));
    const carol = await TestNode.create(network, 'carol');
    await befriend(carol, bob);
    await captureLogs(async () => {
      const sent = await eve.flood(1_000, (index) => ({
        kind: 'chat-message',
        id: new Uint8Array(randomBytes(16)),
        createdAt: Date.now(),
        text: `spam ${index}`,
      }));
      expect(sent).toBe(1_000);
      await drained(eve);
    }, 'warn');
    expect(eve.isOpen).toBe(true);
    expect(await texts(bob, eve.onion)).toHaveLength(20);
    expect(eve.core('ack').flatMap((ack) => ack.ids)).toHaveLength(20);
    expect(bob.eventsOf('peer-throttled')).toEqual([
      { type: 'peer-throttled', onion: eve.onion, traffic: 'chat-messages', reason: 'rate' },
    ]);

    // Carol has a budget of her own.
    await carol.node.sendMessage(bob.onion, 'still here?');
    await until(async () => (await texts(bob, carol.onion)).includes('still here?'), 'carol gets through');
  });

  it('refuses a new message over budget without an ack, and acknowledges a duplicate again', async () => {
    const network = new MemoryNetwork();
    const { bob, eve } = await bobAndFlooder(network, BURST_ONLY(1));
    const first = { kind: 'chat-message' as const, id: envelopeId(), createdAt: Date.now(), text: 'one' };
    await eve.send(first);
    await eve.send({ ...first, id: envelopeId(), text: 'two' });
    await drained(eve);
    expect(await texts(bob, eve.onion)).toEqual(['one']);
    // A duplicate of a stored message costs nothing and is acknowledged again.
    await eve.send(first);
    await until(() => eve.core('ack').length === 2, 'the duplicate is acknowledged again');
  });

  it('delivers every message of an honest friend it throttled, in order, by the sender writing them again', async () => {
    const network = new MemoryNetwork();
    const bob = await TestNode.create(network, 'bob', {
      // A token per 250 ms: twelve messages written at once outrun it on a loaded machine too (at 50 ms they did not always).
      chat: { budget: { rate: { capacity: 3, refillIntervalMs: 250 }, maxUnreadBytes: 1 << 20 } },
    });
    const ada = await TestNode.create(network, 'ada', { chat: { resendAfterMs: 20 } });
    await befriend(ada, bob);
    const wanted = Array.from({ length: 12 }, (_, index) => `message ${index}`);
    const sent = [];
    for (const text of wanted) sent.push(await ada.node.sendMessage(bob.onion, text));
    await until(
      async () => (await ada.node.history(bob.onion)).every((message) => message.state === 'delivered'),
      'every message is acknowledged',
      30_000,
    );
    expect(await texts(bob, ada.onion)).toEqual(wanted);
    expect(bob.eventsOf('peer-throttled').map((event) => event.reason)).toContain('rate');
  }, 60_000);

  it('refuses more unread bytes than the budget until the user reads; the read receipt brings the rest', async () => {
    const network = new MemoryNetwork();
    const bob = await TestNode.create(network, 'bob', { chat: { budget: BURST_ONLY(100, 20) } });
    // Ada's pump waits an hour before writing a message again: only Bob's read receipt brings the rest sooner.
    const ada = await TestNode.create(network, 'ada', { chat: { resendAfterMs: 3_600_000 } });
    await befriend(ada, bob);
    for (const text of ['0123456789', 'abcdefghij', 'klmnopqrst']) await ada.node.sendMessage(bob.onion, text);
    await until(() => bob.eventsOf('peer-throttled').length > 0, 'bob is told');
    expect(bob.eventsOf('peer-throttled')[0]).toMatchObject({ onion: ada.onion, reason: 'unread-bytes' });
    expect(await texts(bob, ada.onion)).toEqual(['0123456789', 'abcdefghij']);
    await bob.node.markRead(ada.onion);
    await until(async () => (await texts(bob, ada.onion)).length === 3, 'the third arrives once bob has read');
    expect(await texts(bob, ada.onion)).toEqual(['0123456789', 'abcdefghij', 'klmnopqrst']);
  });
});
