/** The daemon methods that take group messages back (groups/feature/api.ts `GroupLifecycleApi`), named as in `burrow ctl group`. */
import { method, type AnyMethod } from '../../daemon/method.js';
import { optionalBooleanParam, optionalStringParam, stringParam, type Params } from '../../daemon/params.js';
import { parseTimer } from '../../lib/disappearing-timer.js';
import { invalidTimer } from '../../lib/message-lifecycle-errors.js';

const groupAndId = (params: Params): { group: string; id: string } => ({
  group: stringParam(params, 'group'),
  id: stringParam(params, 'id'),
});

/** The `group.edit|delete|react|timer` methods, spread into GROUP_METHODS. */
export const GROUP_LIFECYCLE_METHODS: Readonly<Record<string, AnyMethod>> = {
  'group.edit': method(
    (params) => ({ ...groupAndId(params), text: stringParam(params, 'text') }),
    (api, { group, id, text }) => api.groups.lifecycle.edit(group, id, text),
  ),
  'group.delete': method(
    (params) => ({ ...groupAndId(params), forEveryone: optionalBooleanParam(params, 'forEveryone') === true }),
    (api, { group, id, forEveryone }) => api.groups.lifecycle.delete(group, id, { forEveryone }),
  ),
  'group.react': method(
    (params) => ({ ...groupAndId(params), emoji: optionalStringParam(params, 'emoji') }),
    (api, { group, id, emoji }) => api.groups.lifecycle.react(group, id, emoji),
  ),
  'group.timer': method(
    (params) => ({ group: stringParam(params, 'group'), duration: optionalStringParam(params, 'duration') }),
    async (api, { group, duration }) => {
      if (duration === undefined) return { seconds: await api.groups.lifecycle.timer(group) };
      const seconds = parseTimer(duration);
      if (seconds === undefined) throw invalidTimer();
      return api.groups.lifecycle.setTimer(group, seconds);
    },
  ),
};
