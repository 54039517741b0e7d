/**
 * Private endpoints between nodes on the in-memory network (docs/PROTOCOL.md "Endpoints"):
 * what a user meets (friends reach each other without the public address; a removed friend
 * meets an endpoint that is gone) and what a hostile friend or stranger can do with offers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signEndpointOffer } from '../../../src/contacts/endpoint-offer-check.js';
import { deriveEndpointKeys } from '../../../src/contacts/endpoint-keys.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { MemoryTransport } from '../../../src/transport/memory/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId as id, HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

/** The endpoint `owner` made for `friend`, as `friend` keeps it (once the offer arrived). */
const endpointFor = (friend: TestNode, owner: TestNode): OnionAddress | undefined =>
  friend.store.endpoints.get(owner.onion)?.theirs?.address;

async function friendsWithEndpoints(network: MemoryNetwork): Promise<[TestNode, TestNode]> {
  const ada = await TestNode.create(network, 'ada');
  const bob = await TestNode.create(network, 'bob');
  await befriend(ada, bob);
  await until(() => endpointFor(bob, ada) !== undefined && endpointFor(ada, bob) !== undefined, 'endpoints exchanged');
  return [ada, bob];
}

/** Takes `node`'s public address off the network (as a closed address would), its endpoints stay. */
function unpublishPublicAddress(network: MemoryNetwork, node: TestNode): void {
  network.unpublish(node.onion, node.transport.inner as MemoryTransport);
}

describe('endpoints between friends', () => {
  it('each friend gets one endpoint of the other, which only their transport can reach', async () => {
    const network = new MemoryNetwork();
    const [ada, bob] = await friendsWithEndpoints(network);
    const adasForBob = endpointFor(bob, ada)!;
    expect(network.isPublished(adasForBob)).toBe(true);
    expect([ada.onion, bob.onion]).not.toContain(adasForBob);
    expect(ada.store.endpoints.list()).toHaveLength(1);
    // A stranger who learnt the address cannot find the service without bob's key.
    await expect(network.transport().dial(adasForBob)).rejects.toMatchObject({ reason: 'descriptor-not-found' });
    const withBobsKey = network.transport();
    await withBobsKey.authoriseClient(adasForBob, bob.store.endpoints.get(ada.onion)!.theirs!.clientKey);
    const connection = await withBobsKey.dial(adasForBob);
    connection.destroy();
  });

  it('friends reconnect and chat over their endpoints with both public addresses gone, after both restart', async () => {
    const network = new MemoryNetwork({ dialDelayMs: 20 });
    const [ada, bob] = await friendsWithEndpoints(network);
    await ada.restart();
    await bob.restart();
    // Dials made at start take 20 ms; the public addresses are gone before any of them lands.
    unpublishPublicAddress(network, ada);
    unpublishPublicAddress(network, bob);
    await bob.node.sendMessage(ada.onion, 'over the endpoint');
    await until(async () => (await texts(ada, bob.onion)).includes('over the endpoint'), 'the message arrives');
    expect(endpointFor(bob, ada)).toBe(bob.store.endpoints.get(ada.onion)?.theirs?.address);
  });

  it('removing a friend takes their endpoint down at once; re-adding gives a new one', async () => {
    const network = new MemoryNetwork();
    const [ada, bob] = await friendsWithEndpoints(network);
    const old = endpointFor(bob, ada)!;
    await ada.node.removeContact(bob.onion);
    await until(() => !network.isPublished(old), 'the endpoint is unpublished');
    expect(ada.store.endpoints.get(bob.onion)).toBeUndefined();
    await bob.node.removeContact(ada.onion);
    await befriend(ada, bob);
    await until(() => endpointFor(bob, ada) !== undefined, 'a new endpoint arrives');
    expect(endpointFor(bob, ada)).not.toBe(old);
    expect(network.isPublished(old)).toBe(false);
  });
});

describe('hostile endpoint offers', () => {
  it("a stranger's offer closes its session; nothing is kept or published", async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const eve = generateIdentity();
    const keys = deriveEndpointKeys(eve.seed, ada.onion, new Uint8Array(16));
    await captureLogs(async (lines) => {
      const peer = await HostilePeer.dial(network, ada.onion, eve);
      await peer.send({ kind: 'endpoint-offer', id: id(), ...signEndpointOffer(keys, eve.onionAddress, ada.onion, 1) });
      await peer.closed;
      expect(lines.some((line) => line.includes('UnexpectedMessageError'))).toBe(true);
    });
    expect(ada.store.endpoints.list()).toEqual([]);
  });

  it("a friend's forged, replayed or malformed offers close their session; what was kept stays", async () => {
    const network = new MemoryNetwork();
    const [ada, bob] = await friendsWithEndpoints(network);
    const bobKey = bob.store.identity.get().keyPair;
    const kept = ada.store.endpoints.get(bob.onion)!.theirs!;
    await bob.shutdown();
    const carol = generateIdentity();
    const carolsForBob = deriveEndpointKeys(carol.seed, bob.onion, new Uint8Array(16).fill(5));
    const bobsOwn = deriveEndpointKeys(bobKey.seed, ada.onion, new Uint8Array(16).fill(6));
    const attempts: { name: string; body: Uint8Array | undefined; offer?: object }[] = [
      // Someone else's endpoint, passed on as his: signed for the pair carol–bob, not bob–ada.
      {
        name: 'EndpointOfferForgedError',
        body: undefined,
        offer: signEndpointOffer(carolsForBob, carol.onionAddress, bob.onion, Date.now()),
      },
      // An offer older than the one kept (a replay of an earlier endpoint).
      {
        name: 'StaleEndpointOfferError',
        body: undefined,
        offer: signEndpointOffer(bobsOwn, bob.onion, ada.onion, kept.issuedAt - 1),
      },
      // A client key one byte short.
      { name: 'IncompleteInputError', body: Uint8Array.from([1, 4, ...id(), ...new Uint8Array(32 + 31 + 8 + 64)]) },
    ];
    for (const attempt of attempts) {
      await captureLogs(async (lines) => {
        const peer = await HostilePeer.dial(network, ada.onion, bobKey);
        await peer.greetAsFriend();
        if (attempt.body !== undefined) await peer.sendBytes(attempt.body);
        else await peer.send({ kind: 'endpoint-offer', id: id(), ...(attempt.offer as object) } as never);
        await peer.closed;
        await until(() => lines.some((line) => line.includes(attempt.name)), attempt.name);
      });
      expect(ada.store.endpoints.get(bob.onion)?.theirs).toEqual(kept);
    }
    expect(network.isPublished(carolsForBob.service.onionAddress)).toBe(false);
  });
});
