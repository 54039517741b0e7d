/**
 * Edits on walls (walls/wall-fold.ts, walls-feature.ts): the author's new text reaches every
 * reader marked edited, the earlier text is scrubbed from every disk it reached (the item keeps
 * its seq with nothing in it), a reader who was away gets only the edits, and a hostile reader
 * cannot edit anyone else's words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { signEntry } from '../../../src/walls/wall-entry.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import type { TestNode } from '../../shared/node-harness.js';
import { captureLogs, tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph } from '../groups-feature/helpers.js';
import { inAudience, wallPosts } from './helpers.js';

afterEach(tearDownNodes);

/** Seqs of `owner`'s wall items that `node` keeps scrubbed (empty) on disk. */
function scrubbedAt(node: TestNode, owner: OnionAddress): number[] {
  return node.store.walls
    .items()
    .filter((stored) => stored.owner === owner && stored.item.ciphertext.length === 0)
    .map((stored) => stored.item.seq);
}

describe('editing on walls', () => {
  it('shows the new text everywhere, scrubs the old one from every disk, and gives a reader who was away only the edits', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, cyd] = await graph(
      network,
      ['ada', 'bob', 'cyd'],
      [
        [0, 1],
        [0, 2],
      ],
    );
    await inAudience(bob!, ada!);
    await inAudience(cyd!, ada!);
    await bob!.shutdown();
    const post = await ada!.node.walls.post('helo, frends');
    await until(async () => (await wallPosts(cyd!, ada!)).length === 1, 'cyd gets the post');
    const comment = await cyd!.node.walls.comment(post.id, 'nice pictre');
    await until(async () => (await wallPosts(cyd!, ada!))[0]?.comments.length === 1, 'cyd sees it published');

    await ada!.node.walls.edit(post.id.slice(0, 8), 'hello, friends');
    await cyd!.node.walls.edit(comment.id, 'nice picture');
    const edited = async (reader: TestNode): Promise<boolean> => {
      const [shown] = await wallPosts(reader, ada!);
      return shown?.text === 'hello, friends' && shown.comments[0]?.text === 'nice picture';
    };
    await until(() => edited(cyd!), 'cyd sees both edits');
    // Both originals (seq 1 the post, seq 2 the comment) are scrubbed at the owner and the reader.
    for (const node of [ada!, cyd!])
      await until(() => scrubbedAt(node, ada!.onion).join() === '1,2', `${node.name} scrubbed the old texts`);

    // Bob comes back: his sync brings the edits, and whatever old text reached him is scrubbed.
    await bob!.restart();
    await until(() => edited(bob!), 'bob sees both edits');
    const [seen] = await wallPosts(bob!, ada!);
    expect(seen).toMatchObject({ id: post.id, edited: true, createdAt: post.createdAt });
    expect(seen!.comments[0]).toMatchObject({ id: comment.id, edited: true, author: { onion: cyd!.onion } });
    await until(
      () =>
        bob!.store.walls
          .items()
          .filter((stored) => stored.owner === ada!.onion && stored.item.seq <= 2)
          .every((stored) => stored.item.ciphertext.length === 0),
      'bob holds no old text',
    );

    // Only the author may edit: Bob may not touch Cyd's comment, nor Ada's post.
    await expect(bob!.node.walls.edit(comment.id, 'cyd is wrong')).rejects.toMatchObject({
      name: 'NotWallItemAuthorError',
    });
    await expect(bob!.node.walls.edit(post.id, 'mine now')).rejects.toMatchObject({ name: 'NotWallItemAuthorError' });

    // A new post after the scrubs takes a new seq: nothing is published twice under one.
    const later = await ada!.node.walls.post('a new day');
    await until(async () => (await wallPosts(bob!, ada!)).some((shown) => shown.id === later.id), 'bob gets it');
    expect((await wallPosts(bob!, ada!)).map((shown) => shown.text).sort()).toEqual(['a new day', 'hello, friends']);
  });

  it('refuses a hostile reader’s edit of someone else’s comment, or one that misstates its target', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, mallory] = await graph(
      network,
      ['ada', 'bob', 'mallory'],
      [
        [0, 1],
        [0, 2],
      ],
    );
    await inAudience(bob!, ada!);
    await inAudience(mallory!, ada!);
    const post = await ada!.node.walls.post('hello');
    await until(async () => (await wallPosts(bob!, ada!)).length === 1, 'bob gets the post');
    const fromBob = await bob!.node.walls.comment(post.id, 'hi ada');
    await until(async () => (await wallPosts(ada!, ada!))[0]?.comments.length === 1, 'ada publishes it');
    const identity = mallory!.store.identity.get().keyPair;
    await mallory!.shutdown();

    const attempts = [
      { type: 'edit', target: fromBob.id, post: post.id, targetCreatedAt: fromBob.createdAt, text: 'bob is wrong' },
      { type: 'edit', target: post.id, post: post.id, targetCreatedAt: post.createdAt, text: 'my post now' },
    ] as const;
    for (const item of attempts) {
      const peer = await HostilePeer.dial(network, ada!.onion, identity);
      await peer.greetAsFriend('mallory');
      await captureLogs(async () => {
        await peer.sendService('wall', {
          kind: 'wall-submit',
          entry: signEntry(identity, ada!.onion, item, 'm', 1).bytes,
        });
        expect((await peer.closed)?.name).toBe('PeerClosedError');
      }, 'warn');
    }
    // Bob's own edit that misstates its comment's time is refused too: readers would believe it.
    const bobIdentity = bob!.store.identity.get().keyPair;
    await bob!.shutdown();
    const peer = await HostilePeer.dial(network, ada!.onion, bobIdentity);
    await peer.greetAsFriend('bob');
    const misdated = { type: 'edit', target: fromBob.id, post: post.id, targetCreatedAt: 1, text: 'hi' } as const;
    await captureLogs(async () => {
      await peer.sendService('wall', {
        kind: 'wall-submit',
        entry: signEntry(bobIdentity, ada!.onion, misdated, 'b', 1).bytes,
      });
      await peer.closed;
    }, 'warn');
    const [shown] = await wallPosts(ada!, ada!);
    expect(shown).toMatchObject({ text: 'hello', comments: [expect.objectContaining({ text: 'hi ada' })] });
    expect(shown!.edited).toBeUndefined();
    expect(shown!.comments[0]!.edited).toBeUndefined();
  });
});
