/**
 * Private endpoints over the private Tor network (docs/PROTOCOL.md "Endpoints"): Ada and Bob
 * are friends, Carol a stranger with her own tor who knows Ada's public address. One set of
 * nodes serves every step, in order.
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
let carolTor: TestTor;
const tors: TestTor[] = [];

/** The onion services a tor publishes for its controllers (GETINFO onions/current). */
async function onionsOf(peer: TorPeer): Promise<string[]> {
  const value = (await peer.tor.tor.control.getInfo(['onions/current'])).get('onions/current') ?? '';
  return value.split('\n').filter((line) => line !== '');
}

/** The name of the error `attempt` rejects with (a dial to someone offline: DialError, or a timeout). */
async function failureOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    return (error as Error).name;
  }
  return 'succeeded';
}

const endpointOf = (holder: TorPeer, owner: TorPeer): OnionAddress | undefined =>
  holder.store.endpoints.get(owner.onion)?.theirs?.address;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-endpoints-tor-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor(), launchTestTor()])));
  const [adaTor, bobTor] = tors;
  carolTor = tors[2]!;
  [ada, bob] = await Promise.all([
    TorPeer.create({ name: 'ada', dir: join(workDir, 'ada'), tor: adaTor! }),
    TorPeer.create({ name: 'bob', dir: join(workDir, 'bob'), tor: bobTor! }),
  ]);
}, 240_000);

afterAll(async () => {
  for (const peer of [ada, bob]) await peer?.stop().catch(() => undefined);
  await Promise.all(tors.map((tor) => tor.stop().catch(() => undefined)));
  await rm(workDir, { recursive: true, force: true });
});

describe('endpoints over Tor', () => {
  it('friends exchange endpoints: each tor publishes one endpoint per friend and holds exactly that friend’s key', async () => {
    await befriend(ada, bob, TOR_WAIT);
    await untilTor(
      () => endpointOf(bob, ada) !== undefined && endpointOf(ada, bob) !== undefined,
      'endpoints exchanged',
    );
    const adasForBob = endpointOf(bob, ada)!;
    const bobsForAda = endpointOf(ada, bob)!;
    await untilTor(async () => (await onionsOf(ada)).length === 2, 'ada publishes her address and one endpoint');
    expect((await onionsOf(ada)).sort()).toEqual([ada.onion, adasForBob].sort());
    expect((await onionsOf(bob)).sort()).toEqual([bob.onion, bobsForAda].sort());
    await untilTor(
      async () =>
        (await bob.tor.tor.control.viewClientAuth()).length === 1 &&
        (await ada.tor.tor.control.viewClientAuth()).length === 1,
      'both tors hold the key for the other’s endpoint',
    );
    const bobsKeys = await bob.tor.tor.control.viewClientAuth();
    expect(bobsKeys).toEqual([
      { address: adasForBob, privateKey: bob.store.endpoints.get(ada.onion)!.theirs!.clientKey },
    ]);
    expect((await ada.tor.tor.control.viewClientAuth()).map((key) => key.address)).toEqual([bobsForAda]);
    // Carol's tor has no key: the endpoint does not exist for her.
    await expect(carolTor.transport.dial(adasForBob, { timeoutMs: 15_000, isolationKey: 'carol' })).rejects.toThrow();
  }, 300_000);

  it('with Ada’s public address gone, Bob still reaches her over his endpoint after restarting; Carol meets an offline Ada', async () => {
    await ada.tor.tor.control.delOnion(ada.onion);
    await bob.stop();
    await bob.start();
    await untilTor(async () => await bob.isOnlineWith(ada), 'bob reconnects over the endpoint');
    await bob.node.sendMessage(ada.onion, 'still here');
    await untilTor(
      async () => (await ada.node.history(bob.onion)).some((m) => m.text === 'still here'),
      'chat arrives',
    );
    expect(await failureOf(carolTor.transport.dial(ada.onion, { timeoutMs: 15_000, isolationKey: 'carol-2' }))).toMatch(
      /DialError|TimeoutError/,
    );
  }, 300_000);

  it('Ada removes Bob: her endpoint and his key leave her tor, and his dials fail as if she were offline', async () => {
    const adasForBob = endpointOf(bob, ada)!;
    await ada.node.removeContact(bob.onion);
    await untilTor(async () => !(await onionsOf(ada)).includes(adasForBob), 'the endpoint is unpublished');
    expect(await ada.tor.tor.control.viewClientAuth()).toEqual([]);
    await untilTor(async () => !(await bob.isOnlineWith(ada)), 'bob sees ada go');
    expect(await failureOf(bob.transport.dial(adasForBob, { timeoutMs: 15_000, isolationKey: 'bob-after' }))).toMatch(
      /DialError|TimeoutError/,
    );
  }, 300_000);
});
