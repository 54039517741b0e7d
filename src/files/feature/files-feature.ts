/**
 * File sharing wired into the node (docs/ARCHITECTURE.md "Services/Files"): offers and answers
 * (offers.ts), downloads that survive disconnects and restarts (downloads.ts), serving chunks to the
 * friends a file was offered to (server.ts), and the views the front ends see (transfer-board.ts).
 *
 * Offers, as this node plays them (message formats in src/protocol/files/):
 * - A `file-offer` carries the manifest (all hashes up to 1920 chunks, else the first piece), resent
 *   each time the recipient comes online until they answer (a repeat gets the same answer).
 * - An offer to a group goes to the members who are our friends, and each member forwards it
 *   once to its own friends in the group (members who are not our friends get it that way).
 *   Any member who holds the file serves it to any member (src/files/serving-policy.ts).
 * - Accepting sends `file-accept` to every friend who offered us the file, and our `have` to
 *   fellow group members; each answers with its `have`, and the download engine takes it
 *   from there. Declining sends `file-decline`; cancelling, `file-cancel`.
 *
 * Everything about who offered what to whom and how far a download got is in the encrypted
 * store (src/files/store/files-repository.ts); only file bytes go to the user's chosen folder.
 */
import { isAbsolute } from 'node:path';
import type { OnionAddress } from '../../crypto/onion-address.js';
import { BurrowError } from '../../errors.js';
import { logger } from '../../log.js';
import type { FeatureContext, FeatureMessage, NodeFeature } from '../../node/feature.js';
import { FILE_MESSAGE_KINDS, type FileMessage } from '../../protocol/files/file-message-codec.js';
import type { OpenChunkSource } from '../chunk-sources.js';
import { checkDiskSpace } from '../disk/disk-space.js';
import { defaultDownloadFolder } from '../disk/download-dir.js';
import { resolveDownloadFolder } from '../disk/download-folder.js';
import { buildManifest } from '../disk/manifest-builder.js';
import { PartFile, type PartFileIo } from '../disk/part-file.js';
import { fileTooLarge } from '../errors.js';
import { DEFAULT_OFFER_BUDGET, type OfferBudgetLimits } from '../offer-budget.js';
import type { OfferPreferences } from '../offer-policy.js';
import type { FilesRepository, StoredDownload } from '../store/files-repository.js';
import { relativePath, transferState } from '../transfer-errors.js';
import { FilesAccess, type FileGroupAccess } from './access.js';
import type { DeletedFileView, FilesApi, TransferView } from './api.js';
import { DISK_FULL_RETRY_MS, Downloads } from './downloads.js';
import { readOfferPreferences } from './file-preferences.js';
import { FileExpiry } from './file-expiry.js';
import { FileRecords } from './file-records.js';
import { OfferGate } from './offer-gate.js';
import { FileOffers } from './offers.js';
import { FileServer, hexOf, idBytes } from './server.js';
import { TransferBoard } from './transfer-board.js';

const log = logger('files');

/** How often running transfers are ticked (stall detection, planning) and report progress. */
export const FILES_TICK_MS = 1_000;

/** Construction options of {@link FilesFeature} (BurrowNodeOptions.files). */
export interface FilesFeatureOptions {
  /** Where accepted files go unless the user names a folder (default: the XDG download folder). */
  readonly downloadFolder?: string;
  /** The offer preferences (default: the profile's protected preferences, read at each offer). */
  readonly preferences?: () => OfferPreferences;
  /** File I/O a test may replace: a full disk, a lying peer's chunks. */
  readonly io?: {
    readonly partFile?: Partial<PartFileIo>;
    readonly openChunkSource?: OpenChunkSource;
  };
  /** Tick interval in ms (default {@link FILES_TICK_MS}). */
  readonly tickMs?: number;
  /** How long a download paused by a full disk waits before trying again (default DISK_FULL_RETRY_MS). */
  readonly diskFullRetryMs?: number;
  /** Chunk size of the manifests made here (default chooseChunkSize; tests use the smallest). */
  readonly chunkSize?: number;
  /** What one friend may offer us (default {@link DEFAULT_OFFER_BUDGET}). */
  readonly offerBudget?: OfferBudgetLimits;
}

/** The files feature: a {@link NodeFeature} for the 'file' block and the {@link FilesApi}. */
export class FilesFeature implements NodeFeature, FilesApi {
  readonly block = 'file' as const;
  readonly #context: FeatureContext;
  readonly #options: FilesFeatureOptions;
  readonly #repo: FilesRepository;
  readonly #records: FileRecords;
  readonly #server: FileServer;
  readonly #downloads: Downloads;
  readonly #board: TransferBoard;
  readonly #offers: FileOffers;
  readonly #gate: OfferGate;
  /** Received files under a disappearing timer; app/compose.ts connects the conversations' timers. */
  readonly expiry: FileExpiry;
  readonly #busy = new Set<string>();
  readonly #ready: Promise<void>;
  readonly #timer: NodeJS.Timeout;
  #stopped = false;

  constructor(context: FeatureContext, options: FilesFeatureOptions = {}, groups?: FileGroupAccess) {
    this.#context = context;
    this.#options = options;
    const repo = context.store.files;
    const records = new FileRecords(repo, (fileIdHex) => this.#downloads.held(fileIdHex));
    this.#repo = repo;
    this.#records = records;
    const access = new FilesAccess(repo, groups, (fileIdHex) => records.held(fileIdHex));
    this.#server = new FileServer({
      context,
      access,
      manifest: (fileIdHex) => records.manifest(fileIdHex),
      held: (fileIdHex) => records.held(fileIdHex),
      shareChanged: (fileIdHex, error) => this.#board.shareChanged(fileIdHex, error),
      openChunkSource: options.io?.openChunkSource,
    });
    this.#downloads = new Downloads({
      context,
      repo,
      server: this.#server,
      manifest: (fileIdHex) => records.manifest(fileIdHex),
      manifestChecked: (manifest) => records.remember(manifest),
      incomingOffers: (fileIdHex) => records.incomingOffers(fileIdHex),
      groupPeersOf: (fileIdHex) => this.#offers.groupPeersOf(fileIdHex),
      changed: (fileIdHex) => this.#board.emitIn(fileIdHex),
      partFileIo: options.io?.partFile,
      diskFullRetryMs: options.diskFullRetryMs ?? DISK_FULL_RETRY_MS,
    });
    this.#board = new TransferBoard({
      context,
      repo,
      records,
      live: (fileIdHex) => this.#downloads.live(fileIdHex),
      sent: (fileIdHex) => this.#server.sent(fileIdHex),
      stopped: () => this.#stopped,
      expiry: (fileIdHex) => this.expiry.view(fileIdHex),
    });
    this.expiry = new FileExpiry({
      context,
      repo,
      records,
      board: this.#board,
      stopDownload: (download, reason) => this.#cancelDownload(download, reason),
      stopServing: (fileIdHex) => this.#server.stopServing(fileIdHex),
    });
    this.#gate = new OfferGate(context, repo, options.offerBudget ?? DEFAULT_OFFER_BUDGET);
    this.#offers = new FileOffers({
      context,
      gate: this.#gate,
      repo,
      groups,
      access,
      server: this.#server,
      downloads: this.#downloads,
      records,
      board: this.#board,
      expiry: this.expiry,
      preferences: () => this.#preferences(),
      autoAccept: (fileIdHex) => this.#autoAccept(fileIdHex),
      allWithdrawn: (fileIdHex, download) => this.#endWithdrawn(fileIdHex, download),
    });
    this.#timer = setInterval(() => this.#tick(), options.tickMs ?? FILES_TICK_MS);
    this.#timer.unref();
    this.#ready = this.#downloads.resumeAll(() => this.#stopped).then(() => this.expiry.start());
    context.track(this.#ready);
  }

  // ---- FilesApi ----

  async send(target: string, path: string): Promise<TransferView> {
    this.#checkRunning();
    if (typeof path !== 'string' || !isAbsolute(path)) throw relativePath();
    const recipients = this.#offers.recipientsOf(target);
    const chunkSize = this.#options.chunkSize;
    const manifest = await buildManifest(path, {
      signal: this.#context.signal,
      ...(chunkSize === undefined ? {} : { chunkSize }),
    });
    this.#checkRunning();
    this.#offers.offer(manifest, path, recipients);
    return this.#board.emitOut(manifest.fileIdHex)!;
  }

  list(): Promise<TransferView[]> {
    return this.#run(() => this.#board.list());
  }

  async accept(id: string, folder?: string): Promise<TransferView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#records.resolve(id, 'in');
    if (folder !== undefined && (typeof folder !== 'string' || !isAbsolute(folder))) throw relativePath();
    return this.#exclusive(fileIdHex, () => this.#accept(fileIdHex, folder));
  }

  decline(id: string): Promise<TransferView> {
    return this.#run(() => {
      const fileIdHex = this.#records.resolve(id, 'in');
      const download = this.#repo.download(idBytes(fileIdHex));
      const offers = this.#records.incomingOffers(fileIdHex).filter((offer) => offer.state === 'offered');
      if (offers.length === 0 || (download !== undefined && download.state !== 'cancelled')) {
        throw transferState('decline it', this.#board.incoming(fileIdHex)?.state ?? 'gone');
      }
      this.#offers.answer(offers, 'declined');
      return this.#board.emitIn(fileIdHex)!;
    });
  }

  async cancel(id: string): Promise<TransferView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#records.resolve(id, 'any');
    return this.#exclusive(fileIdHex, async () => {
      const download = this.#repo.download(idBytes(fileIdHex));
      if (
        download !== undefined &&
        (download.state === 'active' || download.state === 'paused' || download.state === 'failed')
      ) {
        await this.#cancelDownload(download);
        return this.#board.emitIn(fileIdHex)!;
      }
      const waiting = this.#records.incomingOffers(fileIdHex).filter((offer) => offer.state === 'offered');
      if (waiting.length > 0 && (download === undefined || download.state === 'cancelled')) {
        this.#offers.answer(waiting, 'declined');
        return this.#board.emitIn(fileIdHex)!;
      }
      if (this.#repo.share(idBytes(fileIdHex))?.state === 'active') {
        this.#offers.withdraw(fileIdHex);
        return this.#board.emitOut(fileIdHex)!;
      }
      throw transferState(
        'cancel it',
        this.#board.incoming(fileIdHex)?.state ?? this.#board.outgoing(fileIdHex)?.state ?? 'gone',
      );
    });
  }

  async resume(id: string): Promise<TransferView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#records.resolve(id, 'in');
    return this.#exclusive(fileIdHex, async () => {
      const fileId = idBytes(fileIdHex);
      const download = this.#repo.download(fileId);
      if (download === undefined || (download.state !== 'paused' && download.state !== 'failed')) {
        throw transferState('resume it', this.#board.incoming(fileIdHex)?.state ?? 'gone');
      }
      if (this.#downloads.isPaused(fileIdHex)) {
        this.#repo.setDownloadState(fileId, 'active', this.#context.now());
        this.#downloads.resume(fileIdHex);
      } else {
        await this.#downloads.startStored(download);
      }
      this.#downloads.contactSources(fileIdHex);
      return this.#board.emitIn(fileIdHex)!;
    });
  }

  async delete(id: string): Promise<DeletedFileView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#records.resolve(id, 'in');
    return this.#exclusive(fileIdHex, () => this.expiry.delete(fileIdHex));
  }

  // ---- NodeFeature ----

  async receive(peer: OnionAddress, message: FeatureMessage): Promise<void> {
    if (!isFileMessage(message)) return;
    await this.#ready;
    if (this.#stopped) return;
    switch (message.kind) {
      case 'file-offer':
        return this.#offers.received(peer, message);
      case 'file-accept':
        return this.#offers.accepted(peer, message.fileId);
      case 'file-decline':
        return this.#offers.recipientAnswered(peer, message.fileId, ['offered'], 'declined');
      case 'file-cancel':
        return this.#offers.cancelled(peer, message);
      case 'hash-request':
        return this.#server.hashRequest(peer, message);
      case 'hash-piece':
        return this.#downloads.hashPiece(peer, message);
      case 'chunk-request':
        return this.#server.chunkRequest(peer, message);
      case 'chunk-data':
        return this.#downloads.chunkData(peer, message);
      case 'have': {
        const fileIdHex = hexOf(message.fileId);
        this.#downloads.have(peer, fileIdHex, message.have);
        if (message.have.form === 'all') this.#offers.recipientAnswered(peer, message.fileId, ['accepted'], 'complete');
        this.#server.haveReceived(peer, fileIdHex, message.have);
        return;
      }
    }
  }

  friendOnline(peer: OnionAddress): void {
    this.#context.track(
      this.#ready.then(() => {
        if (this.#stopped) return;
        this.#offers.resend(peer);
        this.#downloads.peerOnline(peer);
      }),
    );
  }

  friendOffline(peer: OnionAddress): void {
    this.#server.peerOffline(peer);
    this.#downloads.peerOffline(peer);
  }

  /** Data in flight on the bulk session is lost: ask the friend afresh, not after a stall. */
  bulkSessionClosed(peer: OnionAddress): void {
    this.#downloads.peerOffline(peer);
    if (this.#context.onlineFriends().includes(peer)) this.#downloads.peerOnline(peer);
  }

  friendsChanged(): void {
    this.#gate.retain(new Set(this.#context.friends()));
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#ready.catch(() => undefined);
    await this.#server.close();
    await this.#downloads.close();
  }

  // ---- downloads ----

  async #accept(fileIdHex: string, folder: string | undefined): Promise<TransferView> {
    const fileId = idBytes(fileIdHex);
    const download = this.#repo.download(fileId);
    if (download !== undefined && download.state !== 'cancelled')
      throw transferState('accept it', this.#board.incoming(fileIdHex)!.state);
    const offers = this.#records.incomingOffers(fileIdHex).filter((offer) => offer.state !== 'cancelled');
    if (offers.length === 0) throw transferState('accept it', 'cancelled');
    const stored = this.#repo.manifest(fileId)!;
    const limit = this.#preferences().maxSizeBytes;
    if (stored.size > limit) throw fileTooLarge(stored.size, limit);
    const chosen = folder ?? this.#options.downloadFolder ?? (await defaultDownloadFolder());
    const manifest = this.#records.manifest(fileIdHex);
    const io = this.#options.io?.partFile;
    let part: PartFile | undefined;
    if (manifest !== undefined) {
      part = await PartFile.create({
        folder: chosen,
        manifest,
        signal: this.#context.signal,
        ...(io === undefined ? {} : { io }),
      });
    } else {
      // The part file waits for the whole hash list; the space is checked now.
      await checkDiskSpace(await resolveDownloadFolder(chosen), stored.size, io?.statfs);
    }
    if (this.#stopped) {
      await part?.discard();
      throw transferState('accept it', 'stopping with the node');
    }
    const now = this.#context.now();
    this.#context.store.transaction(() => {
      this.#repo.startDownload(fileId, part?.state.folder ?? chosen, now);
      if (part !== undefined) this.#repo.setPartFile(fileId, part.state, now);
      for (const offer of offers) this.#repo.setOfferState(offer, 'accepted', now);
    });
    this.#board.clearNote(fileIdHex);
    this.expiry.answered(fileIdHex);
    log.info('download accepted', { size: stored.size });
    if (part !== undefined) this.#downloads.start(manifest!, part);
    else this.#downloads.awaitManifest(stored);
    this.#downloads.contactSources(fileIdHex);
    return this.#board.emitIn(fileIdHex)!;
  }

  /** Accepts a small offer without asking; if that fails, it waits for the user. */
  #autoAccept(fileIdHex: string): void {
    this.#context.track(
      this.#exclusive(fileIdHex, () => this.#accept(fileIdHex, undefined)).catch((error: unknown) => {
        log.warn('could not accept a small file automatically; it waits for the user', { error });
        if (error instanceof BurrowError) this.#board.note(fileIdHex, error.message);
        this.#board.emitIn(fileIdHex);
      }),
    );
  }

  /** Every sender withdrew the offer: the download ends. */
  #endWithdrawn(fileIdHex: string, download: StoredDownload): void {
    this.#context.track(
      this.#exclusive(fileIdHex, () => this.#cancelDownload(download, 'The sender cancelled the transfer.'))
        .then(() => this.#board.emitIn(fileIdHex))
        .catch((error: unknown) => log.warn('cancelling a withdrawn download failed', { error })),
    );
  }

  async #cancelDownload(download: StoredDownload, reason?: string): Promise<void> {
    const fileIdHex = hexOf(download.fileId);
    if (!(await this.#downloads.cancel(download, reason))) return;
    if (this.#records.held(fileIdHex) === undefined) this.#server.stopServing(fileIdHex);
    this.#offers.answer(
      this.#records.incomingOffers(fileIdHex).filter((offer) => offer.state === 'accepted'),
      'cancelled',
    );
  }

  // ---- running ----

  #tick(): void {
    if (this.#stopped) return;
    try {
      for (const fileIdHex of this.#downloads.tick()) this.#board.emitIn(fileIdHex);
      for (const fileIdHex of this.#server.sendingProgress()) this.#board.emitOut(fileIdHex);
      this.expiry.tick();
    } catch (error) {
      log.error('file transfer tick failed', { error });
    }
  }

  #preferences(): OfferPreferences {
    return this.#options.preferences !== undefined
      ? this.#options.preferences()
      : readOfferPreferences(this.#context.store.preferences);
  }

  /** Runs one command at a time per file (an accept racing a cancel). */
  async #exclusive<T>(fileIdHex: string, body: () => Promise<T>): Promise<T> {
    if (this.#busy.has(fileIdHex)) throw transferState('do that now', 'busy with another command; try again');
    this.#busy.add(fileIdHex);
    try {
      return await body();
    } finally {
      this.#busy.delete(fileIdHex);
    }
  }

  #run<T>(body: () => T): Promise<T> {
    try {
      this.#checkRunning();
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : transferState('do that', String(error)));
    }
  }

  #checkRunning(): void {
    if (this.#stopped) throw transferState('do that', 'stopping with the node');
  }
}

function isFileMessage(message: FeatureMessage): message is FileMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    Object.hasOwn(FILE_MESSAGE_KINDS, (message as { kind?: unknown }).kind as string)
  );
}
