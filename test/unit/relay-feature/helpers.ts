/**
 * Helpers for the relay feature's node tests: nodes on a MemoryNetwork with a grace period of a
 * few milliseconds, going offline (stopped, store closed) and coming back (reopened from disk),
 * and waits on what a message's view says about its sealed copy.
 */
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { MessageView } from '../../../src/node/api.js';
import type { MessageRelayView } from '../../../src/relay/feature/api.js';
import type { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { FAST_TIMING, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

/** Seals after 30 ms offline: the tests wait on states, never on this number. */
export const RELAY_TEST_GRACE_MS = 30;

/** A node whose friends count as offline after {@link RELAY_TEST_GRACE_MS}. */
export async function relayNode(network: MemoryNetwork, name: string): Promise<TestNode> {
  return TestNode.create(network, name, { timing: { ...FAST_TIMING, relayGraceMs: RELAY_TEST_GRACE_MS } });
}

/** `node` goes offline (stopped, store closed), and its friends notice. */
export async function goOffline(node: TestNode, ...friends: TestNode[]): Promise<void> {
  await node.shutdown();
  for (const friend of friends) {
    await until(
      async () => !(await friend.node.contacts()).some((c) => c.onion === node.onion && c.online),
      `${friend.store.identity.get().displayName} sees it offline`,
    );
  }
}

/** `node` comes back from disk, and is online with each of `friends`. */
export async function comeBack(node: TestNode, ...friends: TestNode[]): Promise<void> {
  await node.restart();
  for (const friend of friends) {
    await until(
      async () => (await node.node.contacts()).some((c) => c.onion === friend.onion && c.online),
      'back online with a friend',
    );
  }
}

/** The message `id` as `node` shows it in its conversation with `peer`. */
export async function messageOf(node: TestNode, peer: OnionAddress, id: string): Promise<MessageView | undefined> {
  return (await node.node.history(peer, { limit: 500 })).find((message) => message.id === id);
}

/** Waits until the sealed copy of message `id` stands as `expected` says (every field given). */
export async function untilRelay(
  node: TestNode,
  peer: OnionAddress,
  id: string,
  expected: Partial<MessageRelayView>,
  what: string,
): Promise<void> {
  await until(async () => {
    const relay = (await messageOf(node, peer, id))?.relay;
    return (
      relay !== undefined &&
      Object.entries(expected).every(([key, value]) => relay[key as keyof MessageRelayView] === value)
    );
  }, what);
}
