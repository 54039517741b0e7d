/**
 * Walls over real nodes on the in-memory network: A is friends with B and with C, who are not
 * friends of each other. A's wall reaches its readers, syncs to a friend who was offline,
 * carries C's comment to B (republished by A, signed by C, with C's fingerprint), and leaves an
 * unfriended C out of what A posts after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph } from '../groups-feature/helpers.js';
import { inAudience, wallPosts } from './helpers.js';

afterEach(tearDownNodes);

describe('walls among friends', () => {
  it('posts reach the readers, sync after a restart, carry comments and reactions, and skip the unfriended', async () => {
    const [a, b, c] = await graph(
      new MemoryNetwork(),
      ['ada', 'bob', 'cyd'],
      [
        [0, 1],
        [0, 2],
      ],
    );
    await inAudience(b!, a!);
    await inAudience(c!, a!);
    // Walls are not groups: nothing of them shows there.
    expect(await a!.node.groups.list()).toEqual([]);
    expect(await b!.node.groups.invitations()).toEqual([]);

    // B is offline while A posts; on coming back, sync since B's high-water mark brings it.
    await b!.shutdown();
    const first = await a!.node.walls.post('first post, while bob is away');
    await until(async () => (await wallPosts(c!, a!)).length === 1, 'C gets the post');
    await b!.restart();
    await until(
      async () => (await wallPosts(b!, a!)).some((post) => post.id === first.id),
      'B gets the post after its restart',
    );

    // C (not B's friend) comments; B sees it, republished by A, marked with C's fingerprint.
    await c!.node.walls.comment(first.id.slice(0, 8), 'nice one');
    await b!.node.walls.react(first.id, '👍');
    await until(async () => {
      const [post] = await wallPosts(b!, a!);
      return post?.comments.length === 1 && post.reactions.length === 1;
    }, 'B sees C’s comment and its own reaction');
    const [seen] = await wallPosts(b!, a!);
    expect(seen!.comments[0]).toMatchObject({
      text: 'nice one',
      author: {
        onion: c!.onion,
        name: 'cyd',
        isFriend: false,
        fingerprint: `${c!.onion.slice(0, 4)} ${c!.onion.slice(4, 8)}`,
      },
    });
    expect(seen!.reactions[0]).toMatchObject({ emoji: '👍', count: 1, mine: true });
    expect((await b!.node.walls.feed()).map((post) => post.text)).toEqual(['first post, while bob is away']);
    // A reader is never told the audience.
    expect((await b!.node.walls.get(a!.onion)).audience).toBeUndefined();
    expect((await a!.node.walls.get()).audience).toBe(3);

    // C deletes its own comment through A; B's copy of the wall drops it.
    await c!.node.walls.delete(seen!.comments[0]!.id);
    await until(async () => (await wallPosts(b!, a!))[0]?.comments.length === 0, 'the deletion reaches B');

    // A unfriends C and posts again: B reads it, C never gets it, not even as ciphertext.
    const heldByC = () => c!.store.walls.items().filter((held) => held.owner === a!.onion).length;
    const before = heldByC();
    await a!.node.removeContact(c!.onion);
    const second = await a!.node.walls.post('only for friends now');
    await until(async () => (await wallPosts(b!, a!)).some((post) => post.id === second.id), 'B gets the second post');
    expect((await wallPosts(c!, a!)).map((post) => post.text)).toEqual(['first post, while bob is away']);
    expect(heldByC()).toBe(before);
  });

  it('refuses what is not the owner’s to say and deletes by anyone but author or owner', async () => {
    const [a, b] = await graph(new MemoryNetwork(), ['ada', 'bob'], [[0, 1]]);
    await inAudience(b!, a!);
    const post = await a!.node.walls.post('mine');
    await until(async () => (await wallPosts(b!, a!)).length === 1, 'B gets the post');
    await expect(b!.node.walls.delete(post.id)).rejects.toMatchObject({ name: 'NotWallItemAuthorError' });
    await expect(b!.node.walls.react(post.id, 'not an emoji')).rejects.toMatchObject({
      name: 'InvalidWallReactionError',
    });
    await expect(b!.node.walls.comment('zzzz', 'x')).rejects.toMatchObject({ name: 'NoSuchWallPostError' });
    await expect(b!.node.walls.get('not-an-onion')).rejects.toMatchObject({ name: 'NoSuchWallError' });
  });

  it('a friend added later reads from then on, not what was posted before', async () => {
    const network = new MemoryNetwork();
    const [a, b] = await graph(network, ['ada', 'bob'], [[0, 1]]);
    await a!.node.walls.post('before eve');
    const eve = await TestNode.create(network, 'eve');
    await befriend(a!, eve);
    const after = await a!.node.walls.post('after eve');
    await until(async () => (await wallPosts(eve, a!)).some((post) => post.id === after.id), 'Eve gets the later post');
    expect((await wallPosts(eve, a!)).map((post) => post.text)).toEqual(['after eve']);
    await until(async () => (await wallPosts(b!, a!)).length === 2, 'Bob reads both');
  });
});
