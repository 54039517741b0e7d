/**
 * What walls need of the groups service (docs/PROTOCOL.md "Walls"): a wall is a group, so its
 * audience, keys, sync, forwarding and relaying are the group machinery's. app/compose.ts hands
 * over the groups feature itself, whose API has all of it.
 */
import type { GroupsApi } from '../../groups/feature/api.js';

/** The group commands walls use. */
export type WallGroups = Pick<
  GroupsApi,
  'list' | 'get' | 'create' | 'invite' | 'invitations' | 'accept' | 'remove' | 'send' | 'history'
>;
