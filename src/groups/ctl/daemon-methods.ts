/**
 * The daemon methods of group chat (node API: groups/feature/api.ts), named `group.<command>` like the
 * `burrow ctl group <command>` that calls them. A group is named by `group` (id, id prefix or
 * unique name), an invitation by `invite`, a member or friend by `member` / `onion`.
 */
import { method, plainMethod, type AnyMethod } from '../../daemon/method.js';
import { optionalIntegerParam, optionalStringParam, stringParam, type Params } from '../../daemon/params.js';
import { GROUP_LIFECYCLE_METHODS } from './lifecycle-methods.js';

const group = (params: Params): { group: string } => ({ group: stringParam(params, 'group') });
const invite = (params: Params): { invite: string } => ({ invite: stringParam(params, 'invite') });
const member = (params: Params): { group: string; member: string } => ({
  ...group(params),
  member: stringParam(params, 'member'),
});

/** The `group.*` methods, spread into METHODS (methods.ts). */
export const GROUP_METHODS: Readonly<Record<string, AnyMethod>> = {
  'group.list': plainMethod((api) => api.groups.list()),
  'group.get': method(group, (api, params) => api.groups.get(params.group)),
  'group.create': method(
    (params) => ({ name: stringParam(params, 'name') }),
    (api, params) => api.groups.create(params.name),
  ),
  'group.invite': method(
    (params) => ({ ...group(params), onion: stringParam(params, 'onion') }),
    (api, params) => api.groups.invite(params.group, params.onion),
  ),
  'group.invitations': plainMethod((api) => api.groups.invitations()),
  'group.accept': method(invite, (api, params) => api.groups.accept(params.invite)),
  'group.decline': method(invite, (api, params) => api.groups.decline(params.invite)),
  'group.leave': method(group, (api, params) => api.groups.leave(params.group)),
  'group.remove': method(member, (api, params) => api.groups.remove(params.group, params.member)),
  'group.admin': method(member, (api, params) => api.groups.addAdmin(params.group, params.member)),
  'group.rename': method(
    (params) => ({ ...group(params), name: stringParam(params, 'name') }),
    (api, params) => api.groups.rename(params.group, params.name),
  ),
  'group.send': method(
    (params) => ({
      ...group(params),
      text: stringParam(params, 'text'),
      replyTo: optionalStringParam(params, 'replyTo'),
    }),
    (api, { group, text, replyTo }) => api.groups.send(group, text, replyTo === undefined ? {} : { replyTo }),
  ),
  'group.history': method(
    (params) => {
      const limit = optionalIntegerParam(params, 'limit');
      const before = optionalStringParam(params, 'before');
      return {
        ...group(params),
        ...(limit === undefined ? {} : { limit }),
        ...(before === undefined ? {} : { before }),
      };
    },
    (api, { group, ...options }) => api.groups.history(group, options),
  ),
  'group.read': method(group, (api, params) => api.groups.markRead(params.group)),
  ...GROUP_LIFECYCLE_METHODS,
};
