/**
 * Helpers for the groups feature tests: nodes on one MemoryNetwork whose friendships form a
 * chosen graph, and the steps of building a group along it (an admin invites a friend, the
 * friend accepts and is made admin, so they can invite their own friends).
 */
import type { GroupEntryView, GroupView } from '../../../src/groups/feature/api.js';
import type { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

/** Nodes named `names`, befriended along `edges` (pairs of indexes). */
export async function graph(
  network: MemoryNetwork,
  names: readonly string[],
  edges: readonly (readonly [number, number])[],
): Promise<TestNode[]> {
  const nodes: TestNode[] = [];
  for (const name of names) nodes.push(await TestNode.create(network, name));
  for (const [a, b] of edges) await befriend(nodes[a]!, nodes[b]!);
  return nodes;
}

/** The group as `node` sees it, or undefined. */
export async function groupOf(node: TestNode, groupId: string): Promise<GroupView | undefined> {
  return (await node.node.groups.list()).find((group) => group.id === groupId);
}

/** `inviter` (an admin) invites `invitee` (a friend), who accepts; resolves once `invitee` is a member. */
export async function join(inviter: TestNode, invitee: TestNode, groupId: string): Promise<void> {
  await inviter.node.groups.invite(groupId, invitee.onion);
  await until(
    async () => (await invitee.node.groups.invitations()).some((invite) => invite.groupId === groupId),
    'the invitation arrives',
  );
  const invite = (await invitee.node.groups.invitations()).find((item) => item.groupId === groupId)!;
  await invitee.node.groups.accept(invite.id);
  await until(async () => (await groupOf(invitee, groupId))?.isMember === true, 'the invitee joins');
}

/** `admin` makes `member` an admin; resolves once `member` knows it. */
export async function promote(admin: TestNode, member: TestNode, groupId: string): Promise<void> {
  await admin.node.groups.addAdmin(groupId, member.onion);
  await until(async () => (await groupOf(member, groupId))?.isAdmin === true, 'the new admin learns it');
}

/**
 * Builds a group along a path of friends: the first creates it, each adds the next and makes
 * them admin. Resolves once every member knows every member: a message sent earlier would be
 * sealed under a key the latest members never received (they only read what follows their
 * addition).
 */
export async function groupAlong(path: readonly TestNode[], name = 'climbers'): Promise<string> {
  const group = await path[0]!.node.groups.create(name);
  for (let index = 1; index < path.length; index++) {
    await join(path[index - 1]!, path[index]!, group.id);
    if (index < path.length - 1) await promote(path[index - 1]!, path[index]!, group.id);
  }
  for (const node of path)
    await until(
      async () => (await groupOf(node, group.id))?.members.length === path.length,
      'every member knows every member',
    );
  return group.id;
}

/**
 * The hostile tests' cast: Ada – Bob – Mallory, friends along that chain only, in a group built
 * along it (Ada and Bob admins, Mallory a member who is not Ada's friend).
 */
export async function adaBobMallory(
  network: MemoryNetwork,
): Promise<{ ada: TestNode; bob: TestNode; mal: TestNode; groupId: string }> {
  const [ada, bob, mal] = (await graph(
    network,
    ['ada', 'bob', 'mallory'],
    [
      [0, 1],
      [1, 2],
    ],
  )) as [TestNode, TestNode, TestNode];
  return { ada, bob, mal, groupId: await groupAlong([ada, bob, mal]) };
}

/** A node's history of a group. */
export async function historyOf(node: TestNode, groupId: string): Promise<GroupEntryView[]> {
  return node.node.groups.history(groupId, { limit: 500 });
}

/** The texts of a group's messages as `node` sees them, in display order. */
export async function textsOf(node: TestNode, groupId: string): Promise<string[]> {
  return (await historyOf(node, groupId)).flatMap((entry) => (entry.type === 'message' ? [entry.text] : []));
}

/** Waits until every node sees exactly `texts` in the group, in one order. */
export async function converged(
  nodes: readonly TestNode[],
  groupId: string,
  count: number,
  timeoutMs = 15_000,
): Promise<string[]> {
  let seen: string[][] = [];
  try {
    await until(
      async () => {
        seen = await Promise.all(nodes.map((node) => textsOf(node, groupId)));
        return seen.every((texts) => texts.length === count && texts.join('\n') === seen[0]!.join('\n'));
      },
      `every member sees the same ${count} messages`,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; they see ${JSON.stringify(seen)}`);
  }
  return seen[0]!;
}
