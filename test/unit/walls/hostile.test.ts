/**
 * A friend who turns hostile, against walls (docs/PROTOCOL.md "Walls", what a hostile reader
 * can do): Mallory, a friend of Ada and of Bob, speaks the wall protocol by hand. She forges
 * posts and entries, replays, floods comments, asks for an epoch she was removed from, and
 * looks for the rest of Ada's audience in everything Ada sends her.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../../../src/crypto/onion-address.js';
import type { WallMessage } from '../../../src/protocol/walls/wall-wire.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { WALL_ITEM_RATE, WALL_SUBMIT_RATE } from '../../../src/walls/limits.js';
import { decryptWallItem, encryptWallItem, openWallKey, sealWallKey } from '../../../src/walls/wall-cipher.js';
import { openEntry, signEntry } from '../../../src/walls/wall-entry.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId, HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { wallPosts } from './helpers.js';

afterEach(tearDownNodes);

interface Cast {
  readonly ada: TestNode;
  readonly bob: TestNode;
  readonly network: MemoryNetwork;
  readonly mallory: IdentityKeyPair;
}

/** Ada, Bob and Mallory, all friends of each other; Mallory's node is stopped (she speaks by hand). */
async function cast(): Promise<Cast & { malloryNode: TestNode }> {
  const network = new MemoryNetwork();
  const ada = await TestNode.create(network, 'ada');
  const bob = await TestNode.create(network, 'bob');
  const malloryNode = await TestNode.create(network, 'mallory');
  await befriend(ada, bob);
  await befriend(ada, malloryNode);
  await befriend(bob, malloryNode);
  return { ada, bob, network, mallory: malloryNode.store.identity.get().keyPair, malloryNode };
}

/** Mallory, by hand, on a session with `target`. */
async function malloryAt(cast: Cast, target: TestNode): Promise<HostilePeer> {
  const peer = await HostilePeer.dial(cast.network, target.onion, cast.mallory);
  await peer.greetAsFriend('mallory');
  return peer;
}

/** Waits until `target` has read everything `peer` sent so far (it answers a ping after what came before). */
async function drained(peer: HostilePeer): Promise<void> {
  const id = envelopeId();
  await peer.send({ kind: 'ping', id });
  await until(
    () => peer.core('pong').some((pong) => Buffer.from(pong.pingId).equals(Buffer.from(id))),
    'the target answers the ping',
    60_000,
  );
}

/** What Mallory can read of `owner`'s wall from what it sent her: each item's seq and entry text. */
function readable(peer: HostilePeer, owner: OnionAddress): { seq: number; text: string }[] {
  const messages = peer.messages('wall');
  const keys = new Map<string, Uint8Array>();
  for (const message of messages)
    if (message.kind === 'wall-key')
      keys.set(Buffer.from(message.epoch).toString('hex'), openWallKey(message, peer.identity));
  const out: { seq: number; text: string }[] = [];
  for (const message of messages) {
    if (message.kind !== 'wall-item') continue;
    const key = keys.get(Buffer.from(message.epoch).toString('hex'));
    if (key === undefined) continue;
    const entry = openEntry(decryptWallItem(message, owner, key));
    out.push({
      seq: message.seq,
      text: entry.item.type === 'post' || entry.item.type === 'comment' ? entry.item.text : entry.item.type,
    });
  }
  return out;
}

const submit = (entry: Uint8Array): WallMessage => ({ kind: 'wall-submit', entry });

describe('a hostile reader of a wall', () => {
  it('cannot post on the owner’s wall, nor pass an entry off as someone else’s', async () => {
    const c = await cast();
    await c.malloryNode.shutdown();
    const post = await c.ada.node.walls.post('ada’s own words');
    await until(async () => (await wallPosts(c.bob, c.ada)).length === 1, 'Bob gets the post');

    // A post signed by Mallory, submitted to Ada: refused, and her session closed.
    let peer = await malloryAt(c, c.ada);
    await captureLogs(async () => {
      await peer.sendService(
        'wall',
        submit(signEntry(c.mallory, c.ada.onion, { type: 'post', text: 'forged' }, 'ada', 1).bytes),
      );
      await peer.closed;
    }, 'warn');
    // A comment whose author field is Bob's key, signed by Mallory: the signature does not verify.
    peer = await malloryAt(c, c.ada);
    const real = signEntry(c.mallory, c.ada.onion, { type: 'comment', post: post.id, text: 'as bob' }, 'bob', 1).bytes;
    const forged = Uint8Array.from(real);
    forged.set(publicKeyFromOnionAddress(c.bob.onion), 1 + 32);
    await captureLogs(async () => {
      await peer.sendService('wall', submit(forged));
      await peer.closed;
    }, 'warn');

    // Mallory hands Bob, as items of her own wall, Ada's genuine signed post: it names Ada's
    // wall, so Bob refuses it and closes her session.
    const fromAda = await malloryAt(c, c.ada);
    await fromAda.sendService('wall', { kind: 'wall-sync', since: 0 });
    await until(() => readable(fromAda, c.ada.onion).length === 1, 'Mallory reads Ada’s post');
    const adaItem = fromAda.messages('wall').find((message) => message.kind === 'wall-item')!;
    const adaKey = fromAda.messages('wall').find((message) => message.kind === 'wall-key')!;
    const adaEntry = decryptWallItem(adaItem, c.ada.onion, openWallKey(adaKey, c.mallory));
    const toBob = await malloryAt(c, c.bob);
    const epoch = new Uint8Array(16).fill(7);
    const key = new Uint8Array(32).fill(9);
    const random = (length: number) => new Uint8Array(length).fill(3);
    await captureLogs(async () => {
      await toBob.sendService('wall', { kind: 'wall-key', ...sealWallKey(epoch, key, c.bob.onion, random) });
      await toBob.sendService('wall', {
        kind: 'wall-item',
        ...encryptWallItem(adaEntry, { owner: c.mallory.onionAddress, epoch, key, seq: 1 }, random),
      });
      await toBob.closed;
    }, 'warn');

    expect((await c.ada.node.walls.get()).posts.map((shown) => [shown.text, shown.comments.length])).toEqual([
      ['ada’s own words', 0],
    ]);
    expect((await c.bob.node.walls.get(c.ada.onion)).posts).toHaveLength(1);
    expect((await c.bob.node.walls.get(c.mallory.onionAddress)).posts).toEqual([]);
  });

  it('gets a replayed comment published once, and a flood of comments cut at the per-friend limit', async () => {
    const c = await cast();
    await c.malloryNode.shutdown();
    const post = await c.ada.node.walls.post('comment away');
    const peer = await malloryAt(c, c.ada);
    await peer.sendService(
      'wall',
      submit(signEntry(c.mallory, c.ada.onion, { type: 'comment', post: post.id, text: 'once' }, 'm', 1).bytes),
    );
    await peer.replay();
    await peer.replay();
    await drained(peer);
    const comments = async () => (await c.ada.node.walls.get()).posts[0]!.comments;
    expect((await comments()).map((comment) => comment.text)).toEqual(['once']);

    const started = Date.now();
    await captureLogs(async () => {
      await peer.flood(300, (index) => ({
        kind: 'wall',
        id: envelopeId(),
        message: submit(
          signEntry(c.mallory, c.ada.onion, { type: 'comment', post: post.id, text: `spam ${index}` }, 'm', 2).bytes,
        ),
      }));
      await drained(peer);
    }, 'warn');
    const refills = Math.ceil((Date.now() - started) / WALL_SUBMIT_RATE.refillIntervalMs);
    const published = (await comments()).length;
    // The first comment and its two replays spent three of her tokens: the rest went to the flood.
    expect(published).toBeGreaterThanOrEqual(WALL_SUBMIT_RATE.capacity - 2);
    expect(published).toBeLessThanOrEqual(WALL_SUBMIT_RATE.capacity - 2 + refills);
    expect(peer.isOpen).toBe(true);
  });

  it('gets no item of an epoch it was removed from, and nothing that names the rest of the audience', async () => {
    const c = await cast();
    await c.ada.node.walls.post('before');
    await until(async () => (await wallPosts(c.malloryNode, c.ada)).length === 1, 'Mallory gets the first post');
    await c.ada.node.removeContact(c.mallory.onionAddress);
    await c.ada.node.walls.post('while mallory is out');
    await until(async () => (await wallPosts(c.bob, c.ada)).length === 2, 'Bob gets the second post');
    await c.malloryNode.node.removeContact(c.ada.onion);
    await befriend(c.ada, c.malloryNode);
    await c.ada.node.walls.post('after');
    await until(async () => (await wallPosts(c.malloryNode, c.ada)).length === 2, 'Mallory gets the third post');
    await c.malloryNode.shutdown();

    // By hand, she asks for everything since the start.
    const peer = await malloryAt(c, c.ada);
    await peer.sendService('wall', { kind: 'wall-sync', since: 0 });
    await drained(peer);
    const got = readable(peer, c.ada.onion);
    expect(got.map((item) => item.text)).toEqual(['before', 'after']);
    // Every item she got opened with a key she was sent: no ciphertext of the epoch she missed.
    expect(peer.messages('wall').filter((message) => message.kind === 'wall-item')).toHaveLength(2);

    // Nothing Ada sent her, opened or not, carries Bob's key or address.
    const bobKey = Buffer.from(publicKeyFromOnionAddress(c.bob.onion));
    const bobOnion = Buffer.from(c.bob.onion);
    for (const message of peer.received) {
      const bytes = Buffer.from(
        JSON.stringify(message, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
        ),
      );
      expect(bytes.includes(bobKey.toString('hex'))).toBe(false);
      expect(bytes.includes(bobOnion)).toBe(false);
    }
    expect((await c.ada.node.walls.get()).audience).toBe(3);
  });

  it('as the owner of her own wall, floods a reader with keys and items only up to the per-friend limits', async () => {
    const c = await cast();
    await c.malloryNode.shutdown();
    const peer = await malloryAt(c, c.bob);
    const random = (length: number) => new Uint8Array(randomBytes(length));
    const key = random(32);
    const started = Date.now();
    await captureLogs(async () => {
      await peer.flood(1000, () => ({
        kind: 'wall',
        id: envelopeId(),
        message: { kind: 'wall-key', ...sealWallKey(random(16), key, c.bob.onion, random) },
      }));
      const epoch = random(16);
      await peer.sendService('wall', { kind: 'wall-key', ...sealWallKey(epoch, key, c.bob.onion, random) });
      await peer.flood(300, (index) => ({
        kind: 'wall',
        id: envelopeId(),
        message: {
          kind: 'wall-item',
          ...encryptWallItem(
            signEntry(c.mallory, c.mallory.onionAddress, { type: 'post', text: `junk ${index}` }, 'm', 1).bytes,
            { owner: c.mallory.onionAddress, epoch, key, seq: index + 1 },
            random,
          ),
        },
      }));
      await drained(peer);
    }, 'warn');
    const refills = Math.ceil((Date.now() - started) / WALL_ITEM_RATE.refillIntervalMs);
    const keys = c.bob.store.walls.keys().filter((held) => held.owner === c.mallory.onionAddress).length;
    const items = c.bob.store.walls.items().filter((held) => held.owner === c.mallory.onionAddress).length;
    expect(keys + items).toBeLessThanOrEqual(WALL_ITEM_RATE.capacity + refills);
    expect(keys).toBeGreaterThanOrEqual(WALL_ITEM_RATE.capacity);
    expect(peer.isOpen).toBe(true);
  });
});
