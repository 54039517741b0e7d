/**
 * A hostile friend of two honest users, over the private Tor network, trying at once what the
 * attacker's tests show one at a time (docs/ARCHITECTURE.md "Tests", hostile peers):
 *
 * - Mallory rewrites her own line in the group (a second message in her occupied place);
 * - Mallory, holding Ada's sealed message for Bob, hands Bob a broken copy first, hoping Bob
 *   remembers the id as rejected so the genuine copy is refused (censorship);
 * - while throwaway identities fill Bob's door with more silent stranger sessions than it has
 *   places, and a genuine stranger asks to be Bob's friend.
 *
 * Bob keeps Mallory's first line and flags her, takes the genuine copy, lists the genuine
 * request; afterwards Ada and Bob chat, and the group works, as if nothing happened.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity, type IdentityKeyPair } from '../../src/crypto/identity.js';
import type { NodeTiming } from '../../src/app/index.js';
import { fromHexId, GroupReplica } from '../../src/groups/index.js';
import { MAX_NON_FRIEND_SESSIONS } from '../../src/node/node-timing.js';
import { decodeGroupMessage, decodeGroupOp } from '../../src/protocol/groups/index.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';
import type { TestTor } from '../shared/testnet-tor.js';
import { befriend } from '../shared/befriend.js';
import { HostilePeer } from '../shared/hostile-peer.js';
import { TOR_TIMING, TOR_WAIT, TorPeer, untilTor } from '../shared/tor-peer.js';
import { impostor } from '../unit/relay-feature/hostile-envelopes.js';
import { launchTestTor } from './helpers/launch-test-tor.js';

/** A friend away for a second gets what waits for them sealed. */
const TIMING: Partial<NodeTiming> = { ...TOR_TIMING, relayGraceMs: 1_000 };

let workDir: string;
const tors: TestTor[] = [];
const peers: TorPeer[] = [];
const hostile: HostilePeer[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-hostile-tor-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor()])));
});

afterAll(async () => {
  await Promise.all(hostile.map((peer) => peer.close().catch(() => undefined)));
  await Promise.all(peers.map((peer) => peer.stop().catch(() => undefined)));
  await Promise.all(tors.map((tor) => tor.stop()));
  await rm(workDir, { recursive: true, force: true });
});

async function start(name: string, tor: TestTor): Promise<TorPeer> {
  const peer = await TorPeer.create({
    name,
    dir: join(workDir, `${name}-${randomBytes(3).toString('hex')}`),
    tor,
    node: { timing: TIMING },
  });
  peers.push(peer);
  return peer;
}

/** A raw session from `tor` to `target` as `identity`: a client that speaks the protocol, and lies. */
async function dialAs(tor: TestTor, target: TorPeer, identity: IdentityKeyPair): Promise<HostilePeer> {
  const connection = await tor.transport.dial(target.onion, {
    timeoutMs: 90_000,
    isolationKey: `${identity.onionAddress}-${target.onion}`,
  });
  const peer = HostilePeer.on(
    await upgradeOutbound(connection, { identity, remote: target.onion, timeoutMs: 90_000 }),
    identity,
  );
  hostile.push(peer);
  return peer;
}

const received = (peer: TorPeer, text: string): number =>
  peer.events.filter((e) => e.type === 'message' && e.message.direction === 'in' && e.message.text === text).length;

async function groupTexts(peer: TorPeer, groupId: string): Promise<string[]> {
  return (await peer.node.groups.history(groupId, { limit: 500 })).flatMap((e) =>
    e.type === 'message' ? [e.text] : [],
  );
}

describe('a hostile friend of two honest users, over Tor', () => {
  it('cannot rewrite the group, censor a relayed message or shut the door; the honest users carry on', async () => {
    const [ada, bob, mal] = [
      await start('ada', tors[0]!),
      await start('bob', tors[1]!),
      await start('mallory', tors[0]!),
    ];
    await befriend(ada, bob, TOR_WAIT);
    await befriend(ada, mal, TOR_WAIT);
    await befriend(bob, mal, TOR_WAIT);

    // A group of the three, with a line from Mallory.
    const groupId = (await ada.node.groups.create('den')).id;
    for (const member of [bob, mal]) {
      await ada.node.groups.invite(groupId, member.onion);
      await untilTor(async () => (await member.node.groups.invitations()).length === 1, `${member.name} is invited`);
      await member.node.groups.accept((await member.node.groups.invitations())[0]!.id);
    }
    await untilTor(async () => (await ada.node.groups.get(groupId)).members.length === 3, 'three members');
    // Ada counts a member once its accept arrives; the member holds the group once her welcome does.
    for (const member of [bob, mal])
      await untilTor(
        async () => (await member.node.groups.list()).some((group) => group.id === groupId),
        `${member.name} holds the group`,
      );
    await mal.node.groups.send(groupId, 'mallory was here');
    for (const peer of [ada, bob])
      await untilTor(async () => (await groupTexts(peer, groupId)).includes('mallory was here'), `${peer.name} has it`);

    // Bob goes away; Ada writes to him; Mallory holds the sealed copy; Ada goes away too.
    await bob.stop();
    await untilTor(async () => !(await ada.isOnlineWith(bob)) && !(await mal.isOnlineWith(bob)), 'bob gone');
    const sent = await ada.node.sendMessage(bob.onion, 'held for bob');
    await untilTor(
      async () =>
        (await ada.node.history(bob.onion, { limit: 5 })).find((m) => m.id === sent.id)?.relay?.state === 'held',
      'mallory holds the sealed copy',
    );
    const genuine = mal.store.relay.load().state.held.find((held) => held.envelope !== undefined)!.envelope!;
    // Mallory's rewrite: her group as she held it before her line, so the new line takes its place.
    const id = fromHexId(groupId);
    const malloryIdentity = mal.identity;
    const replica = GroupReplica.restore(
      { identity: malloryIdentity, random: (length) => new Uint8Array(randomBytes(length)) },
      groupId,
      mal.store.groups.ops(id).map(decodeGroupOp),
      mal.store.groups
        .messages(id)
        .map(decodeGroupMessage)
        .filter(
          (message) => Buffer.compare(Buffer.from(message.header.sender), Buffer.from(malloryIdentity.publicKey)) !== 0,
        ),
    );
    const rewrite = replica.post('mallory never said that', Date.now()).message;
    await ada.stop();
    await mal.stop();

    await bob.start();
    // The door: more silent strangers than Bob has places, from throwaway identities…
    const knockers = Array.from({ length: MAX_NON_FRIEND_SESSIONS + 8 }, () => generateIdentity());
    const knocking = Promise.allSettled(knockers.map((identity) => dialAs(tors[0]!, bob, identity)));
    // …while Mallory, as herself, lies to Bob.
    const mallory = await dialAs(tors[0]!, bob, malloryIdentity);
    const carrier = await impostor(mallory);
    await carrier.send({
      type: 'relay-envelope',
      envelope: { ...genuine, ciphertext: genuine.ciphertext.map((byte, index) => (index === 40 ? byte ^ 1 : byte)) },
    });
    await untilTor(() => carrier.verdict(genuine.id) !== undefined, 'a verdict on the broken copy');
    await carrier.send({ type: 'relay-envelope', envelope: genuine });
    await untilTor(() => received(bob, 'held for bob') === 1, 'the genuine copy is taken after the broken one');
    await mallory.sendService('group', {
      kind: 'group-items',
      groupId: id,
      more: false,
      items: [{ type: 'message', message: rewrite.wire }],
    });
    await untilTor(
      async () =>
        (await bob.node.groups.get(groupId)).members.some((m) => m.onion === mal.onion && m.equivocated === true),
      'bob flags mallory',
    );
    expect(await groupTexts(bob, groupId)).toContain('mallory was here');
    expect(await groupTexts(bob, groupId)).not.toContain('mallory never said that');

    // A genuine stranger still gets in, through the crowd.
    const cy = generateIdentity();
    const cySession = await dialAs(tors[1]!, bob, cy);
    await cySession.send({
      kind: 'contact-request',
      id: new Uint8Array(randomBytes(16)),
      displayName: 'cy',
      text: 'hello bob',
    });
    await untilTor(
      async () => (await bob.node.requests()).some((request) => request.onion === cy.onionAddress),
      'the genuine request is listed',
    );
    const knocked = (await knocking).filter((result) => result.status === 'fulfilled').length;
    expect(knocked).toBeGreaterThan(MAX_NON_FRIEND_SESSIONS / 2);

    // Ada comes back: chat both ways, the group, and her sealed message shown delivered.
    await ada.start();
    await untilTor(() => ada.isOnlineWith(bob), 'ada and bob meet');
    await untilTor(
      async () =>
        (await ada.node.history(bob.onion, { limit: 5 })).find((m) => m.id === sent.id)?.state === 'delivered',
      'ada sees her sealed message delivered',
    );
    await ada.node.sendMessage(bob.onion, 'all well?');
    await untilTor(() => received(bob, 'all well?') === 1, 'bob gets ada’s message');
    await bob.node.sendMessage(ada.onion, 'all well.');
    await untilTor(() => received(ada, 'all well.') === 1, 'ada gets bob’s answer');
    await ada.node.groups.send(groupId, 'the den stands');
    await untilTor(async () => (await groupTexts(bob, groupId)).includes('the den stands'), 'the group works');
    expect(received(bob, 'held for bob')).toBe(1);
  }, 600_000);
});
