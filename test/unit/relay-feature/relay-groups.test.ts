// Group items ride the same mechanism: the group service plugs into the relay
// through RelayGroupBridge. Here a recording bridge stands in for it: a member seals a group
// message for another member who is offline and not its friend; a friend of both carries it.
import { afterEach, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import {
  decodeGroupMessage,
  encodeGroupMessageHeader,
  encodeGroupMessageSignedBytes,
} from '../../../src/protocol/groups/index.js';
import type { RelayFeature } from '../../../src/relay/feature/relay-feature.js';
import type { RelayGroupBridge, RelayedGroupItem } from '../../../src/relay/feature/ports.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { counting } from '../relay/vector-inputs.js';
import { goOffline, relayNode } from './helpers.js';

afterEach(tearDownNodes);

const GROUP_ID = counting(0xc0, 32);

/** A group message from `sender` (well-formed; its group-level checks are the group service's business). */
function groupMessage(sender: TestNode): RelayedGroupItem {
  const header = encodeGroupMessageHeader({
    groupId: GROUP_ID,
    epoch: counting(0xe0, 32),
    sender: sender.store.identity.get().keyPair.publicKey,
    seq: 1,
    prev: new Uint8Array(32),
    lamport: 1,
    createdAt: Date.now(),
  });
  return {
    kind: 'group-message',
    message: decodeGroupMessage(
      Uint8Array.from([
        ...encodeGroupMessageSignedBytes(header, counting(0, 24), counting(0, 40)),
        ...new Uint8Array(64),
      ]),
    ),
  };
}

/** A bridge that lets `members` post to the group and records what it is given. */
function recordingBridge(
  members: readonly OnionAddress[],
): RelayGroupBridge & { readonly delivered: [OnionAddress, RelayedGroupItem][] } {
  const delivered: [OnionAddress, RelayedGroupItem][] = [];
  return {
    delivered,
    mayRelay: (sender, groupId) =>
      groupId !== undefined && Buffer.from(groupId).equals(Buffer.from(GROUP_ID)) && members.includes(sender),
    relaySenders: () => members,
    deliver: (sender, item) => void delivered.push([sender, item]),
  };
}

const relayOf = (node: TestNode): RelayFeature => node.node.relay as RelayFeature;

describe('group items through the relay', () => {
  it('delivers a member’s group message to an offline member who is not its friend, and the receipt comes back', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, cy] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(ada, bob);
    await befriend(bob, cy);
    await goOffline(cy, bob);

    const item = groupMessage(ada);
    expect(relayOf(ada).sealGroupItem(cy.onion, item, 'group:first')).toBe(true);
    await until(async () => (await bob.node.relay.status()).held.envelopes === 1, 'Bob holds it');
    await goOffline(ada, bob);

    await cy.restart();
    const bridge = recordingBridge([ada.onion, cy.onion]);
    relayOf(cy).connectGroups(bridge);
    await until(() => bridge.delivered.length === 1, 'the group service gets the item');
    expect(bridge.delivered).toEqual([[ada.onion, item]]);
    await until(async () => (await bob.node.relay.status()).held.envelopes === 0, 'the receipt clears Bob');

    await ada.restart();
    await until(
      async () =>
        (await ada.node.relay.status()).outgoing.some(
          (o) => o.message === 'group:first' && o.relay.state === 'delivered',
        ),
      'Ada sees it delivered',
    );
    // Not a chat message: no conversation shows it, no message-relay event names it.
    expect(ada.eventsOf('message-relay')).toEqual([]);
  });

  it('refuses group items from a sender the group service does not let in, and without a group service', async () => {
    const network = new MemoryNetwork();
    const [ada, cy] = [await relayNode(network, 'ada'), await relayNode(network, 'cy')];
    const mallory = await relayNode(network, 'mallory');
    await befriend(ada, cy);
    await befriend(mallory, cy);
    const bridge = recordingBridge([ada.onion, cy.onion]);
    relayOf(cy).connectGroups(bridge);

    // Mallory is Cy's friend but not a member: the item is rejected, and Mallory hears so.
    expect(relayOf(mallory).sealGroupItem(cy.onion, groupMessage(mallory), 'group:sneaky')).toBe(true);
    await until(
      async () =>
        (await mallory.node.relay.status()).outgoing.some(
          (o) => o.relay.state === 'dropped' && o.relay.reason === 'rejected',
        ),
      'rejected',
    );
    expect(bridge.delivered).toEqual([]);

    // Ada is a member, but Cy's next node has no group service connected: refused too.
    await cy.restart();
    expect(relayOf(ada).sealGroupItem(cy.onion, groupMessage(ada), 'group:early')).toBe(true);
    await until(
      async () =>
        (await ada.node.relay.status()).outgoing.some(
          (o) => o.relay.state === 'dropped' && o.relay.reason === 'rejected',
        ),
      'rejected without a group service',
    );
  });
});
