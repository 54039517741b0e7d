/**
 * Everything file sharing sends to one friend, through one {@link FairQueue}: control messages
 * (offers, answers, chunk requests, `have`, cancels) in the control lane, chunks we serve in
 * the bulk lane, one flow per file so two files share the link.
 *
 * One loop per friend takes one item at a time and awaits the session's `send`, which waits
 * for the socket to drain (src/session/secure-session.ts). So at most one 64 KiB chunk-data
 * frame sits in Burrow's own buffers at any time. Chunk data goes on the friend's bulk session
 * when one is up (its own Tor circuit: src/node/bulk-links.ts), so a chat message, which the
 * node writes to the main session, waits behind none of it; without one (a friend whose node
 * predates bulk sessions) it waits behind at most that one frame. Each chunk's blocks all go
 * on the channel picked when the chunk was read, so they arrive in order; if a bulk session
 * closes mid-chunk, the rest of that chunk is dropped and the downloader asks again. Beyond
 * Burrow, what waits in the kernel and in Tor is bounded by the downloader's request window
 * (transfer-limits.ts): we send only chunks asked for, which follows the path's
 * bandwidth-delay product.
 *
 * A chunk is read from disk only when its turn comes (a `serve` job at the head of its flow),
 * and its blocks go to the front of that flow, so each flow holds at most one chunk in memory.
 *
 * @example
 * ```ts
 * const outbox = new PeerOutbox({ send, readChunk, sent, serveFailed });
 * outbox.control({ kind: 'have', fileId, have: { form: 'all' } });
 * outbox.serve(fileIdHex, fileId, request.entries);
 * outbox.cancel(fileIdHex, [7, 8]);
 * ```
 */
import { logger } from '../log.js';
import type { ChunkRequestEntry } from '../protocol/files/chunk-messages.js';
import type { FileMessage } from '../protocol/files/file-message-codec.js';
import { chunkDataMessages } from './chunk-blocks.js';
import { FairQueue } from './fair-queue.js';

const log = logger('files');

/** Where one chunk's blocks go: the friend's bulk session (`dedicated`), or their main session. */
export interface ChunkChannel {
  readonly dedicated: boolean;
  /** Rejects once that session closed. */
  send(message: FileMessage): Promise<void>;
}

/** What a {@link PeerOutbox} needs from its owner. */
export interface PeerOutboxOptions {
  /** Sends one message on the friend's session; resolves false when they are not online. */
  send(message: FileMessage): Promise<boolean>;
  /** Where chunk data goes now; undefined when the friend is not online. */
  channel(): ChunkChannel | undefined;
  /** Reads chunk `index` of a file we serve, checked against its manifest. */
  readChunk(fileIdHex: string, index: number): Promise<Uint8Array>;
  /** Reading a chunk to serve failed (the file changed or vanished); the job is dropped. */
  serveFailed(fileIdHex: string, error: unknown): void;
  /** `bytes` of a file's data went out. */
  sent(fileIdHex: string, bytes: number): void;
}

type Item =
  | { readonly kind: 'message'; readonly message: FileMessage }
  | {
      readonly kind: 'serve';
      readonly fileIdHex: string;
      readonly fileId: Uint8Array;
      readonly entry: ChunkRequestEntry;
    }
  | {
      readonly kind: 'block';
      readonly fileIdHex: string;
      readonly requestId: number;
      readonly last: boolean;
      readonly channel: ChunkChannel;
      readonly message: FileMessage & { kind: 'chunk-data' };
    };

/** One friend's outbound file traffic (see the module comment). */
export class PeerOutbox {
  readonly #options: PeerOutboxOptions;
  readonly #queue = new FairQueue<Item>();
  // Requests queued or in progress, per file (hex id): what the request limit counts.
  readonly #live = new Map<string, Set<number>>();
  #running = false;
  #closed = false;

  constructor(options: PeerOutboxOptions) {
    this.#options = options;
  }

  /** Whether {@link close} was called (or the friend went offline mid-send). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Items waiting (for tests and the UI). */
  get size(): number {
    return this.#queue.size;
  }

  /** Chunk requests of a file queued or being sent. */
  liveRequests(fileIdHex: string): number {
    return this.#live.get(fileIdHex)?.size ?? 0;
  }

  /** Queues a control message (ahead of chunk data). */
  control(message: FileMessage): void {
    if (this.#closed) return;
    this.#queue.push({ kind: 'message', message }, { lane: 'control' });
    this.#wake();
  }

  /** Queues chunks to serve, in the order requested. A request id already live is ignored. */
  serve(fileIdHex: string, fileId: Uint8Array, entries: readonly ChunkRequestEntry[]): void {
    if (this.#closed) return;
    let live = this.#live.get(fileIdHex);
    if (live === undefined) this.#live.set(fileIdHex, (live = new Set()));
    for (const entry of entries) {
      if (live.has(entry.requestId)) continue;
      live.add(entry.requestId);
      this.#queue.push({ kind: 'serve', fileIdHex, fileId, entry }, { lane: 'bulk', flow: fileIdHex });
    }
    this.#wake();
  }

  /** Drops queued chunks of a file: the given request ids, or all of them. Returns how many requests were live. */
  cancel(fileIdHex: string, requestIds?: readonly number[]): number {
    const live = this.#live.get(fileIdHex);
    if (live === undefined) return 0;
    const ids = requestIds === undefined ? new Set(live) : new Set(requestIds.filter((id) => live.has(id)));
    for (const id of ids) live.delete(id);
    if (live.size === 0) this.#live.delete(fileIdHex);
    this.#queue.remove(
      (item) =>
        item.kind !== 'message' &&
        item.fileIdHex === fileIdHex &&
        ids.has(item.kind === 'serve' ? item.entry.requestId : item.requestId),
    );
    return ids.size;
  }

  /** Drops everything and sends nothing more (the friend went offline). */
  close(): void {
    this.#closed = true;
    this.#queue.remove(() => true);
    this.#live.clear();
  }

  #wake(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    void this.#run().finally(() => {
      this.#running = false;
      // Something may have been queued after the loop saw an empty queue.
      if (this.#queue.size > 0) this.#wake();
    });
  }

  async #run(): Promise<void> {
    for (let item = this.#queue.shift(); item !== undefined && !this.#closed; item = this.#queue.shift()) {
      try {
        if (item.kind === 'serve') await this.#read(item);
        else if (!(await this.#send(item))) this.close();
      } catch (error) {
        // The session closed under us: the node's close handler takes the friend offline.
        log.debug('file send failed; dropping this friend’s file queue', { error });
        this.close();
      }
    }
  }

  async #read(item: Extract<Item, { kind: 'serve' }>): Promise<void> {
    const { fileIdHex, fileId, entry } = item;
    let bytes: Uint8Array;
    try {
      bytes = await this.#options.readChunk(fileIdHex, entry.index);
    } catch (error) {
      this.#forget(fileIdHex, entry.requestId);
      this.#options.serveFailed(fileIdHex, error);
      return;
    }
    // Cancelled while it was read.
    if (!this.#isLive(fileIdHex, entry.requestId)) return;
    const channel = this.#options.channel();
    if (channel === undefined) return this.close();
    const messages = chunkDataMessages(fileId, entry.requestId, entry.index, bytes);
    // Front of the flow in reverse, so block 0 leads.
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = { kind: 'chunk-data', ...messages[i]! } as const;
      this.#queue.push(
        { kind: 'block', fileIdHex, requestId: entry.requestId, last: i === messages.length - 1, channel, message },
        { lane: 'bulk', flow: fileIdHex, front: true },
      );
    }
  }

  async #send(item: Exclude<Item, { kind: 'serve' }>): Promise<boolean> {
    if (item.kind === 'message') return this.#options.send(item.message);
    try {
      await item.channel.send(item.message);
    } catch (error) {
      if (!item.channel.dedicated) throw error; // the main session closed: the friend is offline
      log.debug('the bulk session closed mid-chunk; the rest of that chunk is dropped', { error });
      this.cancel(item.fileIdHex, [item.requestId]);
      return true;
    }
    this.#options.sent(item.fileIdHex, item.message.data.length);
    if (item.last) this.#forget(item.fileIdHex, item.requestId);
    return true;
  }

  #isLive(fileIdHex: string, requestId: number): boolean {
    return this.#live.get(fileIdHex)?.has(requestId) === true;
  }

  #forget(fileIdHex: string, requestId: number): void {
    const live = this.#live.get(fileIdHex);
    live?.delete(requestId);
    if (live?.size === 0) this.#live.delete(fileIdHex);
  }
}
