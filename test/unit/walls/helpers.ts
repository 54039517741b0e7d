/** Shared steps of the walls tests on the in-memory network. */
import type { WallPostView } from '../../../src/walls/feature/api.js';
import { toHexId } from '../../../src/groups/index.js';
import type { TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

/** The posts of `owner`'s wall as `viewer` sees it (empty while the wall has not reached them). */
export async function wallPosts(viewer: TestNode, owner: TestNode): Promise<readonly WallPostView[]> {
  return (await viewer.node.walls.get(owner.onion).catch(() => ({ posts: [] }))).posts;
}

/** Waits until `viewer` is in the audience of `owner`'s wall (opening the owner's wall first: it is made on first use). */
export async function inAudience(viewer: TestNode, owner: TestNode): Promise<void> {
  await owner.node.walls.get();
  await until(async () => {
    const wall = await viewer.node.walls.get(owner.onion).catch(() => undefined);
    return wall !== undefined && wall.audience >= 2;
  }, `${viewer.name} joins the audience of ${owner.name}'s wall`);
}

/** The id of `owner`'s wall group as `viewer` holds it (through the groups API, which still answers by id). */
export async function wallGroupId(viewer: TestNode, owner: TestNode): Promise<string> {
  for (const id of viewer.store.groups.groupIds()) {
    const group = await viewer.node.groups.get(toHexId(id));
    if (group.members.some((member) => member.onion === owner.onion && member.isAdmin)) return group.id;
  }
  throw new Error(`${viewer.name} holds no wall of ${owner.name}`);
}
