/**
 * Walls over the private Tor network, through `burrow ctl` only: four daemons, Ada a friend of
 * Bob, Cy and Dee; Bob a friend of Dee; Cy a friend of Ada alone. Ada posts while Bob is
 * offline and Bob gets it on return; Cy's comment reaches Bob through Ada, with Cy's
 * fingerprint; once Ada unfriends Cy, what she posts next never reaches Cy; a post reaches Dee,
 * never online with Ada, through Bob.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContactView } from '../../src/node/api.js';
import type { RelayStatusView } from '../../src/relay/feature/api.js';
import type { WallPostView, WallView } from '../../src/walls/feature/api.js';
import { daemonCast, wait, type Who } from './helpers/daemon-trio.js';

describe('walls over Tor, through burrow ctl', () => {
  const cast = daemonCast(
    'walls',
    inject('testnetDir'),
    ['ada', 'bob', 'cy', 'dee'],
    [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 3],
    ],
  );
  const [ada, bob, cy, dee] = cast.people as [Who, Who, Who, Who];
  const wallOf = (who: Who, owner: Who): Promise<WallView> => cast.ctl(who, 'wall', owner.onion) as Promise<WallView>;
  const postOn = async (who: Who, owner: Who, id: string): Promise<WallPostView | undefined> =>
    (await wallOf(who, owner)).posts.find((post) => post.id === id);

  beforeAll(() => cast.setUp(), 900_000);
  afterAll(() => cast.tearDown());

  it('a post made while Bob is offline reaches him on return; Cy’s comment reaches him with her fingerprint', async () => {
    await cast.stop(bob);
    const post = (await cast.ctl(ada, 'wall', 'post', 'hello from the wall')) as WallPostView;
    await cast.start(bob);
    await wait(async () => (await postOn(bob, ada, post.id)) !== undefined, 'Bob gets the post after coming back');
    // Bob is told nothing of who else reads Ada's wall.
    expect((await wallOf(bob, ada)).audience).toBeUndefined();

    await wait(async () => (await postOn(cy, ada, post.id)) !== undefined, 'Cy gets the post');
    await cast.ctl(cy, 'wall', 'comment', post.id.slice(0, 10), 'hi bob, I am cy');
    await wait(async () => (await postOn(bob, ada, post.id))?.comments.length === 1, 'Bob gets Cy’s comment');
    const comment = (await postOn(bob, ada, post.id))!.comments[0]!;
    expect(comment).toMatchObject({
      text: 'hi bob, I am cy',
      author: { onion: cy.onion, name: 'cy', isFriend: false },
    });
    expect(comment.author.fingerprint).toBe(`${cy.onion.slice(0, 4)} ${cy.onion.slice(4, 8)}`);
    const feed = (await cast.ctl(bob, 'feed')) as WallPostView[];
    expect(feed.map((item) => item.text)).toEqual(['hello from the wall']);

    // Cy fixes her comment: Bob sees the new text marked edited (the old one is scrubbed).
    await cast.ctl(cy, 'wall', 'edit', comment.id.slice(0, 10), 'hi bob, cy here');
    await wait(
      async () => (await postOn(bob, ada, post.id))?.comments[0]?.text === 'hi bob, cy here',
      'Bob gets the edit',
    );
    expect((await postOn(bob, ada, post.id))!.comments[0]!.edited).toBe(true);
  }, 900_000);

  it('after Ada unfriends Cy, her next post reaches Bob and never Cy', async () => {
    await cast.ctl(ada, 'remove', cy.onion);
    const later = (await cast.ctl(ada, 'wall', 'post', 'only my friends read this')) as WallPostView;
    await wait(async () => (await postOn(bob, ada, later.id)) !== undefined, 'Bob gets the later post');
    expect((await wallOf(cy, ada)).posts.map((post) => post.text)).toEqual(['hello from the wall']);
  }, 600_000);

  it('a post reaches Dee, never online with Ada, through Bob', async () => {
    await cast.stop(dee);
    await wait(
      async () => !((await cast.ctl(ada, 'contacts')) as ContactView[]).some((c) => c.onion === dee.onion && c.online),
      'Ada sees Dee offline',
    );
    const post = (await cast.ctl(ada, 'wall', 'post', 'for dee, through bob')) as WallPostView;
    await wait(async () => (await postOn(bob, ada, post.id)) !== undefined, 'Bob gets the post');
    await wait(
      async () => ((await cast.ctl(bob, 'relay', 'status')) as RelayStatusView).held.envelopes > 0,
      'Bob holds a sealed copy for Dee',
    );
    await cast.stop(ada);
    await cast.start(dee);
    await wait(async () => (await postOn(dee, ada, post.id)) !== undefined, 'Dee gets the post through Bob');
  }, 600_000);
});
