/**
 * Walls over the private Tor network, through `burrow ctl` only: three daemons, Ada a friend of
 * Bob and of Cy, who are not friends of each other. Ada posts while Bob is offline and Bob gets
 * it on return; Cy's comment reaches Bob through Ada, shown with Cy's fingerprint; once Ada
 * unfriends Cy, what she posts next never reaches Cy.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContactView } from '../../src/node/api.js';
import type { WallPostView, WallView } from '../../src/walls/feature/api.js';
import { ctlJson, runBurrow, startDaemon } from '../shared/burrow-cli.js';
import { until } from '../shared/until.js';
import type { RunningDaemon } from '../shared/burrow-cli.js';

const STEP_MS = 240_000;
const wait = (condition: () => Promise<boolean>, what: string): Promise<void> =>
  until(() => condition().catch(() => false), what, STEP_MS, 500);

interface Who {
  readonly name: string;
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;
  onion: string;
  daemon?: RunningDaemon | undefined;
}

describe('walls over Tor, through burrow ctl', () => {
  const testnetDir = inject('testnetDir');
  const root = mkdtempSync(join(tmpdir(), 'burrow-walls-'));
  const people: Who[] = ['ada', 'bob', 'cy'].map((name) => ({
    name,
    profile: join(root, name),
    env: { BURROW_PASSPHRASE: `${name} passphrase for walls` },
    onion: '',
  }));
  const [ada, bob, cy] = people as [Who, Who, Who];
  const ctl = (who: Who, ...args: string[]): Promise<unknown> => ctlJson(who.profile, args);
  const wallOf = (who: Who, owner: Who): Promise<WallView> => ctl(who, 'wall', owner.onion) as Promise<WallView>;
  const postOn = async (who: Who, owner: Who, id: string): Promise<WallPostView | undefined> =>
    (await wallOf(who, owner)).posts.find((post) => post.id === id);
  const start = async (who: Who): Promise<void> => {
    who.daemon = await startDaemon(who.profile, who.env, { torFlags: ['--testnet', testnetDir] });
  };
  const online = async (who: Who, peer: Who): Promise<void> =>
    wait(
      async () => ((await ctl(who, 'contacts')) as ContactView[]).some((c) => c.onion === peer.onion && c.online),
      `${who.name} online with ${peer.name}`,
    );
  const befriend = async (a: Who, b: Who): Promise<void> => {
    await ctl(a, 'add', b.onion, 'hi');
    await wait(
      async () => ((await ctl(b, 'requests')) as ContactView[]).some((c) => c.onion === a.onion),
      `${b.name} gets the request`,
    );
    await ctl(b, 'accept', a.onion);
    await online(a, b);
  };

  beforeAll(async () => {
    for (const who of people) {
      const created = await runBurrow(['init', '--json', '--profile', who.profile, '--name', who.name], who.env);
      expect(created.code, created.stderr).toBe(0);
      who.onion = (JSON.parse(created.stdout) as { onion: string }).onion;
    }
    await Promise.all(people.map(start));
    await befriend(ada, bob);
    await befriend(ada, cy);
    await ctl(ada, 'wall'); // a wall is made the first time its owner uses walls
    for (const who of [bob, cy])
      await wait(async () => (await wallOf(who, ada)).audience === 3, `${who.name} joins Ada's wall`);
  }, 900_000);

  afterAll(async () => {
    for (const who of people) await who.daemon?.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('a post made while Bob is offline reaches him on return; Cy’s comment reaches him with her fingerprint', async () => {
    const daemon = bob.daemon;
    bob.daemon = undefined;
    expect(await daemon?.stop()).toBe(0);
    const post = (await ctl(ada, 'wall', 'post', 'hello from the wall')) as WallPostView;
    await start(bob);
    await wait(async () => (await postOn(bob, ada, post.id)) !== undefined, 'Bob gets the post after coming back');

    await ctl(cy, 'wall', 'comment', post.id.slice(0, 10), 'hi bob, I am cy');
    await wait(async () => (await postOn(bob, ada, post.id))?.comments.length === 1, 'Bob gets Cy’s comment');
    const comment = (await postOn(bob, ada, post.id))!.comments[0]!;
    expect(comment).toMatchObject({ text: 'hi bob, I am cy', author: { onion: cy.onion, isFriend: false } });
    expect(comment.author.fingerprint).toBe(`${cy.onion.slice(0, 4)} ${cy.onion.slice(4, 8)}`);
    const feed = (await ctl(bob, 'feed')) as WallPostView[];
    expect(feed.map((item) => item.text)).toEqual(['hello from the wall']);
  }, 900_000);

  it('after Ada unfriends Cy, her next post reaches Bob and never Cy', async () => {
    await ctl(ada, 'remove', cy.onion);
    await wait(async () => (await wallOf(ada, ada)).audience === 2, 'Cy leaves the audience of Ada’s wall');
    const later = (await ctl(ada, 'wall', 'post', 'only my friends read this')) as WallPostView;
    await wait(async () => (await postOn(bob, ada, later.id)) !== undefined, 'Bob gets the later post');
    expect((await wallOf(cy, ada)).posts.map((post) => post.text)).toEqual(['hello from the wall']);
  }, 600_000);
});
