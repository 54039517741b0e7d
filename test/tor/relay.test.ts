/**
 * Offline delivery through friends over the private Tor network: four nodes
 * on two client tors, stopped and started again from their profiles.
 *
 * 1. A, B, C friends pairwise; C offline; A sends to C, then A goes offline; C comes online and
 *    receives A's message from B; A sees it delivered when it returns.
 * 2. Multi-hop: A–B, B–D, D–C and A–C (B and C stop being friends), with A and C never online
 *    together: the message still arrives, and the receipt comes back.
 * 3. Hostile traffic on a friend's session over Tor: replayed, forged, oversized and expired
 *    envelopes are refused, and a flooding friend is held to its quota.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityKeyPair } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import type { MessageView, NodeEvent } from '../../src/node/api.js';
import type { MessageRelayView } from '../../src/relay/feature/api.js';
import { BurrowNode, type NodeTiming } from '../../src/app/index.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';
import { createProfile, openProfile } from '../../src/store/profile.js';
import type { ProfileStore } from '../../src/store/profile-store.js';
import { TorTransport } from '../../src/transport/tor/tor-transport.js';
import {
  chatEnvelope,
  envelopeForSomeoneElse,
  forgedEnvelope,
  garbageEnvelope,
  impostor,
  oversizedEnvelopeMessage,
  strangerEnvelope,
} from '../unit/relay-feature/hostile-envelopes.js';
import { launchTestTor, type TestTor } from './helpers/launch-test-tor.js';

const PASSPHRASE = 'tor relay test passphrase';
// Redials within seconds (a restarted onion service takes a moment to be reachable again), and
// a friend offline for a second gets what waits for them sealed.
const TIMING: Partial<NodeTiming> = { reconnectBaseDelayMs: 500, reconnectMaxDelayMs: 3_000, relayGraceMs: 1_000 };

interface Peer {
  readonly name: string;
  readonly dir: string;
  readonly tor: TestTor;
  readonly onion: OnionAddress;
  readonly identity: IdentityKeyPair;
  transport: TorTransport;
  store: ProfileStore;
  node: BurrowNode | undefined;
  readonly events: NodeEvent[];
}

let workDir: string;
const tors: TestTor[] = [];
const peers = new Map<string, Peer>();

async function startPeer(tor: TestTor, name: string): Promise<Peer> {
  const dir = join(workDir, name);
  const store = await createProfile(dir, PASSPHRASE, { displayName: name, kdf: { logN: 4, r: 1, p: 1 } });
  const identity = store.identity.get().keyPair;
  const peer: Peer = { name, dir, tor, onion: identity.onionAddress, identity, transport: new TorTransport({ tor: tor.tor, waitForPublication: true }), store, node: undefined, events: [] };
  peer.node = await BurrowNode.start({ store, transport: peer.transport, timing: TIMING });
  peer.node.subscribe((event) => peer.events.push(event));
  peers.set(name, peer);
  return peer;
}

function running(peer: Peer): BurrowNode {
  if (peer.node === undefined) throw new Error(`${peer.name} is offline`);
  return peer.node;
}

async function stop(peer: Peer): Promise<void> {
  if (peer.node === undefined) return;
  const node = peer.node;
  peer.node = undefined;
  await node.stop();
  await peer.transport.close();
  peer.store.close();
}

async function restart(peer: Peer): Promise<void> {
  peer.store = await openProfile(peer.dir, PASSPHRASE);
  peer.transport = new TorTransport({ tor: peer.tor.tor, waitForPublication: true });
  peer.node = await BurrowNode.start({ store: peer.store, transport: peer.transport, timing: TIMING });
  peer.node.subscribe((event) => peer.events.push(event));
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const isOnlineWith = async (peer: Peer, friend: Peer): Promise<boolean> => (await running(peer).contacts()).some((c) => c.onion === friend.onion && c.online);

async function befriend(a: Peer, b: Peer): Promise<void> {
  await running(a).addContact(b.onion, `hello from ${a.name}`);
  await until(async () => (await running(b).requests()).some((c) => c.onion === a.onion), `${b.name} gets ${a.name}'s request`);
  await running(b).acceptContact(a.onion);
  await until(async () => (await isOnlineWith(a, b)) && (await isOnlineWith(b, a)), `${a.name} and ${b.name} online as friends`);
}

async function goOffline(peer: Peer, ...friends: Peer[]): Promise<void> {
  await stop(peer);
  for (const friend of friends) await until(async () => !(await isOnlineWith(friend, peer)), `${friend.name} sees ${peer.name} go`);
}

async function comeBack(peer: Peer, ...friends: Peer[]): Promise<void> {
  await restart(peer);
  for (const friend of friends) await until(() => isOnlineWith(peer, friend), `${peer.name} back online with ${friend.name}`);
}

async function messageOf(peer: Peer, conversation: OnionAddress, id: string): Promise<MessageView | undefined> {
  return (await running(peer).history(conversation, { limit: 500 })).find((message) => message.id === id);
}

async function relayOf(peer: Peer, conversation: OnionAddress, id: string): Promise<MessageRelayView | undefined> {
  return (await messageOf(peer, conversation, id))?.relay;
}

const heldBy = async (peer: Peer): Promise<number> => (await running(peer).relay.status()).held.envelopes;
const received = (peer: Peer, text: string): number => peer.events.filter((event) => event.type === 'message' && event.message.direction === 'in' && event.message.text === text).length;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-relay-tor-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor()])));
  const [first, second] = tors as [TestTor, TestTor];
  await Promise.all([startPeer(first, 'ada'), startPeer(second, 'bob'), startPeer(first, 'cy'), startPeer(second, 'dee')]);
});

afterAll(async () => {
  for (const peer of peers.values()) await stop(peer).catch(() => undefined);
  await Promise.all(tors.map((tor) => tor.stop()));
  await rm(workDir, { recursive: true, force: true });
});

describe('offline delivery through friends over Tor', () => {
  it('C offline: A’s message reaches C through B, and A sees it delivered when it returns', async () => {
    const [a, b, c] = ['ada', 'bob', 'cy'].map((name) => peers.get(name)!) as [Peer, Peer, Peer];
    await befriend(a, b);
    await befriend(b, c);
    await befriend(a, c);
    await goOffline(c, a, b);

    const sent = await running(a).sendMessage(c.onion, 'meet at the lake at six');
    await until(async () => (await relayOf(a, c.onion, sent.id))?.state === 'held', 'B holds the sealed copy');
    expect(await heldBy(b)).toBe(1);
    await goOffline(a, b);

    await comeBack(c, b);
    await until(() => received(c, 'meet at the lake at six') === 1, 'C receives it from B');
    expect((await messageOf(c, a.onion, sent.id))?.direction).toBe('in');
    await until(async () => (await heldBy(b)) === 0, 'the receipt clears B');
    await goOffline(c, b);

    await comeBack(a, b);
    await until(async () => (await relayOf(a, c.onion, sent.id))?.state === 'delivered', 'A sees it delivered');
    expect((await messageOf(a, c.onion, sent.id))?.state).toBe('delivered');
    expect(received(c, 'meet at the lake at six')).toBe(1);
  }, 600_000);

  it('multi-hop: A–B, B–D, D–C and A–C, with A and C never online together', async () => {
    const [a, b, c, d] = ['ada', 'bob', 'cy', 'dee'].map((name) => peers.get(name)!) as [Peer, Peer, Peer, Peer];
    // Only Dee knows Cy among Bob's friends now.
    await comeBack(c, b);
    await running(b).removeContact(c.onion);
    await running(c).removeContact(b.onion);
    await befriend(b, d);
    await befriend(d, c);
    await goOffline(c, d);
    await goOffline(d, b);

    const sent = await running(a).sendMessage(c.onion, 'three hops away');
    await until(async () => (await relayOf(a, c.onion, sent.id))?.state === 'held', 'B holds it');
    await goOffline(a, b);

    await comeBack(d, b);
    await until(async () => (await heldBy(d)) === 1, 'B passes it on to D');
    await goOffline(b, d);

    await comeBack(c, d);
    await until(() => received(c, 'three hops away') === 1, 'D delivers it to C');
    await until(async () => (await heldBy(d)) === 0, 'C’s receipt clears D');
    await goOffline(c, d);

    await comeBack(b, d);
    await until(async () => (await heldBy(b)) === 0, 'the receipt travels back to B');
    await goOffline(d, b);
    await comeBack(a, b);
    await until(async () => (await relayOf(a, c.onion, sent.id))?.state === 'delivered', 'and on to A');
    expect(received(c, 'three hops away')).toBe(1);
  }, 600_000);

  it('refuses replayed, forged, garbage, oversized and expired envelopes, and holds a flood to its quota', async () => {
    const [a, c, d] = ['ada', 'cy', 'dee'].map((name) => peers.get(name)!) as [Peer, Peer, Peer];
    // Dee stays offline; a session speaking as Dee (one of Cy's friends) carries the traffic.
    await comeBack(c);
    await running(c).relay.setLimits({ maxEnvelopesPerFriend: 5 });
    const connection = await d.tor.transport.dial(c.onion, { timeoutMs: 60_000, isolationKey: c.onion });
    const carrier = await impostor(await upgradeOutbound(connection, { identity: d.identity, remote: c.onion, timeoutMs: 60_000 }));
    const verdict = async (id: Uint8Array): Promise<string | undefined> => {
      await until(() => carrier.verdict(id) !== undefined, 'a verdict', 30_000);
      return carrier.verdict(id);
    };

    for (const envelope of [strangerEnvelope(c.onion), forgedEnvelope(a.identity, c.onion, 'I am Ada, honest'), garbageEnvelope(c.onion)]) {
      await carrier.send({ type: 'relay-envelope', envelope });
      expect(await verdict(envelope.id)).toBe('rejected');
    }
    const expired = chatEnvelope(a.identity, c.onion, 'too late', Math.floor(Date.now() / 1000) - 10);
    await carrier.send({ type: 'relay-envelope', envelope: expired });
    expect(await verdict(expired.id)).toBe('expired');
    const genuine = chatEnvelope(a.identity, c.onion, 'carried by a friend');
    await carrier.send({ type: 'relay-envelope', envelope: genuine });
    expect(await verdict(genuine.id)).toBe('delivered');
    await carrier.send({ type: 'relay-envelope', envelope: genuine });
    await until(() => carrier.receipts() === 2, 'the replay is answered with the receipt', 30_000);
    expect(received(c, 'carried by a friend')).toBe(1);
    expect(received(c, 'I am Ada, honest') + received(c, 'buy my stuff') + received(c, 'too late')).toBe(0);

    const flood = Array.from({ length: 12 }, envelopeForSomeoneElse);
    for (const envelope of flood) await carrier.send({ type: 'relay-envelope', envelope });
    const verdicts = await Promise.all(flood.map((envelope) => verdict(envelope.id)));
    expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(5);
    expect(verdicts.filter((v) => v === 'quota-count')).toHaveLength(7);

    await carrier.session.send(oversizedEnvelopeMessage(flood[0]!));
    await carrier.session.closed;
    expect(await heldBy(c)).toBe(5);
  }, 300_000);
});
