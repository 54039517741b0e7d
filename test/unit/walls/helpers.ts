/** Shared steps of the walls tests on the in-memory network. */
import type { WallPostView } from '../../../src/walls/feature/api.js';
import type { TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

/** The posts of `owner`'s wall as `viewer` sees it (empty while none reached them). */
export async function wallPosts(viewer: TestNode, owner: TestNode): Promise<readonly WallPostView[]> {
  return (await viewer.node.walls.get(owner.onion).catch(() => ({ posts: [] }))).posts;
}

/** Waits until `viewer` and `owner` are online with each other (a reader is any friend: nothing else to wait for). */
export async function inAudience(viewer: TestNode, owner: TestNode): Promise<void> {
  await until(async () => {
    const seen = async (node: TestNode, other: TestNode) =>
      (await node.node.contacts()).some((contact) => contact.onion === other.onion && contact.online);
    return (await seen(viewer, owner)) && (await seen(owner, viewer));
  }, `${viewer.name} and ${owner.name} are online together`);
}
