/**
 * The groups API as front ends see it: walls are groups, but not group chats, so `group list`,
 * invitations and search leave them out (docs/PROTOCOL.md "Walls"). A wall group named by its
 * id still answers the other commands.
 */
import type { GroupsApi } from '../../groups/feature/api.js';
import { WALL_GROUP_NAME } from '../limits.js';

/** `groups` without walls in its lists. */
export function hideWalls(groups: GroupsApi): GroupsApi {
  return {
    list: async () => (await groups.list()).filter((group) => group.name !== WALL_GROUP_NAME),
    get: (group) => groups.get(group),
    create: (name) => groups.create(name),
    invite: (group, onion) => groups.invite(group, onion),
    invitations: async () => (await groups.invitations()).filter((invite) => invite.groupName !== WALL_GROUP_NAME),
    accept: (invite) => groups.accept(invite),
    decline: (invite) => groups.decline(invite),
    leave: (group) => groups.leave(group),
    remove: (group, member) => groups.remove(group, member),
    addAdmin: (group, member) => groups.addAdmin(group, member),
    rename: (group, name) => groups.rename(group, name),
    send: (group, text) => groups.send(group, text),
    history: (group, options) => groups.history(group, options),
    search: async (text, options) => {
      const walls = new Set(
        (await groups.list()).filter((group) => group.name === WALL_GROUP_NAME).map((group) => group.id),
      );
      return (await groups.search(text, options)).filter((message) => !walls.has(message.groupId));
    },
    markRead: (group) => groups.markRead(group),
  };
}
