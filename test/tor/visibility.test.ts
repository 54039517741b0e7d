/**
 * The public address that can be closed, over the private Tor network (docs/PROTOCOL.md
 * "Visibility"): Ada and Bob are friends, Carol a stranger who knows Ada's address, Dave a node
 * that went offline. One set of nodes serves every step, in order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import { befriend } from '../shared/befriend.js';
import { TOR_WAIT, TorPeer, untilTor } from '../shared/tor-peer.js';
import { launchTestTor, type TestTor } from './helpers/launch-test-tor.js';

let workDir: string;
let ada: TorPeer;
let bob: TorPeer;
let carol: TorPeer;
let dave: TorPeer;
const tors: TestTor[] = [];
/** About as long as tor takes to give up introducing to a service that is gone. */
const STRANGER_DIAL_MS = 20_000;

/** The onion services a tor publishes for its controllers (GETINFO onions/current). */
async function onionsOf(peer: TorPeer): Promise<string[]> {
  const value = (await peer.tor.tor.control.getInfo(['onions/current'])).get('onions/current') ?? '';
  return value.split('\n').filter((line) => line !== '');
}

/**
 * What a stranger can tell from a dial. A service that is gone leaves its descriptor on the
 * directories until it expires, so tor finds it and then cannot introduce: it answers
 * "introduction failed", or is still trying when the dial's time runs out — which of the two
 * depends on how fast circuits build, not on the service, so both are one outcome. A missing
 * descriptor, a refused client authorisation or a connection would each be something else.
 */
type DialOutcome = 'connected' | 'no introduction' | `other: ${string}`;

let dials = 0;
/** What Carol's tor meets dialing `address`. */
async function carolDials(address: OnionAddress): Promise<DialOutcome> {
  try {
    const connection = await carol.transport.dial(address, {
      timeoutMs: STRANGER_DIAL_MS,
      isolationKey: `carol-${++dials}`,
    });
    connection.destroy();
    return 'connected';
  } catch (error) {
    const { name, reason } = error as Error & { reason?: unknown };
    if (name === 'TimeoutError' || (name === 'DialError' && reason === 'intro-failed')) return 'no introduction';
    return `other: ${name} ${String(reason)}`;
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-visibility-tor-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor(), launchTestTor()])));
  const [adaTor, bobTor, carolTor] = tors as [TestTor, TestTor, TestTor];
  [ada, bob, carol, dave] = await Promise.all([
    TorPeer.create({ name: 'ada', dir: join(workDir, 'ada'), tor: adaTor }),
    TorPeer.create({ name: 'bob', dir: join(workDir, 'bob'), tor: bobTor }),
    TorPeer.create({ name: 'carol', dir: join(workDir, 'carol'), tor: carolTor }),
    TorPeer.create({ name: 'dave', dir: join(workDir, 'dave'), tor: bobTor }),
  ]);
}, 240_000);

afterAll(async () => {
  for (const peer of [ada, bob, carol, dave]) await peer?.stop().catch(() => undefined);
  await Promise.all(tors.map((tor) => tor.stop().catch(() => undefined)));
  await rm(workDir, { recursive: true, force: true });
});

describe('visibility over Tor', () => {
  it('closed: Ada’s tor no longer publishes her address, and Carol meets her as she meets Dave, who is offline', async () => {
    await befriend(ada, bob, TOR_WAIT);
    await untilTor(
      () =>
        ada.store.endpoints.get(bob.onion)?.theirs !== undefined &&
        bob.store.endpoints.get(ada.onion)?.theirs !== undefined,
      'endpoints exchanged',
    );
    // Ada closes her address as Dave goes offline; Carol, who never dialed either, tries both.
    const [closing] = await Promise.all([ada.node.setVisibility('closed'), dave.stop()]);
    expect(closing).toEqual({ state: 'closed' });
    expect(await onionsOf(ada)).not.toContain(ada.onion);
    expect(await onionsOf(ada)).toHaveLength(1); // Bob's endpoint

    const [closed, offline] = await Promise.all([carolDials(ada.onion), carolDials(dave.onion)]);
    expect(offline).toBe('no introduction');
    expect(closed).toBe(offline);
    // Carol's request goes nowhere, as to someone offline.
    await carol.node.addContact(ada.onion, 'hello ada, carol here');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await ada.node.requests()).toEqual([]);
    expect((await carol.node.contacts()).find((c) => c.onion === ada.onion)?.state).toBe('outgoing-request');
  }, 300_000);

  it('friends notice nothing: Ada and Bob chat over their endpoints, also after both restart', async () => {
    await ada.stop();
    await bob.stop();
    await Promise.all([ada.start(), bob.start()]);
    expect(await ada.node.visibility()).toEqual({ state: 'closed' });
    expect(await onionsOf(ada)).not.toContain(ada.onion);
    await untilTor(async () => await bob.isOnlineWith(ada), 'bob reconnects over the endpoint');
    await bob.node.sendMessage(ada.onion, 'still here');
    await ada.node.sendMessage(bob.onion, 'me too');
    await untilTor(async () => (await ada.node.history(bob.onion)).some((m) => m.text === 'still here'), 'bob → ada');
    await untilTor(async () => (await bob.node.history(ada.onion)).some((m) => m.text === 'me too'), 'ada → bob');
  }, 300_000);

  it('opened for a window, Carol’s request arrives; after the window her dials fail again', async () => {
    // Carol's node redials with backoff, and a dial that began while the address was closed
    // may run to its timeout first: the window leaves room for that.
    const opened = await ada.node.setVisibility('open', 100);
    expect(opened.state).toBe('open');
    expect(await onionsOf(ada)).toContain(ada.onion);
    await untilTor(
      async () => (await ada.node.requests()).some((c) => c.onion === carol.onion),
      'carol’s request arrives within the window',
      95_000,
    );
    await untilTor(async () => (await ada.node.visibility()).state === 'closed', 'the window ends', 120_000);
    expect(await onionsOf(ada)).not.toContain(ada.onion);
    expect(await carolDials(ada.onion)).toBe('no introduction');
  }, 300_000);
});
