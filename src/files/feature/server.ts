/**
 * The serving side of file sharing: everything we send to friends goes through one fair queue
 * per friend (src/files/peer-outbox.ts), and every request for a file we know is answered under
 * the serving rule (src/files/serving-policy.ts):
 *
 * - `chunk-request`: chunks queue for reading only if the peer may fetch the file and we hold
 *   them verified, at most MAX_QUEUED_REQUESTS_PER_PEER per peer and file; what we cannot
 *   serve is answered with our `have`, so the peer plans it elsewhere at once.
 * - `hash-request`: a piece of the hash list, to a peer who may fetch the file.
 * - `have`: answered once per session with ours (a peer missing chunks also hears of each new
 *   one we get, while we download it ourselves).
 * A peer that may not fetch a file gets `have` 'none' to everything, which is also the answer
 * for a file we never heard of: they cannot tell the two apart.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { ChunkSources, type OpenChunkSource } from '../chunk-sources.js';
import { FileChangedError } from '../errors.js';
import { hashPiece, hashPieceCount } from '../manifest-assembly.js';
import type { Manifest } from '../manifest.js';
import { PeerOutbox } from '../peer-outbox.js';
import { RateMeter } from '../rate-meter.js';
import { mayServeChunk, mayServeFile, type FileAccessPolicy } from '../serving-policy.js';
import { MAX_QUEUED_REQUESTS_PER_PEER } from '../transfer-limits.js';
import { logger } from '../../log.js';
import type { ChunkRequestBody } from '../../protocol/files/chunk-messages.js';
import type { FileMessage } from '../../protocol/files/file-message-codec.js';
import type { HashRequestBody } from '../../protocol/files/hash-piece-messages.js';
import { MAX_HAVE_INDICES } from '../../protocol/files/file-wire-limits.js';
import type { HaveSet } from '../../protocol/files/have-message.js';
import type { FeatureContext } from '../../node/feature.js';
import type { FilesAccess, HeldFile } from './access.js';

const log = logger('files');

/** What the server needs from the files feature. */
export interface FileServerHost {
  readonly context: FeatureContext;
  readonly access: FilesAccess;
  /** The checked manifest of a file, if we hold its whole hash list. */
  manifest(fileIdHex: string): Manifest | undefined;
  /** Where we hold a file's bytes, and which chunks. */
  held(fileIdHex: string): HeldFile | undefined;
  /** Our shared original no longer matches its manifest (edited after the offer). */
  shareChanged(fileIdHex: string, error: FileChangedError): void;
  /** Opens files to serve (a test may replace it). */
  readonly openChunkSource?: OpenChunkSource | undefined;
}

interface SentFile {
  bytes: number;
  readonly meter: RateMeter;
  /** Bytes went out since the last tick. */
  active: boolean;
  lastRate: number;
}

/** Sends and serves (see the module comment). */
export class FileServer {
  readonly #host: FileServerHost;
  readonly #sources: ChunkSources;
  readonly #outboxes = new Map<OnionAddress, PeerOutbox>();
  /** Files whose `have` we sent to each peer this session. */
  readonly #announced = new Map<OnionAddress, Set<string>>();
  /** Peers missing chunks of each file, who hear of our new ones. */
  readonly #interested = new Map<string, Set<OnionAddress>>();
  readonly #sent = new Map<string, SentFile>();
  #closed = false;

  constructor(host: FileServerHost) {
    this.#host = host;
    this.#sources = new ChunkSources(host.openChunkSource);
  }

  /** Queues a control message to `peer` if they are online (dropped otherwise: callers resend when they come online). */
  sendTo(peer: OnionAddress, message: FileMessage): void {
    if (this.#closed || !this.#host.context.onlineFriends().includes(peer)) return;
    this.#outboxFor(peer).control(message);
  }

  /** Sends our `have` of a file to `peer`, once per session unless `force`: 'none' if they may not fetch it. */
  announce(peer: OnionAddress, fileIdHex: string, force: boolean): void {
    let files = this.#announced.get(peer);
    if (files === undefined) this.#announced.set(peer, (files = new Set()));
    if (files.has(fileIdHex) && !force) return;
    files.add(fileIdHex);
    this.sendTo(peer, { kind: 'have', fileId: idBytes(fileIdHex), have: this.#haveFor(peer, fileIdHex) });
  }

  /** `peer` is missing chunks of a file: they hear of each new one we get. */
  interest(fileIdHex: string, peer: OnionAddress): void {
    let peers = this.#interested.get(fileIdHex);
    if (peers === undefined) this.#interested.set(fileIdHex, (peers = new Set()));
    peers.add(peer);
  }

  /** `peer` stopped downloading a file (or has it all now). */
  uninterest(fileIdHex: string, peer: OnionAddress): void {
    this.#interested.get(fileIdHex)?.delete(peer);
  }

  /** The peers missing chunks of a file. */
  interested(fileIdHex: string): OnionAddress[] {
    return [...(this.#interested.get(fileIdHex) ?? [])];
  }

  /** Announces chunks we just got to the peers missing them (an index list, or our whole bitfield). */
  announceChunks(fileIdHex: string, chunks: readonly number[], all: () => HaveSet): void {
    const peers = this.interested(fileIdHex);
    if (chunks.length === 0 || peers.length === 0) return;
    const sorted = [...new Set(chunks)].sort((a, b) => a - b);
    const have: HaveSet = sorted.length <= MAX_HAVE_INDICES ? { form: 'indices', indices: sorted } : all();
    const fileId = idBytes(fileIdHex);
    for (const peer of peers)
      if (mayServeFile(this.#host.access, fileIdHex, peer)) this.sendTo(peer, { kind: 'have', fileId, have });
  }

  /** `peer` wants the file (their `file-accept`): they get our `have`, and hear of our new chunks. */
  wanted(peer: OnionAddress, fileIdHex: string): void {
    if (mayServeFile(this.#host.access, fileIdHex, peer)) this.interest(fileIdHex, peer);
    this.announce(peer, fileIdHex, true);
  }

  /** A `have` arrived: answer it once per session, and note a peer that is missing chunks. */
  haveReceived(peer: OnionAddress, fileIdHex: string, have: HaveSet): void {
    if (have.form === 'all') {
      this.uninterest(fileIdHex, peer);
      return;
    }
    if (mayServeFile(this.#host.access, fileIdHex, peer)) this.interest(fileIdHex, peer);
    this.announce(peer, fileIdHex, false);
  }

  /** Serves what a chunk-request asks for, within the rule and the queue limit. */
  chunkRequest(peer: OnionAddress, request: ChunkRequestBody): void {
    const fileIdHex = hexOf(request.fileId);
    const manifest = this.#host.manifest(fileIdHex);
    if (manifest === undefined || !mayServeFile(this.#host.access, fileIdHex, peer)) {
      this.announce(peer, fileIdHex, true);
      return;
    }
    const outbox = this.#outboxFor(peer);
    let room = MAX_QUEUED_REQUESTS_PER_PEER - outbox.liveRequests(fileIdHex);
    // The rule's inputs, read once for the whole request.
    const offers = this.#host.access.offersOf(fileIdHex);
    const held = this.#host.access.heldChunks(fileIdHex);
    const snapshot: FileAccessPolicy = {
      offersOf: () => offers,
      isGroupMember: (group, member) => this.#host.access.isGroupMember(group, member),
      heldChunks: () => held,
    };
    const serve = request.entries.filter((entry) => {
      const ok =
        entry.index < manifest.chunkCount && room > 0 && mayServeChunk(snapshot, fileIdHex, peer, entry.index).allowed;
      if (ok) room -= 1;
      return ok;
    });
    this.interest(fileIdHex, peer);
    if (serve.length > 0) outbox.serve(fileIdHex, request.fileId, serve);
    // What we cannot serve: our `have` tells them to look elsewhere.
    if (serve.length < request.entries.length) this.announce(peer, fileIdHex, true);
  }

  /** Answers a hash-request with the piece, to a peer who may fetch the file. */
  hashRequest(peer: OnionAddress, request: HashRequestBody): void {
    const fileIdHex = hexOf(request.fileId);
    const manifest = this.#host.manifest(fileIdHex);
    if (
      manifest === undefined ||
      !mayServeFile(this.#host.access, fileIdHex, peer) ||
      request.piece >= hashPieceCount(manifest.chunkCount)
    ) {
      this.announce(peer, fileIdHex, true);
      return;
    }
    this.sendTo(peer, {
      kind: 'hash-piece',
      fileId: request.fileId,
      piece: request.piece,
      hashes: hashPiece(manifest, request.piece),
    });
  }

  /** Drops requests of `peer` for a file: the given ids, or all (they stopped downloading). */
  cancelRequests(peer: OnionAddress, fileIdHex: string, requestIds?: readonly number[]): void {
    this.#outboxes.get(peer)?.cancel(fileIdHex, requestIds);
    if (requestIds === undefined) this.uninterest(fileIdHex, peer);
  }

  /** Stops serving a file to everyone (our offer withdrawn, download cancelled). */
  stopServing(fileIdHex: string): void {
    for (const outbox of this.#outboxes.values()) outbox.cancel(fileIdHex);
    this.#interested.delete(fileIdHex);
    this.#sources.close(fileIdHex);
  }

  /** The file's bytes moved (a finished download was renamed): reopen on the next read. */
  fileMoved(fileIdHex: string): void {
    this.#sources.close(fileIdHex);
  }

  /** `peer`'s session ended: what was queued for them goes. */
  peerOffline(peer: OnionAddress): void {
    this.#outboxes.get(peer)?.close();
    this.#outboxes.delete(peer);
    this.#announced.delete(peer);
    for (const peers of this.#interested.values()) peers.delete(peer);
  }

  /** Bytes of a file sent this session, and the recent rate. */
  sent(fileIdHex: string): { bytes: number; rate: number } {
    const sent = this.#sent.get(fileIdHex);
    return { bytes: sent?.bytes ?? 0, rate: sent?.meter.rate(this.#host.context.now()) ?? 0 };
  }

  /** Files whose sending progress changed since the last call (and those whose rate just fell to 0). */
  sendingProgress(): string[] {
    const changed: string[] = [];
    for (const [fileIdHex, sent] of this.#sent) {
      const rate = sent.meter.rate(this.#host.context.now());
      if (sent.active || rate > 0 || sent.lastRate > 0) changed.push(fileIdHex);
      sent.lastRate = rate;
      sent.active = false;
    }
    this.#sources.closeIdle(this.#host.context.now());
    return changed;
  }

  /** Stops sending and closes the files we served from. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const outbox of this.#outboxes.values()) outbox.close();
    this.#outboxes.clear();
    await this.#sources.closeAll();
  }

  #haveFor(peer: OnionAddress, fileIdHex: string): HaveSet {
    if (!mayServeFile(this.#host.access, fileIdHex, peer)) return { form: 'none' };
    const chunks = this.#host.held(fileIdHex)?.chunks;
    if (chunks === undefined || (chunks !== 'all' && chunks.count === 0)) return { form: 'none' };
    if (chunks === 'all' || chunks.isFull) return { form: 'all' };
    return { form: 'bitfield', bitfield: chunks };
  }

  #outboxFor(peer: OnionAddress): PeerOutbox {
    let outbox = this.#outboxes.get(peer);
    if (outbox === undefined || outbox.closed) {
      outbox = new PeerOutbox({
        send: (message) => this.#host.context.send(peer, 'file', message),
        channel: () => {
          const channel = this.#host.context.bulkChannel(peer);
          if (channel === undefined) return undefined;
          return { dedicated: channel.dedicated, send: (message) => channel.send('file', message) };
        },
        readChunk: (fileIdHex, index) => this.#read(fileIdHex, index),
        serveFailed: (fileIdHex, error) => this.#serveFailed(peer, fileIdHex, error),
        sent: (fileIdHex, bytes) => this.#countSent(fileIdHex, bytes),
      });
      this.#outboxes.set(peer, outbox);
    }
    return outbox;
  }

  async #read(fileIdHex: string, index: number): Promise<Uint8Array> {
    const held = this.#host.held(fileIdHex);
    const manifest = this.#host.manifest(fileIdHex);
    if (held === undefined || manifest === undefined || (held.chunks !== 'all' && !held.chunks.has(index)))
      throw new FileChangedError();
    return this.#sources.read(fileIdHex, { path: held.path, manifest }, index, this.#host.context.now());
  }

  #serveFailed(peer: OnionAddress, fileIdHex: string, error: unknown): void {
    log.warn('cannot serve a file any more', { error });
    this.#sources.close(fileIdHex);
    if (error instanceof FileChangedError) this.#host.shareChanged(fileIdHex, error);
    // Tell them at once, so they fetch elsewhere instead of waiting for a stall.
    this.sendTo(peer, { kind: 'have', fileId: idBytes(fileIdHex), have: { form: 'none' } });
  }

  #countSent(fileIdHex: string, bytes: number): void {
    let sent = this.#sent.get(fileIdHex);
    if (sent === undefined)
      this.#sent.set(fileIdHex, (sent = { bytes: 0, meter: new RateMeter(), active: false, lastRate: 0 }));
    sent.bytes += bytes;
    sent.meter.add(bytes, this.#host.context.now());
    sent.active = true;
  }
}

/** The hex form of a file id. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The bytes of a hex file id. */
export function idBytes(fileIdHex: string): Uint8Array {
  return new Uint8Array(Buffer.from(fileIdHex, 'hex'));
}
