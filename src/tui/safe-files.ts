/**
 * The file sharing API made terminal-safe (safe-node.ts explains why): a file's name is the
 * sender's choice and may hold escape sequences; errors, paths and ids pass through
 * terminalSafe too, so there is no exception to remember.
 */
import type { DeletedFileView, FilesApi, FilesEvent, TransferView } from '../files/feature/api.js';
import { terminalSafe } from '../text/terminal-safe.js';

const line = (text: string): string => terminalSafe(text);

/** A transfer with every string in it made terminal-safe. */
export function safeTransfer(transfer: TransferView): TransferView {
  const { from, offeredBy, group, recipients, sources, folder, path, error, ...rest } = transfer;
  return {
    ...rest,
    id: line(transfer.id),
    name: line(transfer.name),
    ...(from === undefined ? {} : { from: line(from) }),
    ...(offeredBy === undefined ? {} : { offeredBy: offeredBy.map(line) }),
    ...(group === undefined ? {} : { group: line(group) }),
    ...(recipients === undefined
      ? {}
      : { recipients: recipients.map((recipient) => ({ ...recipient, onion: line(recipient.onion) })) }),
    ...(sources === undefined ? {} : { sources: sources.map((source) => ({ ...source, onion: line(source.onion) })) }),
    ...(folder === undefined ? {} : { folder: line(folder) }),
    ...(path === undefined ? {} : { path: line(path) }),
    ...(error === undefined ? {} : { error: line(error) }),
  };
}

/** What a deletion did, made terminal-safe. */
export function safeDeletion(deleted: DeletedFileView): DeletedFileView {
  const { path, ...rest } = deleted;
  return {
    ...rest,
    id: line(deleted.id),
    name: line(deleted.name),
    ...(path === undefined ? {} : { path: line(path) }),
  };
}

/** A file sharing event made terminal-safe. */
export function safeFilesEvent(event: FilesEvent): FilesEvent {
  return event.type === 'transfer'
    ? { type: 'transfer', transfer: safeTransfer(event.transfer) }
    : { type: 'transfer-deleted', id: line(event.id) };
}

/** `api` with every transfer it returns made terminal-safe. */
export function safeFilesApi(api: FilesApi): FilesApi {
  return {
    send: async (target, path) => safeTransfer(await api.send(target, path)),
    list: async () => (await api.list()).map(safeTransfer),
    accept: async (id, folder) => safeTransfer(await api.accept(id, folder)),
    decline: async (id) => safeTransfer(await api.decline(id)),
    cancel: async (id) => safeTransfer(await api.cancel(id)),
    resume: async (id) => safeTransfer(await api.resume(id)),
    delete: async (id) => safeDeletion(await api.delete(id)),
  };
}
