/**
 * The daemon methods of file sharing, one per FilesApi command. `burrow ctl send-file`,
 * `files` (and `files delete`), `accept-file`, `decline-file`, `cancel-file` and `resume-file` call them; paths
 * arrive absolute (ctl resolves them against its own working directory).
 */
import { method, plainMethod, type AnyMethod } from '../../daemon/method.js';
import { optionalStringParam, stringParam, type Params } from '../../daemon/params.js';

const id = (params: Params): { id: string } => ({ id: stringParam(params, 'id') });

export const FILE_METHODS: Readonly<Record<string, AnyMethod>> = {
  'file.send': method(
    (params) => ({ target: stringParam(params, 'target'), path: stringParam(params, 'path') }),
    (api, { target, path }) => api.files.send(target, path),
  ),
  'file.list': plainMethod((api) => api.files.list()),
  'file.accept': method(
    (params) => {
      const dest = optionalStringParam(params, 'dest');
      return { ...id(params), ...(dest === undefined ? {} : { dest }) };
    },
    (api, { id, dest }) => api.files.accept(id, dest),
  ),
  'file.decline': method(id, (api, params) => api.files.decline(params.id)),
  'file.cancel': method(id, (api, params) => api.files.cancel(params.id)),
  'file.resume': method(id, (api, params) => api.files.resume(params.id)),
  'file.delete': method(id, (api, params) => api.files.delete(params.id)),
};
