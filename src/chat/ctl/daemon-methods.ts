/** The daemon methods of 1:1 chat (chat/feature/api.ts): one per command, named as in `burrow ctl`. */
import { method, type AnyMethod } from '../../daemon/method.js';
import { LIFECYCLE_METHODS } from './lifecycle-methods.js';
import { onionParams, optionalIntegerParam, optionalStringParam, stringParam } from '../../daemon/params.js';

/** The chat methods, spread into METHODS (daemon/methods.ts). */
export const CHAT_METHODS: Readonly<Record<string, AnyMethod>> = {
  read: method(onionParams, (api, params) => api.markRead(params.onion)),
  send: method(
    (params) => ({
      ...onionParams(params),
      text: stringParam(params, 'text'),
      replyTo: optionalStringParam(params, 'replyTo'),
    }),
    (api, { onion, text, replyTo }) =>
      replyTo === undefined ? api.sendMessage(onion, text) : api.sendMessage(onion, text, { replyTo }),
  ),
  history: method(
    (params) => {
      const limit = optionalIntegerParam(params, 'limit');
      const before = optionalStringParam(params, 'before');
      return {
        ...onionParams(params),
        ...(limit === undefined ? {} : { limit }),
        ...(before === undefined ? {} : { before }),
      };
    },
    (api, { onion, ...options }) => api.history(onion, options),
  ),
  ...LIFECYCLE_METHODS,
};
