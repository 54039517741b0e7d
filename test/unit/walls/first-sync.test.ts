/**
 * How far back a new friend reads our wall (walls-feature.ts `#welcome`, `wall first-sync`): by
 * default from then on; set to N, our latest N posts are published again under an epoch that
 * includes them, without the comments under them, and readers who had them still show each once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { inAudience, wallPosts } from './helpers.js';

afterEach(tearDownNodes);

describe('a new friend’s first sync', () => {
  it('reads nothing from before by default, and the latest N posts, without their comments, when the author allows', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await inAudience(bob, ada);
    for (const text of ['one', 'two', 'three']) await ada.node.walls.post(text);
    await until(async () => (await wallPosts(bob, ada)).length === 3, 'bob reads all three');
    const [three] = await wallPosts(bob, ada);
    await bob.node.walls.comment(three!.id, 'bob was here');
    await until(async () => (await wallPosts(ada, ada))[0]?.comments.length === 1, 'ada publishes it');

    // The default: Cyd, a new friend, reads from then on.
    expect(await ada.node.walls.firstSync()).toEqual({ posts: 0 });
    const cyd = await TestNode.create(network, 'cyd');
    await befriend(ada, cyd);
    await inAudience(cyd, ada);
    const four = await ada.node.walls.post('four');
    await until(async () => (await wallPosts(cyd, ada)).length === 1, 'cyd reads the next post');
    expect((await wallPosts(cyd, ada)).map((post) => post.id)).toEqual([four.id]);

    // Ada lets a new friend read her latest two posts: Dee gets 'three' and 'four', no comment.
    expect(await ada.node.walls.firstSync(2)).toEqual({ posts: 2 });
    const dee = await TestNode.create(network, 'dee');
    await befriend(ada, dee);
    await inAudience(dee, ada);
    await until(async () => (await wallPosts(dee, ada)).length === 2, 'dee reads the latest two');
    const seen = await wallPosts(dee, ada);
    expect(seen.map((post) => post.text).sort()).toEqual(['four', 'three']);
    expect(seen.every((post) => post.comments.length === 0)).toBe(true);
    // Bob and Cyd, who had them, still show each post once (Bob: with his comment).
    await until(async () => (await wallPosts(bob, ada)).length === 4, 'bob reads four');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await wallPosts(bob, ada)).map((post) => post.text)).toEqual(['four', 'three', 'two', 'one']);
    expect((await wallPosts(bob, ada))[1]!.comments).toHaveLength(1);
    expect((await wallPosts(cyd, ada)).map((post) => post.text).sort()).toEqual(['four', 'three']);

    await expect(ada.node.walls.firstSync(101)).rejects.toMatchObject({ name: 'InvalidWallFirstSyncError' });
    await expect(ada.node.walls.firstSync(-1)).rejects.toMatchObject({ name: 'InvalidWallFirstSyncError' });
    expect(await ada.node.walls.firstSync(0)).toEqual({ posts: 0 });
  });
});
