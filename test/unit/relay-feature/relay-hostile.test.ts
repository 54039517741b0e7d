// A friend's session that carries hostile relay traffic to a node: envelopes from strangers,
// forged MACs, garbage, expired and replayed envelopes, a flood, an oversized envelope.
// Refused or held to quota; never a crash, never a message shown twice or from the wrong sender.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { goOffline, relayNode } from './helpers.js';
import {
  chatEnvelope,
  envelopeForSomeoneElse,
  forgedEnvelope,
  garbageEnvelope,
  impostor,
  oversizedEnvelopeMessage,
  strangerEnvelope,
  type Impostor,
} from './hostile-envelopes.js';

afterEach(tearDownNodes);

async function verdictOf(carrier: Impostor, envelopeId: Uint8Array): Promise<string> {
  await until(() => carrier.verdict(envelopeId) !== undefined, 'a verdict');
  return carrier.verdict(envelopeId)!;
}

describe('hostile relay traffic from a friend’s session', () => {
  it('refuses strangers’ envelopes, forgeries, garbage and expired envelopes; shows a replayed one once', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, cy] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(ada, cy);
    await befriend(bob, cy);
    const adaIdentity = ada.store.identity.get().keyPair;
    const bobIdentity = bob.store.identity.get().keyPair;
    await goOffline(bob, cy);
    const carrier = await impostor(await HostilePeer.dial(network, cy.onion, bobIdentity));

    // A genuine envelope from Ada that the hostile carrier saw: the forgeries copy its tag.
    const seen = chatEnvelope(adaIdentity, cy.onion, 'seen on the way');
    for (const envelope of [
      strangerEnvelope(cy.onion, seen),
      forgedEnvelope(adaIdentity, cy.onion, 'I am Ada, honest', seen),
      garbageEnvelope(cy.onion, seen),
    ]) {
      await carrier.send({ type: 'relay-envelope', envelope });
      expect(await verdictOf(carrier, envelope.id)).toBe('rejected');
    }
    const expired = chatEnvelope(adaIdentity, cy.onion, 'too late', Math.floor(Date.now() / 1000) - 10);
    await carrier.send({ type: 'relay-envelope', envelope: expired });
    expect(await verdictOf(carrier, expired.id)).toBe('expired');

    const genuine = chatEnvelope(adaIdentity, cy.onion, 'the real Ada');
    await carrier.send({ type: 'relay-envelope', envelope: genuine });
    expect(await verdictOf(carrier, genuine.id)).toBe('delivered');
    await carrier.send({ type: 'relay-envelope', envelope: { ...genuine, hops: 0 } });
    await until(() => carrier.receipts() === 2, 'the replay gets the receipt again');

    expect(await texts(cy, ada.onion)).toEqual(['the real Ada']);
    expect(cy.eventsOf('message').map((e) => [e.message.conversation, e.message.text])).toEqual([
      [ada.onion, 'the real Ada'],
    ]);
    expect(carrier.peer.isOpen).toBe(true);
    expect((await cy.node.relay.status()).held.envelopes).toBe(0);
  });

  it('holds a flooding friend to its quota, and closes a session that sends an oversized envelope', async () => {
    const network = new MemoryNetwork();
    const [bob, cy] = [await relayNode(network, 'bob'), await relayNode(network, 'cy')];
    await befriend(bob, cy);
    await cy.node.relay.setLimits({ maxEnvelopesPerFriend: 20 });
    const bobIdentity = bob.store.identity.get().keyPair;
    await goOffline(bob, cy);
    const carrier = await impostor(await HostilePeer.dial(network, cy.onion, bobIdentity));

    const flood = Array.from({ length: 60 }, envelopeForSomeoneElse);
    for (const envelope of flood) await carrier.send({ type: 'relay-envelope', envelope });
    const verdicts = await Promise.all(flood.map((envelope) => verdictOf(carrier, envelope.id)));
    expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(20);
    expect(verdicts.filter((v) => v === 'quota-count')).toHaveLength(40);
    expect((await cy.node.relay.status()).perFriend).toEqual([
      expect.objectContaining({ onion: bob.onion, envelopes: 20 }),
    ]);

    await captureLogs(async (lines) => {
      await carrier.peer.sendBytes(oversizedEnvelopeMessage(flood[0]!));
      await carrier.peer.closed;
      await until(() => lines.some((line) => line.includes('MalformedInputError')), 'the typed error is logged');
    });
    expect((await cy.node.relay.status()).held.envelopes).toBe(20);
  });
});
