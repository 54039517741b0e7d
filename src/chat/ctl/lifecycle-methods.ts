/** The daemon methods that take 1:1 messages back (chat/feature/api.ts `ChatLifecycleApi`), named as in `burrow ctl`. */
import { method, type AnyMethod } from '../../daemon/method.js';
import { onionParams, optionalBooleanParam, optionalStringParam, stringParam } from '../../daemon/params.js';
import { parseTimer } from '../../lib/disappearing-timer.js';
import { invalidTimer } from '../../lib/message-lifecycle-errors.js';

const onionAndId = (params: Readonly<Record<string, unknown>>): { onion: string; id: string } => ({
  ...onionParams(params),
  id: stringParam(params, 'id'),
});

/** The lifecycle methods, spread into CHAT_METHODS. */
export const LIFECYCLE_METHODS: Readonly<Record<string, AnyMethod>> = {
  edit: method(
    (params) => ({ ...onionAndId(params), text: stringParam(params, 'text') }),
    (api, { onion, id, text }) => api.lifecycle.edit(onion, id, text),
  ),
  delete: method(
    (params) => ({ ...onionAndId(params), forEveryone: optionalBooleanParam(params, 'forEveryone') === true }),
    (api, { onion, id, forEveryone }) => api.lifecycle.delete(onion, id, { forEveryone }),
  ),
  react: method(
    (params) => ({ ...onionAndId(params), emoji: optionalStringParam(params, 'emoji') }),
    (api, { onion, id, emoji }) => api.lifecycle.react(onion, id, emoji),
  ),
  timer: method(
    (params) => ({ ...onionParams(params), duration: optionalStringParam(params, 'duration') }),
    async (api, { onion, duration }) => {
      if (duration === undefined) return { seconds: await api.lifecycle.timer(onion) };
      const seconds = parseTimer(duration);
      if (seconds === undefined) throw invalidTimer();
      return api.lifecycle.setTimer(onion, seconds);
    },
  ),
};
