/** The daemon methods of contacts (contacts/feature/api.ts): one per command, named as in `burrow ctl`. */
import { method, plainMethod, type AnyMethod } from '../../daemon/method.js';
import { onionParams, stringParam } from '../../daemon/params.js';

/** The contact methods, spread into METHODS (daemon/methods.ts). */
export const CONTACT_METHODS: Readonly<Record<string, AnyMethod>> = {
  contacts: plainMethod((api) => api.contacts()),
  requests: plainMethod((api) => api.requests()),
  add: method(
    (params) => ({ ...onionParams(params), message: stringParam(params, 'message') }),
    (api, { onion, message }) => api.addContact(onion, message),
  ),
  accept: method(onionParams, (api, params) => api.acceptContact(params.onion)),
  reject: method(onionParams, (api, params) => api.rejectContact(params.onion)),
  block: method(onionParams, (api, params) => api.blockContact(params.onion)),
  remove: method(onionParams, (api, params) => api.removeContact(params.onion)),
  nick: method(
    (params) => ({ ...onionParams(params), nickname: stringParam(params, 'nickname') }),
    (api, { onion, nickname }) => api.setNickname(onion, nickname),
  ),
};
