/**
 * Offline delivery through friends over the private Tor network: nodes on two client tors,
 * stopped and started again from their profiles. Each test starts its own nodes and makes its
 * own friendships (nothing carries over from the test before), so it can run alone, or again.
 *
 * 1. A, B, C friends pairwise; C offline; A sends to C, then A goes offline; C comes online and
 *    receives A's message from B; A sees it delivered when it returns.
 * 2. Multi-hop: A–B, B–D, D–C and A–C (B and C not friends), with A and C never online
 *    together: the message still arrives, and the receipt comes back.
 * 3. Hostile traffic on a friend's session over Tor: replayed, forged, oversized and expired
 *    envelopes are refused, and a flooding friend is held to its quota.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import type { MessageView } from '../../src/node/api.js';
import type { NodeTiming } from '../../src/app/index.js';
import type { MessageRelayView } from '../../src/relay/feature/api.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';
import { befriend } from '../shared/befriend.js';
import { HostilePeer } from '../shared/hostile-peer.js';
import { TOR_WAIT, TorPeer, untilTor } from '../shared/tor-peer.js';
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

// Redials within seconds (a restarted onion service takes a moment to be reachable again), and
// a friend offline for a second gets what waits for them sealed.
const TIMING: Partial<NodeTiming> = { reconnectBaseDelayMs: 500, reconnectMaxDelayMs: 3_000, relayGraceMs: 1_000 };

let workDir: string;
const tors: TestTor[] = [];
/** The nodes of the test running now, stopped after it. */
const live: TorPeer[] = [];
let runs = 0;

/**
 * Fresh nodes named `names` for one test (a run of its own: a retry starts from new profiles),
 * alternately on the two tors.
 */
async function startPeers(...names: string[]): Promise<TorPeer[]> {
  const run = join(workDir, `run-${++runs}`);
  const started = await Promise.all(
    names.map((name, index) =>
      TorPeer.create({ name, dir: join(run, name), tor: tors[index % 2]!, node: { timing: TIMING } }),
    ),
  );
  live.push(...started);
  return started;
}

async function goOffline(peer: TorPeer, ...friends: TorPeer[]): Promise<void> {
  await peer.stop();
  for (const friend of friends)
    await untilTor(async () => !(await friend.isOnlineWith(peer)), `${friend.name} sees ${peer.name} go`);
}

async function comeBack(peer: TorPeer, ...friends: TorPeer[]): Promise<void> {
  await peer.start();
  for (const friend of friends)
    await untilTor(() => peer.isOnlineWith(friend), `${peer.name} back online with ${friend.name}`);
}

async function messageOf(peer: TorPeer, conversation: OnionAddress, id: string): Promise<MessageView | undefined> {
  return (await peer.node.history(conversation, { limit: 500 })).find((message) => message.id === id);
}

async function relayOf(peer: TorPeer, conversation: OnionAddress, id: string): Promise<MessageRelayView | undefined> {
  return (await messageOf(peer, conversation, id))?.relay;
}

const heldBy = async (peer: TorPeer): Promise<number> => (await peer.node.relay.status()).held.envelopes;
const received = (peer: TorPeer, text: string): number =>
  peer.events.filter(
    (event) => event.type === 'message' && event.message.direction === 'in' && event.message.text === text,
  ).length;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-relay-tor-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor()])));
});

afterEach(async () => {
  await Promise.all(live.splice(0).map((peer) => peer.stop().catch(() => undefined)));
});

afterAll(async () => {
  await Promise.all(tors.map((tor) => tor.stop()));
  await rm(workDir, { recursive: true, force: true });
});

describe('offline delivery through friends over Tor', () => {
  it('C offline: A’s message reaches C through B, and A sees it delivered when it returns', async () => {
    const [a, b, c] = (await startPeers('ada', 'bob', 'cy')) as [TorPeer, TorPeer, TorPeer];
    await befriend(a, b, TOR_WAIT);
    await befriend(b, c, TOR_WAIT);
    await befriend(a, c, TOR_WAIT);
    await goOffline(c, a, b);

    const sent = await a.node.sendMessage(c.onion, 'meet at the lake at six');
    await untilTor(async () => (await relayOf(a, c.onion, sent.id))?.state === 'held', 'B holds the sealed copy');
    expect(await heldBy(b)).toBe(1);
    await goOffline(a, b);

    await comeBack(c, b);
    await untilTor(() => received(c, 'meet at the lake at six') === 1, 'C receives it from B');
    expect((await messageOf(c, a.onion, sent.id))?.direction).toBe('in');
    await untilTor(async () => (await heldBy(b)) === 0, 'the receipt clears B');
    await goOffline(c, b);

    await comeBack(a, b);
    await untilTor(async () => (await relayOf(a, c.onion, sent.id))?.state === 'delivered', 'A sees it delivered');
    expect((await messageOf(a, c.onion, sent.id))?.state).toBe('delivered');
    expect(received(c, 'meet at the lake at six')).toBe(1);
  }, 600_000);

  it('multi-hop: A–B, B–D, D–C and A–C, with A and C never online together', async () => {
    const [a, b, c, d] = (await startPeers('ada', 'bob', 'cy', 'dee')) as [TorPeer, TorPeer, TorPeer, TorPeer];
    // Only Dee knows Cy among Bob's friends.
    await befriend(a, b, TOR_WAIT);
    await befriend(a, c, TOR_WAIT);
    await befriend(b, d, TOR_WAIT);
    await befriend(d, c, TOR_WAIT);
    await goOffline(c, a, d);
    await goOffline(d, b);

    const sent = await a.node.sendMessage(c.onion, 'three hops away');
    await untilTor(async () => (await relayOf(a, c.onion, sent.id))?.state === 'held', 'B holds it');
    await goOffline(a, b);

    await comeBack(d, b);
    await untilTor(async () => (await heldBy(d)) === 1, 'B passes it on to D');
    await goOffline(b, d);

    await comeBack(c, d);
    await untilTor(() => received(c, 'three hops away') === 1, 'D delivers it to C');
    await untilTor(async () => (await heldBy(d)) === 0, 'C’s receipt clears D');
    await goOffline(c, d);

    await comeBack(b, d);
    await untilTor(async () => (await heldBy(b)) === 0, 'the receipt travels back to B');
    await goOffline(d, b);
    await comeBack(a, b);
    await untilTor(async () => (await relayOf(a, c.onion, sent.id))?.state === 'delivered', 'and on to A');
    expect(received(c, 'three hops away')).toBe(1);
  }, 600_000);

  it('refuses replayed, forged, garbage, oversized and expired envelopes, and holds a flood to its quota', async () => {
    const [a, c, d] = (await startPeers('ada', 'cy', 'dee')) as [TorPeer, TorPeer, TorPeer];
    await befriend(a, c, TOR_WAIT);
    await befriend(d, c, TOR_WAIT);
    // Dee goes offline; a session speaking as Dee (one of Cy's friends) carries the traffic.
    await goOffline(d, c);
    await c.node.relay.setLimits({ maxEnvelopesPerFriend: 5 });
    const connection = await d.tor.transport.dial(c.onion, { timeoutMs: 60_000, isolationKey: c.onion });
    const carrier = await impostor(
      HostilePeer.on(
        await upgradeOutbound(connection, { identity: d.identity, remote: c.onion, timeoutMs: 60_000 }),
        d.identity,
      ),
    );
    const verdict = async (id: Uint8Array): Promise<string | undefined> => {
      await untilTor(() => carrier.verdict(id) !== undefined, 'a verdict', 30_000);
      return carrier.verdict(id);
    };

    // A genuine envelope from Ada that the hostile carrier saw: the forgeries copy its tag.
    const seen = chatEnvelope(a.identity, c.onion, 'seen on the way');
    for (const envelope of [
      strangerEnvelope(c.onion, seen),
      forgedEnvelope(a.identity, c.onion, 'I am Ada, honest', seen),
      garbageEnvelope(c.onion, seen),
    ]) {
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
    await untilTor(() => carrier.receipts() === 2, 'the replay is answered with the receipt', 30_000);
    expect(received(c, 'carried by a friend')).toBe(1);
    expect(received(c, 'I am Ada, honest') + received(c, 'buy my stuff') + received(c, 'too late')).toBe(0);

    const flood = Array.from({ length: 12 }, envelopeForSomeoneElse);
    for (const envelope of flood) await carrier.send({ type: 'relay-envelope', envelope });
    const verdicts = await Promise.all(flood.map((envelope) => verdict(envelope.id)));
    expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(5);
    expect(verdicts.filter((v) => v === 'quota-count')).toHaveLength(7);

    await carrier.peer.sendBytes(oversizedEnvelopeMessage(flood[0]!));
    await carrier.peer.closed;
    expect(await heldBy(c)).toBe(5);
  }, 300_000);
});
