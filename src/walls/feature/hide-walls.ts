/**
 * The groups API as front ends see it: walls are groups, but not group chats, so `group list`,
 * invitations and search leave them out (docs/PROTOCOL.md "Walls"). A wall group named by its
 * id still answers the other commands. Everything else of `groups` passes through unchanged
 * (a proxy, so the feature's other public methods stay reachable).
 */
import type { GroupsApi } from '../../groups/feature/api.js';
import { WALL_GROUP_NAME } from '../limits.js';

/** `groups` without walls in its lists. */
export function hideWalls<G extends GroupsApi>(groups: G): G {
  const hidden: Pick<GroupsApi, 'list' | 'invitations' | 'search'> = {
    list: async () => (await groups.list()).filter((group) => group.name !== WALL_GROUP_NAME),
    invitations: async () => (await groups.invitations()).filter((invite) => invite.groupName !== WALL_GROUP_NAME),
    search: async (text, options) => {
      const walls = new Set(
        (await groups.list()).filter((group) => group.name === WALL_GROUP_NAME).map((group) => group.id),
      );
      return (await groups.search(text, options)).filter((message) => !walls.has(message.groupId));
    },
  };
  return new Proxy(groups, {
    get(target, property) {
      if (property === 'list' || property === 'invitations' || property === 'search') return hidden[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
