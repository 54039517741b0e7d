/**
 * A FilesApi double for the daemon socket tests: every call is recorded through `record` and
 * answered with a fixed transfer (these tests check the socket protocol, not file sharing).
 */
import type { FilesApi, TransferView } from '../../../src/files/feature/api.js';

type Record = <T>(name: string, args: unknown[], value: T) => Promise<T>;

/** The transfer the double answers with. */
export const TRANSFER: TransferView = {
  id: 'ab'.repeat(32),
  direction: 'in',
  name: 'notes.txt',
  size: 1200,
  state: 'offered',
  bytesDone: 0,
  rate: 0,
  createdAt: 1_750_000_000_000,
  updatedAt: 1_750_000_000_000,
};

/** The double. */
export function recordingFiles(record: Record): FilesApi {
  return {
    send: (target, path) => record('files.send', [target, path], { ...TRANSFER, direction: 'out' }),
    list: () => record('files.list', [], [TRANSFER]),
    accept: (id, folder) => record('files.accept', folder === undefined ? [id] : [id, folder], { ...TRANSFER, state: 'downloading' }),
    decline: (id) => record('files.decline', [id], { ...TRANSFER, state: 'declined' }),
    cancel: (id) => record('files.cancel', [id], { ...TRANSFER, state: 'cancelled' }),
    resume: (id) => record('files.resume', [id], { ...TRANSFER, state: 'downloading' }),
  };
}
