/**
 * The file sharing part of the NodeApi test double (fake-node.ts): transfers held in
 * memory, commands recorded, and the 'transfer' events a node would emit.
 */
import type { DeletedFileView, FilesApi, TransferView } from '../../../src/files/feature/api.js';
import type { NodeEvent } from '../../../src/node/api.js';

/** What the fake needs from the fake node around it. */
export interface FakeFilesHost {
  emit(event: NodeEvent): void;
  record(method: string, ...args: unknown[]): void;
}

let nextId = 1;

/** A transfer view for tests (an incoming offer unless `fields` say otherwise). */
export function transfer(fields: Partial<TransferView> = {}): TransferView {
  const id = (nextId++).toString(16).padStart(64, 'a');
  return {
    id,
    direction: 'in',
    name: 'photo.jpg',
    size: 1_000_000,
    state: 'offered',
    bytesDone: 0,
    rate: 0,
    createdAt: 1_750_000_000_000,
    updatedAt: 1_750_000_000_000,
    ...fields,
  };
}

/** The fake. `transfers` is public so a test can set what the node would hold. */
export class FakeFiles implements FilesApi {
  readonly #host: FakeFilesHost;
  transfers: TransferView[] = [];
  /** When set, commands reject with this. */
  error: Error | undefined;

  constructor(host: FakeFilesHost) {
    this.#host = host;
  }

  /** Adds or replaces a transfer and emits its event, as the node does. */
  put(view: TransferView): TransferView {
    this.transfers = [
      ...this.transfers.filter((item) => item.id !== view.id || item.direction !== view.direction),
      view,
    ];
    this.#host.emit({ type: 'transfer', transfer: view });
    return view;
  }

  send(target: string, path: string): Promise<TransferView> {
    return this.#answer('files.send', [target, path], () =>
      this.put(
        transfer({
          direction: 'out',
          name: path.split('/').at(-1) ?? path,
          recipients: [{ onion: target, state: 'offered' }],
          path,
        }),
      ),
    );
  }

  list(): Promise<TransferView[]> {
    return this.#answer('files.list', [], () => [...this.transfers].sort((a, b) => b.createdAt - a.createdAt));
  }

  accept(id: string, folder?: string): Promise<TransferView> {
    return this.#answer('files.accept', folder === undefined ? [id] : [id, folder], () =>
      this.put({ ...this.#find(id), state: 'downloading', ...(folder === undefined ? {} : { folder }) }),
    );
  }

  decline(id: string): Promise<TransferView> {
    return this.#answer('files.decline', [id], () => this.put({ ...this.#find(id), state: 'declined' }));
  }

  cancel(id: string): Promise<TransferView> {
    return this.#answer('files.cancel', [id], () => this.put({ ...this.#find(id), state: 'cancelled' }));
  }

  resume(id: string): Promise<TransferView> {
    return this.#answer('files.resume', [id], () => this.put({ ...this.#find(id), state: 'downloading' }));
  }

  delete(id: string): Promise<DeletedFileView> {
    return this.#answer('files.delete', [id], () => {
      const found = this.#find(id);
      this.transfers = this.transfers.filter((item) => item !== found);
      this.#host.emit({ type: 'transfer-deleted', id: found.id });
      return {
        id: found.id,
        name: found.name,
        ...(found.path === undefined ? { file: 'none' as const } : { path: found.path, file: 'removed' as const }),
      };
    });
  }

  #find(id: string): TransferView {
    const found = this.transfers.find((item) => item.id.startsWith(id));
    if (found === undefined)
      throw Object.assign(new Error('No file transfer has that id.'), { name: 'UnknownTransferError' });
    return found;
  }

  #answer<T>(method: string, args: unknown[], work: () => T): Promise<T> {
    this.#host.record(method, ...args);
    return Promise.resolve().then(() => {
      if (this.error !== undefined) throw this.error;
      return work();
    });
  }
}
