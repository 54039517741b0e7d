/**
 * The downloads a node runs: started when the user accepts, restarted from the store after a
 * restart (the part file's bitmap of chunks durably on disk says where to go on), fed with the
 * sources' messages, and finished, paused or cancelled with the store kept in step.
 *
 * Sources: every friend who offered us the file gets a `file-accept` (and answers with its
 * `have`); fellow members of the group it was offered in get our `have`, which asks theirs.
 * Both happen on accept and again whenever such a friend comes online. A file whose hash list is
 * longer than its offer carried waits for the rest (hash-request / hash-piece, one source at a time).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { BurrowError } from '../../errors.js';
import { ActiveDownload } from '../active-download.js';
import { childPath, removePart } from '../disk/download-folder.js';
import { DiskFullError, HashPieceInvalidError, ManifestMismatchError } from '../errors.js';
import { ManifestAssembly } from '../manifest-assembly.js';
import type { Manifest } from '../manifest.js';
import { PartFile, type PartFileIo } from '../disk/part-file.js';
import { logger, sensitive } from '../../log.js';
import { Bitfield } from '../../protocol/files/bitfield.js';
import type { ChunkDataBody } from '../../protocol/files/chunk-messages.js';
import type { FileOfferBody } from '../../protocol/files/file-offer.js';
import { firstPieceHashCount } from '../../protocol/files/file-offer.js';
import { CHUNK_HASH_BYTES } from '../../protocol/files/file-wire-limits.js';
import type { HashPieceBody } from '../../protocol/files/hash-piece-messages.js';
import type { HaveSet } from '../../protocol/files/have-message.js';
import { chunkCountOf } from '../../protocol/files/manifest-header.js';
import type { FilesRepository, StoredDownload, StoredManifest, StoredOffer } from '../store/files-repository.js';
import type { FeatureContext } from '../../node/feature.js';
import type { HeldFile } from './access.js';
import { hexOf, idBytes, type FileServer } from './server.js';
import type { LiveDownload } from './views.js';
import { WindowShare } from '../window-share.js';

const log = logger('files');

/** How long a download paused by a full disk waits before it tries again (nothing is written half). */
export const DISK_FULL_RETRY_MS = 15_000;

/** What the downloads need from the files feature. */
export interface DownloadsHost {
  readonly context: FeatureContext;
  readonly repo: FilesRepository;
  readonly server: FileServer;
  /** The checked manifest of a file, if we hold its whole hash list. */
  manifest(fileIdHex: string): Manifest | undefined;
  /** Keeps a manifest that was just checked. */
  manifestChecked(manifest: Manifest): void;
  /** Offers of a file made to us. */
  incomingOffers(fileIdHex: string): StoredOffer[];
  /** Friends in the groups a file was offered to us in. */
  groupPeersOf(fileIdHex: string): OnionAddress[];
  /** The incoming view of a file changed. */
  changed(fileIdHex: string): void;
  /** Part file I/O a test may replace. */
  readonly partFileIo?: Partial<PartFileIo> | undefined;
  /** How long a download paused by a full disk waits before it tries again. */
  readonly diskFullRetryMs: number;
}

/** A large manifest's hash list being fetched before its download can start. */
interface PendingManifest {
  readonly assembly: ManifestAssembly;
  /** The peer asked for the pieces now. */
  source: OnionAddress | undefined;
  /** Peers whose pieces did not add up: not asked again. */
  readonly failed: Set<OnionAddress>;
}

/** The running downloads (see the module comment). */
export class Downloads {
  readonly #host: DownloadsHost;
  readonly #live = new Map<string, ActiveDownload>();
  readonly #windowShare = new WindowShare(); // fair shares among one friend's downloads
  /** Downloads paused by a full disk, and since when: {@link tick} tries them again. */
  readonly #diskFullSince = new Map<string, number>();
  readonly #pending = new Map<string, PendingManifest>();

  constructor(host: DownloadsHost) {
    this.#host = host;
  }

  /** Whether a download of the file runs (or waits for its hash list). */
  running(fileIdHex: string): boolean {
    return this.#live.has(fileIdHex) || this.#pending.has(fileIdHex);
  }

  /** The files downloading now. */
  ids(): string[] {
    return [...this.#live.keys(), ...this.#pending.keys()];
  }

  /** Live figures of a running download, for its view. */
  live(fileIdHex: string): LiveDownload | undefined {
    const download = this.#live.get(fileIdHex);
    return download === undefined
      ? undefined
      : {
          bytesDone: download.bytesDone,
          rate: download.rate,
          sources: download.sources(),
          folder: download.partState.folder,
        };
  }

  /** The part file of a running download and the chunks it holds (we serve those). */
  held(fileIdHex: string): HeldFile | undefined {
    const download = this.#live.get(fileIdHex);
    if (download === undefined) return undefined;
    const part = download.partState;
    return { path: childPath(part.folder, part.partName), chunks: download.have };
  }

  /** Whether a paused download is running in memory (resume it with {@link resume}). */
  isPaused(fileIdHex: string): boolean {
    return this.#live.get(fileIdHex)?.state === 'paused';
  }

  /** Restarts the downloads that ran when the node last stopped. */
  async resumeAll(stopped: () => boolean): Promise<void> {
    for (const download of this.#host.repo.downloads()) {
      if (stopped()) return;
      if (download.state === 'active' || download.state === 'paused') await this.startStored(download);
    }
  }

  /**
   * Runs a stored download: its part file reopened (or made, once the hash list is whole), or
   * its hash list fetched first. A part file that cannot be reopened (replaced by a symlink, the
   * folder gone, the disk full) leaves the download paused or failed with the reason.
   */
  async startStored(download: StoredDownload): Promise<void> {
    const fileIdHex = hexOf(download.fileId);
    const manifest = this.#host.manifest(fileIdHex);
    if (manifest === undefined) {
      this.#pending.set(fileIdHex, {
        assembly: new ManifestAssembly(offerOf(this.#host.repo.manifest(download.fileId)!)),
        source: undefined,
        failed: new Set(),
      });
      return;
    }
    const io = this.#host.partFileIo === undefined ? {} : { io: this.#host.partFileIo };
    try {
      const part =
        download.partName === undefined || download.finalName === undefined
          ? await PartFile.create({ folder: download.folder, manifest, ...io })
          : await PartFile.resume({
              manifest,
              state: {
                folder: download.folder,
                partName: download.partName,
                finalName: download.finalName,
                have: download.have ?? new Bitfield(manifest.chunkCount).toBytes(),
              },
              ...io,
            });
      const now = this.#host.context.now();
      this.#host.repo.setPartFile(download.fileId, part.state, now);
      if (download.state !== 'active') this.#host.repo.setDownloadState(download.fileId, 'active', now);
      this.start(manifest, part);
      log.info('download resumed', { chunks: part.have.count, of: manifest.chunkCount });
    } catch (error) {
      if (!(error instanceof BurrowError)) throw error;
      log.warn('a download could not be resumed', { error });
      this.#host.repo.setDownloadState(
        download.fileId,
        error.action === 'tell-user' ? 'paused' : 'failed',
        this.#host.context.now(),
        { error: error.message },
      );
      this.#host.changed(fileIdHex);
    }
  }

  /** Runs a download into a new or reopened part file. */
  start(manifest: Manifest, part: PartFile): void {
    const fileIdHex = manifest.fileIdHex;
    const { context, repo } = this.#host;
    const random = context.random(4);
    const download = new ActiveDownload({
      manifest,
      part,
      clock: () => context.now(),
      startIndex: new DataView(random.buffer, random.byteOffset, 4).getUint32(0),
      windowShare: this.#windowShare.for(fileIdHex),
      hooks: {
        send: (to, message) => this.#host.server.sendTo(to as OnionAddress, message),
        checkpoint: (state, bytesDone) =>
          guard('saving download progress', () =>
            repo.saveProgress(manifest.fileId, state.have, bytesDone, context.now()),
          ),
        finished: (file) =>
          guard('finishing a download', () => {
            repo.setDownloadState(manifest.fileId, 'complete', context.now(), { path: file.path });
            repo.saveProgress(
              manifest.fileId,
              Bitfield.full(manifest.chunkCount).toBytes(),
              manifest.header.size,
              context.now(),
            );
            this.#live.delete(fileIdHex);
            this.#host.server.fileMoved(fileIdHex);
            // Everyone involved hears we hold it all: other downloaders may fetch from us, and
            // an offerer learns its recipient has the file.
            const told = new Set([
              ...this.#host.server.interested(fileIdHex),
              ...this.#host.incomingOffers(fileIdHex).map((offer) => offer.peer),
            ]);
            for (const peer of told) this.#host.server.announce(peer, fileIdHex, true);
            this.#host.changed(fileIdHex);
          }),
        paused: (error) =>
          guard('pausing a download', () => {
            repo.setDownloadState(manifest.fileId, 'paused', context.now(), { error: error.message });
            if (error instanceof DiskFullError) this.#diskFullSince.set(fileIdHex, context.now());
            this.#host.changed(fileIdHex);
          }),
      },
    });
    this.#live.set(fileIdHex, download);
    download.finishIfComplete();
  }

  /** Waits for the rest of a large hash list before the download can start. */
  awaitManifest(stored: StoredManifest): void {
    this.#pending.set(hexOf(stored.fileId), {
      assembly: new ManifestAssembly(offerOf(stored)),
      source: undefined,
      failed: new Set(),
    });
  }

  /** Resumes a paused download that is still in memory. */
  resume(fileIdHex: string): void {
    this.#live.get(fileIdHex)?.resume();
  }

  /**
   * Cancels a download: its part file is deleted, the store says 'cancelled' (with `reason` if
   * the sender cancelled), and its sources are told. Returns false if it finished meanwhile.
   */
  async cancel(stored: StoredDownload, reason?: string): Promise<boolean> {
    const fileIdHex = hexOf(stored.fileId);
    const download = this.#live.get(fileIdHex);
    const sources = (download?.sources() ?? []).map((source) => source.id as OnionAddress);
    this.#live.delete(fileIdHex);
    this.#pending.delete(fileIdHex);
    if (download !== undefined) {
      await download.discard();
      if (download.state === 'complete') return false;
    } else if (stored.partName !== undefined) {
      await removePart(stored.folder, stored.partName).catch((error: unknown) =>
        log.warn('removing a part file failed', { error }),
      );
    }
    this.#host.repo.setDownloadState(
      stored.fileId,
      'cancelled',
      this.#host.context.now(),
      reason === undefined ? {} : { error: reason },
    );
    for (const peer of sources)
      this.#host.server.sendTo(peer, { kind: 'file-cancel', fileId: stored.fileId, scope: { kind: 'download' } });
    return true;
  }

  /** Asks every possible source of a running download for what it has. */
  contactSources(fileIdHex: string): void {
    const online = new Set(this.#host.context.onlineFriends());
    const offerers = new Set(this.#offerers(fileIdHex));
    for (const peer of offerers) if (online.has(peer)) this.askSource(peer, fileIdHex, true);
    for (const peer of this.#host.groupPeersOf(fileIdHex))
      if (online.has(peer) && !offerers.has(peer)) this.askSource(peer, fileIdHex, false);
    this.#fetchManifest(fileIdHex);
  }

  /**
   * Tells a possible source we want the file: an offerer gets a `file-accept` (it answers with
   * its `have`), anyone else our `have`, which asks theirs.
   */
  askSource(peer: OnionAddress, fileIdHex: string, offerer: boolean): void {
    if (offerer) this.#host.server.sendTo(peer, { kind: 'file-accept', fileId: idBytes(fileIdHex) });
    else this.#host.server.announce(peer, fileIdHex, true);
    if (this.#pending.has(fileIdHex)) this.#fetchManifest(fileIdHex);
  }

  /** A friend came online: ask them for what they have of the files we download from them. */
  peerOnline(peer: OnionAddress): void {
    for (const fileIdHex of this.ids()) {
      if (this.#offerers(fileIdHex).includes(peer)) this.askSource(peer, fileIdHex, true);
      else if (this.#host.groupPeersOf(fileIdHex).includes(peer)) this.askSource(peer, fileIdHex, false);
    }
  }

  /** A friend's session ended: they are no source for now. */
  peerOffline(peer: OnionAddress): void {
    for (const download of this.#live.values()) download.removeSource(peer);
    for (const [fileIdHex, pending] of this.#pending) {
      if (pending.source !== peer) continue;
      pending.source = undefined;
      this.#fetchManifest(fileIdHex);
    }
  }

  /** A source's `have` of a file we download. */
  have(peer: OnionAddress, fileIdHex: string, have: HaveSet): void {
    const download = this.#live.get(fileIdHex);
    if (download !== undefined && !download.sourceHave(peer, have))
      log.warn('ignoring a `have` that does not fit the file', { peer: sensitive(peer) });
  }

  /** A source no longer serves the file (it withdrew its offer). */
  sourceGone(peer: OnionAddress, fileIdHex: string): void {
    this.#live.get(fileIdHex)?.removeSource(peer);
  }

  /** One block of chunk data. */
  chunkData(peer: OnionAddress, body: ChunkDataBody): void {
    const download = this.#live.get(hexOf(body.fileId));
    if (download === undefined) return;
    const outcome = download.receiveBlock(peer, body);
    if (outcome.kind === 'rejected') {
      log.warn(
        outcome.banned
          ? 'a source sent bad chunks; it is out of this download'
          : 'a chunk was refused; fetching it again',
        { peer: sensitive(peer), error: outcome.error },
      );
    }
  }

  /** A piece of a pending hash list; once whole and checked, the download starts. */
  async hashPiece(peer: OnionAddress, body: HashPieceBody): Promise<void> {
    const fileIdHex = hexOf(body.fileId);
    const pending = this.#pending.get(fileIdHex);
    if (pending === undefined || pending.source !== peer) return;
    let manifest: Manifest;
    try {
      pending.assembly.addPiece(body.piece, body.hashes);
      if (!pending.assembly.isComplete) return;
      manifest = pending.assembly.finish();
    } catch (error) {
      if (!(error instanceof HashPieceInvalidError) && !(error instanceof ManifestMismatchError)) throw error;
      log.warn('a peer sent a bad hash list; asking another', { peer: sensitive(peer), error });
      pending.assembly.reset();
      pending.failed.add(peer);
      pending.source = undefined;
      this.#fetchManifest(fileIdHex);
      return;
    }
    this.#pending.delete(fileIdHex);
    this.#host.manifestChecked(manifest);
    this.#host.repo.saveManifest({
      fileId: manifest.fileId,
      ...manifest.header,
      chunkHashes: manifest.chunkHashes,
      complete: true,
      createdAt: this.#host.context.now(),
    });
    const stored = this.#host.repo.download(body.fileId);
    if (stored?.state !== 'active') return;
    await this.startStored(stored);
    this.contactSources(fileIdHex);
    this.#host.changed(fileIdHex);
  }

  /** Stall detection and planning, new chunks announced; returns the downloads still running. */
  tick(): string[] {
    this.#retryDiskFull();
    const active: string[] = [];
    for (const [fileIdHex, download] of this.#live) {
      download.tick();
      this.#host.server.announceChunks(fileIdHex, download.takeNewChunks(), () => ({
        form: 'bitfield',
        bitfield: download.have,
      }));
      if (download.state === 'active') active.push(fileIdHex);
    }
    return active;
  }

  /** Checkpoints and closes every part file (the node stops). */
  async close(): Promise<void> {
    const downloads = [...this.#live.values()];
    this.#live.clear();
    this.#pending.clear();
    await Promise.all(
      downloads.map((download) =>
        download.close().catch((error: unknown) => log.warn('closing a download failed', { error })),
      ),
    );
  }

  /** A download the disk filled up tries again every `diskFullRetryMs` (if still full, it pauses again). */
  #retryDiskFull(): void {
    const now = this.#host.context.now();
    for (const [fileIdHex, since] of this.#diskFullSince) {
      if (now - since < this.#host.diskFullRetryMs) continue;
      this.#diskFullSince.delete(fileIdHex);
      const download = this.#live.get(fileIdHex);
      if (download?.state !== 'paused') continue;
      log.info('trying a download paused by a full disk again');
      this.#host.repo.setDownloadState(idBytes(fileIdHex), 'active', now);
      download.resume();
      this.contactSources(fileIdHex);
      this.#host.changed(fileIdHex);
    }
  }

  #offerers(fileIdHex: string): OnionAddress[] {
    return this.#host
      .incomingOffers(fileIdHex)
      .filter((offer) => offer.state === 'accepted')
      .map((offer) => offer.peer);
  }

  /** Requests the missing hash pieces of a pending manifest from one online source. */
  #fetchManifest(fileIdHex: string): void {
    const pending = this.#pending.get(fileIdHex);
    if (pending === undefined || pending.source !== undefined) return;
    const online = new Set(this.#host.context.onlineFriends());
    const source = [...this.#offerers(fileIdHex), ...this.#host.groupPeersOf(fileIdHex)].find(
      (peer) => online.has(peer) && !pending.failed.has(peer),
    );
    if (source === undefined) return;
    pending.source = source;
    for (const piece of pending.assembly.missingPieces())
      this.#host.server.sendTo(source, { kind: 'hash-request', fileId: idBytes(fileIdHex), piece });
  }
}

/** A stored first piece as the offer it came in (to assemble the rest). */
export function offerOf(stored: StoredManifest): Pick<FileOfferBody, 'header' | 'fileId' | 'firstHashes'> {
  const count = firstPieceHashCount(chunkCountOf(stored.size, stored.chunkSize));
  return {
    header: { name: stored.name, size: stored.size, chunkSize: stored.chunkSize },
    fileId: stored.fileId,
    firstHashes: stored.chunkHashes.subarray(0, count * CHUNK_HASH_BYTES),
  };
}

/** Runs a store write from a background event; a failure (the store closing at shutdown) is only logged. */
function guard(what: string, body: () => void): void {
  try {
    body();
  } catch (error) {
    log.warn(`${what} failed`, { error });
  }
}
