/**
 * Group chat over the private Tor network: four members whose friendships form a
 * chain A–B–C–D, on two client tors (each tor publishes two of the onion services, and every
 * friendship crosses from one tor to the other). A and D are not friends and never connect:
 * - A's message reaches D and D's reply reaches A;
 * - D, offline during a conversation, catches up on return, in order;
 * - removing D rotates the key, and D cannot decrypt what is sent after;
 * - forged and replayed group messages are refused (over a raw session with D's identity).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHexId, GroupEngine, openEpochKey } from '../../src/groups/index.js';
import type { GroupView } from '../../src/groups/feature/api.js';
import {
  decodeGroupMessage,
  encodeGroupMessage,
  type GroupWireMessage,
  type UnverifiedGroupMessage,
} from '../../src/protocol/groups/index.js';
import { encodeMessage } from '../../src/protocol/envelope/index.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';
import { TorTransport } from '../../src/transport/tor/tor-transport.js';
import { befriend } from '../shared/befriend.js';
import { TOR_WAIT, TorPeer, untilTor } from '../shared/tor-peer.js';
import { launchTestTor, type TestTor } from './helpers/launch-test-tor.js';

let workDir: string;
const tors: TestTor[] = [];
const peers: TorPeer[] = [];
let groupId = '';

const groupOf = async (peer: TorPeer): Promise<GroupView | undefined> =>
  (await peer.node.groups.list()).find((group) => group.id === groupId);
const textsOf = async (peer: TorPeer): Promise<string[]> =>
  (await peer.node.groups.history(groupId, { limit: 500 })).flatMap((entry) =>
    entry.type === 'message' ? [entry.text] : [],
  );

async function converged(members: readonly TorPeer[], texts: readonly string[]): Promise<void> {
  await untilTor(
    async () => {
      for (const member of members) if ((await textsOf(member)).join('\n') !== texts.join('\n')) return false;
      return true;
    },
    `${members.map((member) => member.name).join(', ')} see ${texts.length} messages in order`,
  );
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-groups-tor-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor()])));
  // A and C on the first tor, B and D on the second: every friendship crosses between the two.
  peers.push(
    ...(await Promise.all(
      ['ada', 'bob', 'cyd', 'dee'].map((name, index) =>
        TorPeer.create({ name, dir: join(workDir, name), tor: tors[index % 2]! }),
      ),
    )),
  );
  const [a, b, c, d] = peers;
  await Promise.all([befriend(a!, b!, TOR_WAIT), befriend(b!, c!, TOR_WAIT), befriend(c!, d!, TOR_WAIT)]);
}, 300_000);

afterAll(async () => {
  for (const peer of peers) await peer.stop().catch(() => undefined);
  await Promise.all(tors.map((tor) => tor.stop()));
  await rm(workDir, { recursive: true, force: true });
});

describe('groups over the private Tor network', () => {
  it("carries A's message to D and D's reply to A along the chain", async () => {
    const [a, b, c, d] = peers as [TorPeer, TorPeer, TorPeer, TorPeer];
    groupId = (await a.node.groups.create('tor climbers')).id;
    for (const [inviter, invitee, promote] of [
      [a, b, true],
      [b, c, true],
      [c, d, false],
    ] as const) {
      await inviter.node.groups.invite(groupId, invitee.onion);
      await untilTor(async () => (await invitee.node.groups.invitations()).length === 1, `${invitee.name} is invited`);
      await invitee.node.groups.accept((await invitee.node.groups.invitations())[0]!.id);
      await untilTor(async () => (await groupOf(invitee))?.isMember === true, `${invitee.name} joins`);
      if (promote) {
        await inviter.node.groups.addAdmin(groupId, invitee.onion);
        await untilTor(async () => (await groupOf(invitee))?.isAdmin === true, `${invitee.name} is admin`);
      }
    }
    for (const peer of peers)
      await untilTor(async () => (await groupOf(peer))?.members.length === 4, `${peer.name} knows all four members`);

    await a.node.groups.send(groupId, 'hello from ada, over tor');
    await untilTor(async () => (await textsOf(d)).includes('hello from ada, over tor'), 'D gets A’s message');
    await d.node.groups.send(groupId, 'hi ada, dee here');
    await converged(peers, ['hello from ada, over tor', 'hi ada, dee here']);
    const aSeenByD = (await groupOf(d))!.members.find((member) => member.onion === a.onion);
    expect(aSeenByD).toMatchObject({ name: 'ada', isFriend: false, isAdmin: true });
    expect((await c.node.status()).online).toBe(2);
    expect((await a.node.contacts()).map((contact) => contact.onion)).toEqual([b.onion]);
  }, 300_000);

  it('lets D, offline during a conversation, catch up in order on return', async () => {
    const [a, b, c, d] = peers as [TorPeer, TorPeer, TorPeer, TorPeer];
    await d.stop();
    await untilTor(async () => (await c.node.status()).online === 1, 'C sees D go');
    await a.node.groups.send(groupId, 'while dee was away 1');
    await untilTor(async () => (await textsOf(c)).includes('while dee was away 1'), 'C gets it');
    await c.node.groups.send(groupId, 'while dee was away 2');
    await untilTor(async () => (await textsOf(b)).includes('while dee was away 2'), 'B gets it');
    await b.node.groups.send(groupId, 'while dee was away 3');
    const expected = [
      'hello from ada, over tor',
      'hi ada, dee here',
      'while dee was away 1',
      'while dee was away 2',
      'while dee was away 3',
    ];
    await converged([a, b, c], expected);
    await d.start();
    await converged(peers, expected);
  }, 300_000);

  it('rotates the key on removal: D cannot decrypt what follows', async () => {
    const [a, b, c, d] = peers as [TorPeer, TorPeer, TorPeer, TorPeer];
    await a.node.groups.remove(groupId, d.onion);
    await untilTor(async () => (await groupOf(d))?.isMember === false, 'D learns of the removal');
    for (const peer of [a, b, c])
      await untilTor(async () => (await groupOf(peer))?.members.length === 3, `${peer.name} sees three members`);
    await a.node.groups.send(groupId, 'after dee was removed');
    await untilTor(async () => (await textsOf(c)).includes('after dee was removed'), 'C reads it');
    expect(await textsOf(d)).not.toContain('after dee was removed');

    // Everything C holds, handed to D's own engine rebuilt from D's store: the new epoch's key is not D's to open.
    const identity = d.store.identity.get().keyPair;
    const engine = new GroupEngine({ identity, isFriend: () => true, now: Date.now() });
    engine.restoreGroup(groupId, c.store.groups.ops(fromHexId(groupId)), d.store.groups.messages(fromHexId(groupId)));
    const replica = engine.replica(groupId)!;
    const epoch = replica.log.get(replica.state.epoch.id)!;
    expect(epoch.kind).toBe('remove');
    expect('grant' in epoch.payload && openEpochKey(epoch.payload.grant, identity)).toBe(undefined);
    const held = c.store.groups.messages(fromHexId(groupId)).map(decodeGroupMessage);
    const effects = engine.receive(c.onion, items(groupId, held), Date.now());
    expect(
      effects.events.some((event) => event.type === 'refused' && event.error.name === 'GroupMessageUnreadableError'),
    ).toBe(true);
    expect(engine.timeline(groupId).map((entry) => entry.text)).not.toContain('after dee was removed');
  }, 300_000);

  it('refuses forged and replayed group messages', async () => {
    const [, , c, d] = peers as [TorPeer, TorPeer, TorPeer, TorPeer];
    const held = c.store.groups.messages(fromHexId(groupId)).map(decodeGroupMessage);
    const identity = d.store.identity.get().keyPair;
    await d.stop();
    await untilTor(async () => (await c.node.status()).online === 1, 'C sees D go');
    const textsBefore = await textsOf(c);
    const refusedBefore = c.events.filter((event) => event.type === 'group-refused').length;

    // D's identity, on a raw session over Tor: C still counts D as a friend.
    const dialer = new TorTransport({ tor: d.tor.tor });
    try {
      const connection = await dialer.dial(c.onion, { timeoutMs: 60_000 });
      const session = await upgradeOutbound(connection, { identity, remote: c.onion, timeoutMs: 60_000 });
      const send = (message: GroupWireMessage): Promise<void> =>
        session.send(encodeMessage({ kind: 'group', id: new Uint8Array(randomBytes(16)), message }));

      // Replays of what C holds: dropped by id, nothing new, the session stays up.
      await send(items(groupId, held.slice(-3)));
      // A group C is not in: ignored with a typed refusal.
      await send(items(randomBytes(32).toString('hex'), held.slice(-1)));
      await untilTor(
        () => c.events.some((event) => event.type === 'group-refused' && event.error === 'UnknownGroupError'),
        'the unknown group is refused',
      );
      expect(session.isOpen).toBe(true);

      // A's last message with one ciphertext bit flipped (a new id, her signature kept): a forgery.
      const bytes = encodeGroupMessage(held.at(-1)!);
      bytes[bytes.length - 65]! ^= 1;
      await send(items(groupId, [decodeGroupMessage(bytes)]));
      await session.closed;
      await untilTor(
        () => c.events.some((event) => event.type === 'group-refused' && event.error === 'GroupMessageSignatureError'),
        'the forgery is refused',
      );
    } finally {
      await dialer.close();
    }
    expect(c.events.filter((event) => event.type === 'group-refused').length).toBe(refusedBefore + 2);
    expect(await textsOf(c)).toEqual(textsBefore);
  }, 300_000);
});

function items(group: string, messages: readonly UnverifiedGroupMessage[]): GroupWireMessage {
  return {
    kind: 'group-items',
    groupId: fromHexId(group),
    more: false,
    items: messages.map((message) => ({ type: 'message', message })),
  };
}
