/**
 * Hostile group lifecycle actions, from the attacker's side: a member whose client skips the
 * checks (Mallory, not an admin) signs well-formed actions and sends them to Bob herself — an
 * edit and a delete of Ada's message, a timer, replays of them — and, once removed, a delete of
 * her own earlier message. Bob keeps every message as it was; a non-admin's timer is no line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import { fromHexId, GroupEngine } from '../../../src/groups/index.js';
import type { ChatAction } from '../../../src/protocol/chat/chat-action.js';
import type { GroupWireMessage, UnverifiedGroupMessage } from '../../../src/protocol/groups/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { adaBobMallory, converged, groupOf, historyOf } from './helpers.js';

afterEach(tearDownNodes);

function itemsOf(groupId: string, messages: readonly UnverifiedGroupMessage[]): GroupWireMessage {
  return {
    kind: 'group-items',
    groupId: fromHexId(groupId),
    more: false,
    items: messages.map((message) => ({ type: 'message', message })),
  };
}

/** Mallory's own engine, rebuilt from her store: it signs whatever she asks, unchecked by the API. */
function malloryEngine(mallory: TestNode, groupId: string): GroupEngine {
  const engine = new GroupEngine({ identity: mallory.store.identity.get().keyPair, isFriend: () => true, now: 1 });
  const id = fromHexId(groupId);
  engine.restoreGroup(groupId, mallory.store.groups.ops(id), mallory.store.groups.messages(id));
  return engine;
}

function sign(engine: GroupEngine, groupId: string, text: string, action: ChatAction): UnverifiedGroupMessage {
  const effects = engine.post(groupId, text, Date.now(), action);
  return effects.changes.flatMap((change) => change.messages).at(-1)!.wire;
}

const target = (id: string) => fromHexId(id);

describe('hostile group lifecycle actions', () => {
  it('a member cannot edit, delete or set the timer for others, nor replay it; once removed, not even her own', async () => {
    const network = new MemoryNetwork();
    const { ada, bob, mal, groupId } = await adaBobMallory(network);
    const legit = await ada.node.groups.send(groupId, 'legit');
    const hers = await mal.node.groups.send(groupId, 'mine');
    await converged([ada, bob, mal], groupId, 2);
    const engine = malloryEngine(mal, groupId);
    const identity: IdentityKeyPair = mal.store.identity.get().keyPair;
    await mal.shutdown();
    await until(async () => (await bob.node.status()).online === 1, 'bob sees mallory go');

    const forged = [
      sign(engine, groupId, 'ada says I am right', { kind: 'edit', target: target(legit.id) }),
      sign(engine, groupId, '', { kind: 'delete', target: target(legit.id) }),
      sign(engine, groupId, '', { kind: 'timer', seconds: 5 }),
    ];
    const session = await HostilePeer.dial(network, bob.onion, identity);
    await session.greetAsFriend();
    await session.sendService('group', itemsOf(groupId, forged));
    await session.replay();
    // Her actions are stored like any message (they count toward her budget) but change nothing.
    await until(() => bob.store.groups.messages(fromHexId(groupId)).length === 5, 'bob stores them');
    expect(await bob.node.groups.lifecycle.timer(groupId)).toBe(0);
    expect(session.isOpen).toBe(true);
    const expectUntouched = async (node: TestNode) => {
      const lines = await historyOf(node, groupId);
      expect(lines.find((line) => line.id === legit.id)).toMatchObject({ text: 'legit' });
      expect(lines.find((line) => line.id === legit.id)).not.toHaveProperty('deleted');
      expect(lines.find((line) => line.id === legit.id)).not.toHaveProperty('edited');
      expect(lines.filter((line) => line.type === 'message')).toHaveLength(2);
    };
    await expectUntouched(bob);
    await expectUntouched(ada);
    await session.close();

    // Removed, her own message is out of her reach too: what she signs after the removal does not count.
    await ada.node.groups.remove(groupId, mal.onion);
    await until(async () => (await groupOf(bob, groupId))?.members.length === 2, 'bob learns of the removal');
    const late = sign(engine, groupId, '', { kind: 'delete', target: target(hers.id) });
    const again = await HostilePeer.dial(network, bob.onion, identity);
    await again.greetAsFriend();
    await again.sendService('group', itemsOf(groupId, [late]));
    await until(
      () => bob.eventsOf('group-refused').some((event) => event.onion === identity.onionAddress),
      'the late delete is refused',
    );
    const mine = (await historyOf(bob, groupId)).find((line) => line.id === hers.id);
    expect(mine).toMatchObject({ text: 'mine' });
    expect(mine).not.toHaveProperty('deleted');
  });
});
