// A friend who floods our disk through the relay instead of writing directly: relayed chat
// meets the same budget of unread bytes as direct chat (docs/PROTOCOL.md "Budgets"), and what is
// over it stays with the friend who carried it, to be handed over again once we read.
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_MESSAGES_PER_FRIEND } from '../../../src/chat/chat-budget.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { FAST_TIMING, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { comeBack, goOffline, relayNode, RELAY_TEST_GRACE_MS } from './helpers.js';
import { chatEnvelope, impostor, type Impostor } from './hostile-envelopes.js';

afterEach(tearDownNodes);

async function verdictOf(carrier: Impostor, envelopeId: Uint8Array): Promise<string> {
  await until(() => carrier.verdict(envelopeId) !== undefined, 'a verdict');
  return carrier.verdict(envelopeId)!;
}

/** Cy, who stores at most 100 unread bytes from any one friend. */
function thriftyCy(network: MemoryNetwork): Promise<TestNode> {
  return TestNode.create(network, 'cy', {
    timing: { ...FAST_TIMING, relayGraceMs: RELAY_TEST_GRACE_MS },
    chat: { budget: { rate: CHAT_MESSAGES_PER_FRIEND, maxUnreadBytes: 100 } },
  });
}

describe('the chat budget on the relay path', () => {
  it('stores a friend’s relayed messages only within their unread bytes; the rest waits with the carrier', async () => {
    const network = new MemoryNetwork();
    const ada = await relayNode(network, 'ada');
    // Two of the 40-byte messages below fit Cy's budget.
    const cy = await thriftyCy(network);
    await befriend(ada, cy);
    const adaIdentity = ada.store.identity.get().keyPair;
    await goOffline(ada, cy);
    // Ada, now hostile, seals messages to Cy herself and hands them over as their carrier.
    const carrier = await impostor(await HostilePeer.dial(network, cy.onion, adaIdentity));
    const flood = Array.from({ length: 5 }, (_, i) => chatEnvelope(adaIdentity, cy.onion, `${i} ${'x'.repeat(38)}`));

    for (const envelope of flood.slice(0, 2)) {
      await carrier.send({ type: 'relay-envelope', envelope });
      expect(await verdictOf(carrier, envelope.id)).toBe('delivered');
    }
    for (const envelope of flood.slice(2)) await carrier.send({ type: 'relay-envelope', envelope });
    await until(() => cy.eventsOf('peer-throttled').length > 0, 'cy hears that ada is throttled');
    // An envelope handed over after the refused ones is answered (expired): they were not.
    const late = chatEnvelope(adaIdentity, cy.onion, 'late', Math.floor(Date.now() / 1000) - 10);
    await carrier.send({ type: 'relay-envelope', envelope: late });
    expect(await verdictOf(carrier, late.id)).toBe('expired');
    expect(flood.slice(2).map((envelope) => carrier.verdict(envelope.id))).toEqual([undefined, undefined, undefined]);
    expect(carrier.receipts()).toBe(2);
    expect((await texts(cy, ada.onion)).length).toBe(2);
    expect(cy.eventsOf('peer-throttled')[0]).toMatchObject({ onion: ada.onion, reason: 'unread-bytes' });

    // Cy reads: the budget frees, and the next hand-over of a refused one is stored.
    await until(() => cy.eventsOf('peer-throttled').length > 0, 'the third is refused');
    expect(await texts(cy, ada.onion)).toHaveLength(2);
    await cy.node.markRead(ada.onion);
    await carrier.send({ type: 'relay-envelope', envelope: flood[2]! });
    expect(await verdictOf(carrier, flood[2]!.id)).toBe('delivered');
    expect(await texts(cy, ada.onion)).toHaveLength(3);
    expect(carrier.peer.isOpen).toBe(true);
  });

  it('an honest friend’s messages over the budget are late, never lost: the holder hands them over next time', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, cy] = [await relayNode(network, 'ada'), await relayNode(network, 'bob'), await thriftyCy(network)];
    await befriend(ada, bob);
    await befriend(bob, cy);
    await befriend(ada, cy);
    await goOffline(cy, ada, bob);
    // The third is the last one handed over: once it is refused, nothing else is in flight.
    const sent = ['one', 'two', 'three'].map((word) => `${word} ${'.'.repeat(40 - word.length)}`);
    for (const text of sent) await ada.node.sendMessage(cy.onion, text);
    await until(async () => (await bob.node.relay.status()).held.envelopes === 3, 'bob holds all three');
    await goOffline(ada, bob);

    await comeBack(cy, bob);
    await until(async () => (await texts(cy, ada.onion)).length === 2, 'two fit the budget');
    await until(() => cy.eventsOf('peer-throttled').length > 0, 'the third is refused');
    expect(await texts(cy, ada.onion)).toHaveLength(2);
    await cy.node.markRead(ada.onion);
    await until(async () => (await bob.node.relay.status()).held.envelopes === 1, 'receipts for two clear them at bob');
    await goOffline(cy, bob);
    await comeBack(cy, bob);
    await until(async () => (await texts(cy, ada.onion)).length === 3, 'the third on the next session');
    expect(new Set(await texts(cy, ada.onion))).toEqual(new Set(sent));
    await until(async () => (await bob.node.relay.status()).held.envelopes === 0, 'the receipts clear bob');
  });
});
