/**
 * A friend whose Burrow predates endpoints (docs/PROTOCOL.md "Endpoints", mixed versions): it
 * closes every session our offer goes out on. After a few such sessions the node stops offering,
 * so the friendship goes on over the public addresses instead of breaking on every session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_AFTER_SESSIONS } from '../../../src/contacts/feature/endpoints-feature.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { envelopeId as id, HostilePeer } from '../../shared/hostile-peer.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

/** One friend session as the old Burrow has it: greet, and report whether an offer came before our ping's pong. */
async function oldFriendSession(network: MemoryNetwork, target: TestNode, identity = generateIdentity()) {
  const peer = await HostilePeer.dial(network, target.onion, identity);
  await peer.greetAsFriend('old');
  await peer.send({ kind: 'ping', id: id() });
  await until(() => peer.core('pong').length === 1, 'the pong');
  const offered = peer.core('endpoint-offer').length > 0;
  await peer.close();
  return offered;
}

describe('a friend without endpoints', () => {
  it(`is offered an endpoint on ${LEGACY_AFTER_SESSIONS} sessions, then no more; the sessions themselves go on`, async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const old = generateIdentity();
    const asking = await HostilePeer.dial(network, ada.onion, old);
    await asking.send({ kind: 'contact-request', id: id(), displayName: 'old', text: 'hi' });
    await until(async () => (await ada.node.requests()).length === 1, 'the request arrives');
    await asking.close();
    await ada.node.acceptContact(old.onionAddress);
    const offers: boolean[] = [];
    for (let session = 0; session <= LEGACY_AFTER_SESSIONS; session++) {
      offers.push(await oldFriendSession(network, ada, old));
      await until(async () => !(await ada.node.contacts())[0]!.online, 'ada sees the session end');
    }
    expect(offers).toEqual([...Array<boolean>(LEGACY_AFTER_SESSIONS).fill(true), false]);
  });
});
