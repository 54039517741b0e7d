/**
 * Walls over real nodes on the in-memory network: A is friends with B and with C, who are not
 * friends of each other. A's wall reaches its audience, syncs to a friend who was offline,
 * carries C's comment to B (forwarded by A, with C's fingerprint), and leaves an unfriended
 * C out of what A posts after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph } from '../groups-feature/helpers.js';
import { inAudience, wallGroupId, wallPosts } from './helpers.js';

afterEach(tearDownNodes);

describe('walls among friends', () => {
  it('posts reach the audience, sync after a restart, carry comments and reactions, and skip the unfriended', async () => {
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
    // Walls are not group chats: the groups API does not list them.
    expect(await a!.node.groups.list()).toEqual([]);
    expect(await b!.node.groups.invitations()).toEqual([]);

    // B is offline while A posts; on coming back, sync since B's high-water marks brings it.
    await b!.shutdown();
    const first = await a!.node.walls.post('first post, while bob is away');
    await b!.restart();
    await until(
      async () => (await wallPosts(b!, a!)).some((post) => post.id === first.id),
      'B gets the post after its restart',
    );

    // C (not B's friend) comments; B sees it, forwarded by A, marked with C's fingerprint.
    await c!.node.walls.comment(first.id.slice(0, 8), 'nice one');
    await b!.node.walls.react(first.id, '👍');
    await until(async () => {
      const [post] = await wallPosts(b!, a!);
      return post?.comments.length === 1 && post.reactions.length === 1;
    }, 'B sees C’s comment and its own reaction');
    const [seen] = await wallPosts(b!, a!);
    expect(seen!.comments[0]).toMatchObject({
      text: 'nice one',
      author: { onion: c!.onion, isFriend: false, fingerprint: `${c!.onion.slice(0, 4)} ${c!.onion.slice(4, 8)}` },
    });
    expect(seen!.reactions[0]).toMatchObject({ emoji: '👍', count: 1, mine: true });
    expect((await b!.node.walls.feed()).map((post) => post.text)).toEqual(['first post, while bob is away']);

    // The owner deletes C's comment; B's copy of the wall drops it.
    await a!.node.walls.delete(seen!.comments[0]!.id);
    await until(async () => (await wallPosts(b!, a!))[0]?.comments.length === 0, 'the deletion reaches B');

    // A unfriends C and posts again: B reads it, C never does (the key rotated away from C).
    await a!.node.removeContact(c!.onion);
    await until(async () => (await a!.node.walls.get()).audience === 2, 'C leaves the audience');
    const second = await a!.node.walls.post('only for friends now');
    await until(async () => (await wallPosts(b!, a!)).some((post) => post.id === second.id), 'B gets the second post');
    expect((await wallPosts(c!, a!)).map((post) => post.text)).toEqual(['first post, while bob is away']);
  });

  it('refuses a post on a wall by anyone but its owner, and deletes by anyone but author or owner', async () => {
    const [a, b] = await graph(new MemoryNetwork(), ['ada', 'bob'], [[0, 1]]);
    await inAudience(b!, a!);
    const post = await a!.node.walls.post('mine');
    await until(async () => (await wallPosts(b!, a!)).length === 1, 'B gets the post');

    // B, a member of A's wall, writes a post and a delete of A's post straight into the wall's group.
    const groupId = await wallGroupId(b!, a!);
    await b!.node.groups.send(groupId, 'burrow-wall/1 post\nforged by bob');
    await b!.node.groups.send(groupId, `burrow-wall/1 delete ${post.id}\n`);
    await b!.node.groups.send(groupId, 'not a wall item at all');
    const marker = await b!.node.walls.comment(post.id, 'after the forgeries');
    await until(
      async () => (await wallPosts(a!, a!))[0]?.comments.some((comment) => comment.id === marker.id) === true,
      'A gets what B wrote',
    );
    expect((await wallPosts(a!, a!)).map((shown) => shown.text)).toEqual(['mine']);
    await expect(b!.node.walls.delete(post.id)).rejects.toMatchObject({ name: 'NotWallItemAuthorError' });
    await expect(b!.node.walls.react(post.id, 'not an emoji')).rejects.toMatchObject({
      name: 'InvalidWallReactionError',
    });
    await expect(b!.node.walls.comment('zzzz', 'x')).rejects.toMatchObject({ name: 'NoSuchWallPostError' });
  });
});
