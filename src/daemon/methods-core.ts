/** The daemon methods of contacts and 1:1 chat: one per NodeApi command, same names as `burrow ctl`. */
import { method, plainMethod, type AnyMethod } from './method.js';
import { optionalIntegerParam, optionalStringParam, stringParam, type Params } from './params.js';

const onion = (params: Params): { onion: string } => ({ onion: stringParam(params, 'onion') });

export const CORE_METHODS: Readonly<Record<string, AnyMethod>> = {
  status: plainMethod((api) => api.status()),
  contacts: plainMethod((api) => api.contacts()),
  requests: plainMethod((api) => api.requests()),
  add: method(
    (params) => ({ ...onion(params), message: stringParam(params, 'message') }),
    (api, { onion, message }) => api.addContact(onion, message),
  ),
  accept: method(onion, (api, params) => api.acceptContact(params.onion)),
  reject: method(onion, (api, params) => api.rejectContact(params.onion)),
  block: method(onion, (api, params) => api.blockContact(params.onion)),
  remove: method(onion, (api, params) => api.removeContact(params.onion)),
  read: method(onion, (api, params) => api.markRead(params.onion)),
  nick: method(
    (params) => ({ ...onion(params), nickname: stringParam(params, 'nickname') }),
    (api, { onion, nickname }) => api.setNickname(onion, nickname),
  ),
  send: method(
    (params) => ({ ...onion(params), text: stringParam(params, 'text') }),
    (api, { onion, text }) => api.sendMessage(onion, text),
  ),
  history: method(
    (params) => {
      const limit = optionalIntegerParam(params, 'limit');
      const before = optionalStringParam(params, 'before');
      return { ...onion(params), ...(limit === undefined ? {} : { limit }), ...(before === undefined ? {} : { before }) };
    },
    (api, { onion, ...options }) => api.history(onion, options),
  ),
};
