/**
 * File sharing wired into the node (docs/ARCHITECTURE.md "Services/Files"): offers and answers,
 * downloads that survive disconnects and restarts (files/feature/downloads.ts), and serving chunks to
 * the friends a file was offered to, whole or in part (files/feature/server.ts).
 *
 * Offers, as this node plays them (message formats in src/protocol/files/):
 * - A `file-offer` carries the manifest (the whole hash list for files of up to 1920 chunks,
 *   else its first piece). It is resent each time the recipient comes online until they
 *   answer; a repeated offer gets the answer already given.
 * - An offer to a group goes to the members who are our friends, and each member forwards it
 *   once to its own friends in the group (members who are not our friends get it that way).
 *   Any member who holds the file serves it to any member (src/files/serving-policy.ts).
 * - Accepting sends `file-accept` to every friend who offered us the file, and our `have` to
 *   fellow group members; each answers with its `have`, and the download engine takes it
 *   from there. Declining sends `file-decline`; cancelling, `file-cancel`.
 *
 * Everything about who offered what to whom and how far a download got is in the encrypted
 * store (src/files/files/store/files-repository.ts); only file bytes go to the user's chosen folder.
 */
import { isAbsolute } from 'node:path';
import type { OnionAddress } from '../../crypto/onion-address.js';
import { parseOnionAddress } from '../../crypto/onion-address.js';
import { BurrowError } from '../../errors.js';
import type { OpenChunkSource } from '../chunk-sources.js';
import { checkDiskSpace } from '../disk/disk-space.js';
import { defaultDownloadFolder } from '../disk/download-dir.js';
import { resolveDownloadFolder } from '../disk/download-folder.js';
import { FileTooLargeError, ManifestMismatchError, type FileChangedError } from '../errors.js';
import { buildManifest } from '../disk/manifest-builder.js';
import { Manifest } from '../manifest.js';
import { decideOffer, type OfferPreferences } from '../offer-policy.js';
import { PartFile, type PartFileIo } from '../disk/part-file.js';
import { AmbiguousTransferIdError, MIN_TRANSFER_ID_PREFIX, RelativePathError, TransferStateError, UnknownFileTargetError, UnknownTransferError } from '../transfer-errors.js';
import { logger, sensitive } from '../../log.js';
import type { FileCancelBody } from '../../protocol/files/file-control-messages.js';
import { FILE_MESSAGE_KINDS, type FileMessage } from '../../protocol/files/file-message-codec.js';
import { firstPieceHashCount, type FileOfferBody } from '../../protocol/files/file-offer.js';
import { CHUNK_HASH_BYTES, HASHES_PER_PIECE } from '../../protocol/files/file-wire-limits.js';
import { chunkCountOf } from '../../protocol/files/manifest-header.js';
import type { FilesRepository, StoredDownload, StoredManifest, StoredOffer } from '../store/files-repository.js';
import { Preferences, PREFERENCE_DEFAULTS } from '../../store/preferences.js';
import type { FilesApi, TransferView } from './api.js';
import type { FeatureContext, FeatureMessage, NodeFeature } from '../../node/feature.js';
import { FilesAccess, type FileGroupAccess, type HeldFile } from './access.js';
import { Downloads } from './downloads.js';
import { FileServer, hexOf, idBytes } from './server.js';
import { incomingView, outgoingView } from './views.js';

const log = logger('files');

/** How often running transfers are ticked (stall detection, planning) and report progress. */
export const FILES_TICK_MS = 1_000;

/**
 * For this long after an offer, it is sent again to a recipient who comes online without
 * having answered (a withdrawal, likewise; a forwarded group offer, to members we know).
 */
export const OFFER_RESEND_MS = 7 * 24 * 60 * 60 * 1000;

/** Construction options of {@link FilesFeature} (BurrowNodeOptions.files). */
export interface FilesFeatureOptions {
  /** Where accepted files go unless the user names a folder (default: the XDG download folder). */
  readonly downloadFolder?: string;
  /** The offer preferences (default: the profile's preferences.json, read at each offer). */
  readonly preferences?: () => OfferPreferences;
  /** File I/O a test may replace: a full disk, a lying peer's chunks. */
  readonly io?: {
    readonly partFile?: Partial<PartFileIo>;
    readonly openChunkSource?: OpenChunkSource;
  };
  /** Tick interval in ms (default {@link FILES_TICK_MS}). */
  readonly tickMs?: number;
  /**
   * Chunk size of the manifests this node makes (default: chooseChunkSize of the file's size).
   * Tests use the smallest to get a long hash list from a modest file.
   */
  readonly chunkSize?: number;
}

/** The files feature: a {@link NodeFeature} for the 'file' block and the {@link FilesApi}. */
export class FilesFeature implements NodeFeature, FilesApi {
  readonly block = 'file' as const;
  readonly #context: FeatureContext;
  readonly #options: FilesFeatureOptions;
  readonly #repo: FilesRepository;
  readonly #groups: FileGroupAccess | undefined;
  readonly #access: FilesAccess;
  readonly #server: FileServer;
  readonly #downloads: Downloads;
  readonly #manifests = new Map<string, Manifest>();
  /** Messages to show on a transfer that nothing stored explains (a refused offer, a changed file). */
  readonly #notes = new Map<string, string>();
  readonly #busy = new Set<string>();
  readonly #ready: Promise<void>;
  readonly #timer: NodeJS.Timeout;
  #stopped = false;

  constructor(context: FeatureContext, options: FilesFeatureOptions = {}, groups?: FileGroupAccess) {
    this.#context = context;
    this.#options = options;
    this.#repo = context.store.files;
    this.#groups = groups;
    this.#access = new FilesAccess(this.#repo, groups, (fileIdHex) => this.#held(fileIdHex));
    this.#server = new FileServer({
      context,
      access: this.#access,
      manifest: (fileIdHex) => this.#manifest(fileIdHex),
      held: (fileIdHex) => this.#held(fileIdHex),
      shareChanged: (fileIdHex, error) => this.#shareChanged(fileIdHex, error),
      openChunkSource: options.io?.openChunkSource,
    });
    this.#downloads = new Downloads({
      context,
      repo: this.#repo,
      server: this.#server,
      manifest: (fileIdHex) => this.#manifest(fileIdHex),
      manifestChecked: (manifest) => this.#manifests.set(manifest.fileIdHex, manifest),
      incomingOffers: (fileIdHex) => this.#incomingOffers(fileIdHex),
      groupPeersOf: (fileIdHex) => this.#groupPeersOf(fileIdHex),
      changed: (fileIdHex) => this.#emitIn(fileIdHex),
      partFileIo: options.io?.partFile,
    });
    this.#timer = setInterval(() => this.#tick(), options.tickMs ?? FILES_TICK_MS);
    this.#timer.unref();
    this.#ready = this.#downloads.resumeAll(() => this.#stopped);
    context.track(this.#ready);
  }

  // ---- FilesApi ----

  async send(target: string, path: string): Promise<TransferView> {
    this.#checkRunning();
    if (typeof path !== 'string' || !isAbsolute(path)) throw new RelativePathError();
    const recipients = this.#recipientsOf(target);
    const chunkSize = this.#options.chunkSize;
    const manifest = await buildManifest(path, { signal: this.#context.signal, ...(chunkSize === undefined ? {} : { chunkSize }) });
    this.#checkRunning();
    const fileIdHex = manifest.fileIdHex;
    const now = this.#context.now();
    this.#context.store.transaction(() => {
      this.#repo.saveManifest(storedManifest(manifest, now));
      this.#repo.saveShare(manifest.fileId, path, now);
      for (const { peer, groupId } of recipients) {
        const offer = { fileId: manifest.fileId, direction: 'out' as const, peer, groupId };
        if (!this.#repo.addOffer({ ...offer, state: 'offered' }, now)) this.#repo.setOfferState(offer, 'offered', now);
      }
    });
    this.#manifests.set(fileIdHex, manifest);
    this.#notes.delete(fileIdHex);
    log.info('offering a file', { recipients: recipients.length, size: manifest.header.size });
    const stored = this.#repo.manifest(manifest.fileId)!;
    for (const { peer, groupId } of recipients) this.#server.sendTo(peer, offerMessage(stored, groupId));
    return this.#emitOut(fileIdHex)!;
  }

  list(): Promise<TransferView[]> {
    return this.#run(() => {
      const views: TransferView[] = [];
      for (const fileId of this.#repo.fileIds()) {
        const fileIdHex = hexOf(fileId);
        const incoming = this.#incoming(fileIdHex);
        if (incoming !== undefined) views.push(incoming);
        const outgoing = this.#outgoing(fileIdHex);
        if (outgoing !== undefined) views.push(outgoing);
      }
      return views.sort((a, b) => b.createdAt - a.createdAt);
    });
  }

  async accept(id: string, folder?: string): Promise<TransferView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#resolve(id, 'in');
    if (folder !== undefined && (typeof folder !== 'string' || !isAbsolute(folder))) throw new RelativePathError();
    return this.#exclusive(fileIdHex, () => this.#accept(fileIdHex, folder));
  }

  decline(id: string): Promise<TransferView> {
    return this.#run(() => {
      const fileIdHex = this.#resolve(id, 'in');
      const download = this.#repo.download(idBytes(fileIdHex));
      const offers = this.#incomingOffers(fileIdHex).filter((offer) => offer.state === 'offered');
      if (offers.length === 0 || (download !== undefined && download.state !== 'cancelled')) {
        throw new TransferStateError('decline it', this.#incoming(fileIdHex)?.state ?? 'gone');
      }
      this.#answer(offers, 'declined');
      return this.#emitIn(fileIdHex)!;
    });
  }

  async cancel(id: string): Promise<TransferView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#resolve(id, 'any');
    return this.#exclusive(fileIdHex, async () => {
      const download = this.#repo.download(idBytes(fileIdHex));
      if (download !== undefined && (download.state === 'active' || download.state === 'paused' || download.state === 'failed')) {
        await this.#cancelDownload(download);
        return this.#emitIn(fileIdHex)!;
      }
      const waiting = this.#incomingOffers(fileIdHex).filter((offer) => offer.state === 'offered');
      if (waiting.length > 0 && (download === undefined || download.state === 'cancelled')) {
        this.#answer(waiting, 'declined');
        return this.#emitIn(fileIdHex)!;
      }
      if (this.#repo.share(idBytes(fileIdHex))?.state === 'active') {
        this.#withdraw(fileIdHex);
        return this.#emitOut(fileIdHex)!;
      }
      throw new TransferStateError('cancel it', this.#incoming(fileIdHex)?.state ?? this.#outgoing(fileIdHex)?.state ?? 'gone');
    });
  }

  async resume(id: string): Promise<TransferView> {
    this.#checkRunning();
    await this.#ready;
    const fileIdHex = this.#resolve(id, 'in');
    return this.#exclusive(fileIdHex, async () => {
      const fileId = idBytes(fileIdHex);
      const download = this.#repo.download(fileId);
      if (download === undefined || (download.state !== 'paused' && download.state !== 'failed')) {
        throw new TransferStateError('resume it', this.#incoming(fileIdHex)?.state ?? 'gone');
      }
      if (this.#downloads.isPaused(fileIdHex)) {
        this.#repo.setDownloadState(fileId, 'active', this.#context.now());
        this.#downloads.resume(fileIdHex);
      } else {
        await this.#downloads.startStored(download);
      }
      this.#downloads.contactSources(fileIdHex);
      return this.#emitIn(fileIdHex)!;
    });
  }

  // ---- NodeFeature ----

  async receive(peer: OnionAddress, message: FeatureMessage): Promise<void> {
    if (!isFileMessage(message)) return;
    await this.#ready;
    if (this.#stopped) return;
    switch (message.kind) {
      case 'file-offer':
        return this.#onOffer(peer, message);
      case 'file-accept':
        return this.#onAccept(peer, message.fileId);
      case 'file-decline':
        return this.#recipientAnswered(peer, message.fileId, ['offered'], 'declined');
      case 'file-cancel':
        return this.#onCancel(peer, message);
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
        if (message.have.form === 'all') this.#recipientAnswered(peer, message.fileId, ['accepted'], 'complete');
        this.#server.haveReceived(peer, fileIdHex, message.have);
        return;
      }
    }
  }

  friendOnline(peer: OnionAddress): void {
    this.#context.track(
      this.#ready.then(() => {
        if (this.#stopped) return;
        this.#resendOffers(peer);
        this.#downloads.peerOnline(peer);
      }),
    );
  }

  friendOffline(peer: OnionAddress): void {
    this.#server.peerOffline(peer);
    this.#downloads.peerOffline(peer);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#ready.catch(() => undefined);
    await this.#server.close();
    await this.#downloads.close();
  }

  // ---- offers ----

  #recipientsOf(target: string): { peer: OnionAddress; groupId: Uint8Array | undefined }[] {
    if (typeof target === 'string' && /^[0-9a-f]{64}$/i.test(target)) {
      const groupIdHex = target.toLowerCase();
      const members = this.#groups?.members(groupIdHex);
      if (members === undefined) throw new UnknownFileTargetError('you are not a member of a group with that id. List your groups to find its id.');
      const groupId = idBytes(groupIdHex);
      const friends = members.filter((member) => member !== this.#context.self && this.#context.isFriend(member));
      if (friends.length === 0) throw new UnknownFileTargetError('none of the other members of that group is your friend, so nobody could fetch the file from you.');
      return friends.map((peer) => ({ peer, groupId }));
    }
    const peer = parseOnionAddress(target);
    if (peer === this.#context.self) throw new UnknownFileTargetError('that is your own onion address.');
    if (!this.#context.isFriend(peer)) throw new UnknownFileTargetError('files go to friends only, and that address is not a friend (yet).');
    return [{ peer, groupId: undefined }];
  }

  #onOffer(peer: OnionAddress, offer: FileOfferBody): void {
    const fileIdHex = hexOf(offer.fileId);
    const groupId = offer.scope.kind === 'group' ? offer.scope.groupId : undefined;
    if (groupId !== undefined && !this.#access.isGroupMember(hexOf(groupId), peer)) {
      log.info('ignoring a file offered in a group we do not share with the sender', { peer: sensitive(peer) });
      return;
    }
    const now = this.#context.now();
    if (!this.#storeOfferedManifest(peer, offer, now)) return;
    const key = { fileId: offer.fileId, direction: 'in' as const, peer, groupId };
    const knownInGroup = groupId !== undefined && this.#incomingOffers(fileIdHex).some((known) => known.groupId !== undefined && sameBytes(known.groupId, groupId));
    if (!this.#repo.addOffer({ ...key, state: 'offered' }, now)) {
      this.#answerAgain(peer, fileIdHex, groupId);
      return;
    }
    log.info('file offered to us', { peer: sensitive(peer), size: offer.header.size });
    if (groupId !== undefined && !knownInGroup) this.#forward(peer, fileIdHex, groupId);
    const download = this.#repo.download(offer.fileId);
    if (download !== undefined && download.state !== 'cancelled') {
      // Already ours or on its way: the offerer is one more source.
      this.#repo.setOfferState(key, 'accepted', now);
      this.#downloads.askSource(peer, fileIdHex, true);
      this.#emitIn(fileIdHex);
      return;
    }
    const decision = decideOffer(offer.header, this.#preferences());
    if (decision.action === 'refuse') {
      this.#notes.set(fileIdHex, decision.error.message);
      this.#answer([{ ...key, state: 'offered', createdAt: now, updatedAt: now }], 'declined');
      this.#emitIn(fileIdHex);
      return;
    }
    this.#emitIn(fileIdHex);
    if (decision.action === 'accept') {
      this.#context.track(
        this.#exclusive(fileIdHex, () => this.#accept(fileIdHex, undefined)).catch((error: unknown) => {
          log.warn('could not accept a small file automatically; it waits for the user', { error });
          if (error instanceof BurrowError) this.#notes.set(fileIdHex, error.message);
          this.#emitIn(fileIdHex);
        }),
      );
    }
  }

  /**
   * Stores the manifest an offer carries, checked as far as it goes. Returns false (having
   * declined the offer) if its hash list does not match its id or contradicts the one we hold.
   */
  #storeOfferedManifest(peer: OnionAddress, offer: FileOfferBody, now: number): boolean {
    const stored = this.#repo.manifest(offer.fileId);
    let refusal: string | undefined;
    if (stored !== undefined) {
      if (stored.name !== offer.header.name || stored.size !== offer.header.size || stored.chunkSize !== offer.header.chunkSize) refusal = 'its description contradicts the one we hold';
    } else {
      const manifest = manifestFromOffer(offer);
      if (manifest instanceof ManifestMismatchError) {
        refusal = manifest.name;
      } else if (manifest === undefined) {
        const { name, size, chunkSize } = offer.header;
        this.#repo.saveManifest({ fileId: offer.fileId, name, size, chunkSize, chunkHashes: offer.firstHashes, complete: false, createdAt: now });
      } else {
        this.#repo.saveManifest(storedManifest(manifest, now));
        this.#manifests.set(manifest.fileIdHex, manifest);
      }
    }
    if (refusal === undefined) return true;
    log.warn('refusing a file offer', { peer: sensitive(peer), reason: refusal });
    this.#server.sendTo(peer, { kind: 'file-decline', fileId: offer.fileId });
    return false;
  }

  /** A repeated offer (they did not get our answer): answer again. */
  #answerAgain(peer: OnionAddress, fileIdHex: string, groupId: Uint8Array | undefined): void {
    const known = this.#incomingOffers(fileIdHex).find((offer) => offer.peer === peer && sameGroup(offer.groupId, groupId));
    const fileId = idBytes(fileIdHex);
    if (known?.state === 'accepted') this.#downloads.askSource(peer, fileIdHex, true);
    else if (known?.state === 'declined') this.#server.sendTo(peer, { kind: 'file-decline', fileId });
    else if (known?.state === 'cancelled') this.#server.sendTo(peer, { kind: 'file-cancel', fileId, scope: { kind: 'download' } });
  }

  /** Passes a group offer on to our friends in the group (members the sender may not reach). */
  #forward(from: OnionAddress, fileIdHex: string, groupId: Uint8Array): void {
    const message = offerMessage(this.#repo.manifest(idBytes(fileIdHex))!, groupId);
    for (const member of this.#friendsInGroup(hexOf(groupId))) if (member !== from) this.#server.sendTo(member, message);
  }

  /** Offers (and withdrawals) `peer` has not answered yet go out again now that they are online. */
  #resendOffers(peer: OnionAddress): void {
    const now = this.#context.now();
    const forwarded = new Set<string>();
    for (const offer of this.#repo.offersWith(peer)) {
      const fileIdHex = hexOf(offer.fileId);
      const recent = now - offer.updatedAt < OFFER_RESEND_MS;
      if (offer.direction !== 'out') continue;
      const stored = this.#repo.manifest(offer.fileId);
      if (offer.state === 'offered' && stored !== undefined && this.#repo.share(offer.fileId)?.state === 'active') {
        this.#server.sendTo(peer, offerMessage(stored, offer.groupId));
        if (offer.groupId !== undefined) forwarded.add(`${fileIdHex}:${hexOf(offer.groupId)}`);
      } else if (offer.state === 'cancelled' && recent) {
        this.#server.sendTo(peer, { kind: 'file-cancel', fileId: offer.fileId, scope: { kind: 'offer' } });
      }
    }
    // Group offers we received go on to members who came online since.
    for (const offer of this.#repo.offers()) {
      if (offer.direction !== 'in' || offer.groupId === undefined || offer.state === 'cancelled' || offer.peer === peer) continue;
      const key = `${hexOf(offer.fileId)}:${hexOf(offer.groupId)}`;
      if (forwarded.has(key) || now - offer.createdAt >= OFFER_RESEND_MS || !this.#friendsInGroup(hexOf(offer.groupId)).includes(peer)) continue;
      forwarded.add(key);
      this.#server.sendTo(peer, offerMessage(this.#repo.manifest(offer.fileId)!, offer.groupId));
    }
  }

  async #accept(fileIdHex: string, folder: string | undefined): Promise<TransferView> {
    const fileId = idBytes(fileIdHex);
    const download = this.#repo.download(fileId);
    if (download !== undefined && download.state !== 'cancelled') throw new TransferStateError('accept it', this.#incoming(fileIdHex)!.state);
    const offers = this.#incomingOffers(fileIdHex).filter((offer) => offer.state !== 'cancelled');
    if (offers.length === 0) throw new TransferStateError('accept it', 'cancelled');
    const stored = this.#repo.manifest(fileId)!;
    const limit = this.#preferences().maxSizeBytes;
    if (stored.size > limit) throw new FileTooLargeError(stored.size, limit);
    const chosen = folder ?? this.#options.downloadFolder ?? (await defaultDownloadFolder());
    const manifest = this.#manifest(fileIdHex);
    const io = this.#options.io?.partFile;
    let part: PartFile | undefined;
    if (manifest !== undefined) {
      part = await PartFile.create({ folder: chosen, manifest, signal: this.#context.signal, ...(io === undefined ? {} : { io }) });
    } else {
      // The part file waits for the whole hash list; the space is checked now.
      await checkDiskSpace(await resolveDownloadFolder(chosen), stored.size, io?.statfs);
    }
    if (this.#stopped) {
      await part?.discard();
      throw new TransferStateError('accept it', 'stopping with the node');
    }
    const now = this.#context.now();
    this.#context.store.transaction(() => {
      this.#repo.startDownload(fileId, part?.state.folder ?? chosen, now);
      if (part !== undefined) this.#repo.setPartFile(fileId, part.state, now);
      for (const offer of offers) this.#repo.setOfferState(offer, 'accepted', now);
    });
    this.#notes.delete(fileIdHex);
    log.info('download accepted', { size: stored.size });
    if (part !== undefined) this.#downloads.start(manifest!, part);
    else this.#downloads.awaitManifest(stored);
    this.#downloads.contactSources(fileIdHex);
    return this.#emitIn(fileIdHex)!;
  }

  /** Gives our answer to offers made to us, and tells their senders. */
  #answer(offers: readonly StoredOffer[], state: 'declined' | 'cancelled'): void {
    const now = this.#context.now();
    this.#context.store.transaction(() => {
      for (const offer of offers) this.#repo.setOfferState(offer, state, now);
    });
    for (const offer of offers) {
      const fileId = offer.fileId;
      this.#server.sendTo(offer.peer, state === 'declined' ? { kind: 'file-decline', fileId } : { kind: 'file-cancel', fileId, scope: { kind: 'download' } });
    }
    log.info(state === 'declined' ? 'file offer declined' : 'download cancelled', { offers: offers.length });
  }

  #onAccept(peer: OnionAddress, fileId: Uint8Array): void {
    this.#recipientAnswered(peer, fileId, ['offered'], 'accepted');
    this.#server.wanted(peer, hexOf(fileId));
  }

  /** A recipient's answer moves our offers to them from one of `from` to `to`. */
  #recipientAnswered(peer: OnionAddress, fileId: Uint8Array, from: readonly StoredOffer['state'][], to: StoredOffer['state']): void {
    const now = this.#context.now();
    let changed = false;
    for (const offer of this.#repo.offersOf(fileId)) {
      if (offer.direction === 'out' && offer.peer === peer && from.includes(offer.state)) changed = this.#repo.setOfferState(offer, to, now) || changed;
    }
    if (changed) this.#emitOut(hexOf(fileId));
  }

  #onCancel(peer: OnionAddress, cancel: FileCancelBody): void {
    const fileIdHex = hexOf(cancel.fileId);
    switch (cancel.scope.kind) {
      case 'requests':
        this.#server.cancelRequests(peer, fileIdHex, cancel.scope.requestIds);
        return;
      case 'download':
        this.#server.cancelRequests(peer, fileIdHex);
        this.#recipientAnswered(peer, cancel.fileId, ['offered', 'accepted'], 'cancelled');
        return;
      case 'offer':
        this.#offerWithdrawn(peer, fileIdHex);
        return;
    }
  }

  /** `peer` withdrew its offer: it is no source any more, and if nobody else offered the file, the download ends. */
  #offerWithdrawn(peer: OnionAddress, fileIdHex: string): void {
    const now = this.#context.now();
    let changed = false;
    for (const offer of this.#incomingOffers(fileIdHex)) {
      if (offer.peer === peer && offer.state !== 'cancelled') changed = this.#repo.setOfferState(offer, 'cancelled', now) || changed;
    }
    this.#downloads.sourceGone(peer, fileIdHex);
    if (!changed) return;
    log.info('a sender withdrew a file offer', { peer: sensitive(peer) });
    const standing = this.#incomingOffers(fileIdHex).some((offer) => offer.state !== 'cancelled');
    const download = this.#repo.download(idBytes(fileIdHex));
    if (!standing && download !== undefined && (download.state === 'active' || download.state === 'paused')) {
      this.#context.track(
        this.#exclusive(fileIdHex, () => this.#cancelDownload(download, 'The sender cancelled the transfer.'))
          .then(() => this.#emitIn(fileIdHex))
          .catch((error: unknown) => log.warn('cancelling a withdrawn download failed', { error })),
      );
      return;
    }
    this.#emitIn(fileIdHex);
  }

  async #cancelDownload(download: StoredDownload, reason?: string): Promise<void> {
    const fileIdHex = hexOf(download.fileId);
    if (!(await this.#downloads.cancel(download, reason))) return;
    if (this.#held(fileIdHex) === undefined) this.#server.stopServing(fileIdHex);
    this.#answer(
      this.#incomingOffers(fileIdHex).filter((offer) => offer.state === 'accepted'),
      'cancelled',
    );
  }

  #withdraw(fileIdHex: string): void {
    const fileId = idBytes(fileIdHex);
    const now = this.#context.now();
    const recipients = new Set<OnionAddress>();
    this.#context.store.transaction(() => {
      this.#repo.setShareState(fileId, 'withdrawn', now);
      for (const offer of this.#repo.offersOf(fileId)) {
        if (offer.direction !== 'out' || offer.state === 'cancelled') continue;
        this.#repo.setOfferState(offer, 'cancelled', now);
        recipients.add(offer.peer);
      }
    });
    for (const peer of recipients) this.#server.sendTo(peer, { kind: 'file-cancel', fileId, scope: { kind: 'offer' } });
    if (this.#held(fileIdHex) === undefined) this.#server.stopServing(fileIdHex);
    log.info('file offer withdrawn', { recipients: recipients.size });
  }

  #shareChanged(fileIdHex: string, error: FileChangedError): void {
    if (this.#repo.share(idBytes(fileIdHex))?.state !== 'active') return;
    this.#notes.set(fileIdHex, error.message);
    this.#emitOut(fileIdHex);
  }

  // ---- timer ----

  #tick(): void {
    if (this.#stopped) return;
    try {
      for (const fileIdHex of this.#downloads.tick()) this.#emitIn(fileIdHex);
      for (const fileIdHex of this.#server.sendingProgress()) this.#emitOut(fileIdHex);
    } catch (error) {
      log.error('file transfer tick failed', { error });
    }
  }

  // ---- views and lookups ----

  #incoming(fileIdHex: string): TransferView | undefined {
    const fileId = idBytes(fileIdHex);
    const offers = this.#incomingOffers(fileIdHex);
    const download = this.#repo.download(fileId);
    if (offers.length === 0 && download === undefined) return undefined;
    return incomingView({ manifest: this.#repo.manifest(fileId)!, offers, download, live: this.#downloads.live(fileIdHex), note: this.#notes.get(fileIdHex) });
  }

  #outgoing(fileIdHex: string): TransferView | undefined {
    const fileId = idBytes(fileIdHex);
    const share = this.#repo.share(fileId);
    if (share === undefined) return undefined;
    const sent = this.#server.sent(fileIdHex);
    return outgoingView({
      manifest: this.#repo.manifest(fileId)!,
      share,
      offers: this.#repo.offersOf(fileId).filter((offer) => offer.direction === 'out'),
      bytesSent: sent.bytes,
      rate: sent.rate,
      note: this.#notes.get(fileIdHex),
    });
  }

  #emitIn(fileIdHex: string): TransferView | undefined {
    return this.#emitView(this.#incoming(fileIdHex));
  }

  #emitOut(fileIdHex: string): TransferView | undefined {
    return this.#emitView(this.#outgoing(fileIdHex));
  }

  #emitView(view: TransferView | undefined): TransferView | undefined {
    if (view !== undefined && !this.#stopped) this.#context.emit({ type: 'transfer', transfer: view });
    return view;
  }

  #incomingOffers(fileIdHex: string): StoredOffer[] {
    return this.#repo.offersOf(idBytes(fileIdHex)).filter((offer) => offer.direction === 'in');
  }

  /** The checked manifest of a file, if we hold its whole hash list. */
  #manifest(fileIdHex: string): Manifest | undefined {
    const cached = this.#manifests.get(fileIdHex);
    if (cached !== undefined) return cached;
    const stored = this.#repo.manifest(idBytes(fileIdHex));
    if (stored === undefined || !stored.complete) return undefined;
    const manifest = Manifest.check({ header: { name: stored.name, size: stored.size, chunkSize: stored.chunkSize }, rootHash: stored.fileId, chunkHashes: stored.chunkHashes });
    this.#manifests.set(fileIdHex, manifest);
    return manifest;
  }

  /** Where we hold a file's bytes: our shared original, a finished download, or a part file. */
  #held(fileIdHex: string): HeldFile | undefined {
    const fileId = idBytes(fileIdHex);
    const share = this.#repo.share(fileId);
    if (share?.state === 'active') return { path: share.path, chunks: 'all' };
    const download = this.#repo.download(fileId);
    if (download?.state === 'complete' && download.path !== undefined) return { path: download.path, chunks: 'all' };
    return this.#downloads.held(fileIdHex);
  }

  /** Our friends among the members of a group we are in. */
  #friendsInGroup(groupIdHex: string): OnionAddress[] {
    return (this.#groups?.members(groupIdHex) ?? []).filter((member) => member !== this.#context.self && this.#context.isFriend(member));
  }

  /** Our friends in the groups a file was offered to us in. */
  #groupPeersOf(fileIdHex: string): OnionAddress[] {
    const groups = new Set(this.#incomingOffers(fileIdHex).flatMap((offer) => (offer.groupId === undefined || offer.state === 'cancelled' ? [] : [hexOf(offer.groupId)])));
    return [...new Set([...groups].flatMap((group) => this.#friendsInGroup(group)))];
  }

  /**
   * The file id a user typed: the whole hex id or a unique prefix of at least
   * MIN_TRANSFER_ID_PREFIX characters, among incoming ('in') or all transfers.
   */
  #resolve(id: string, direction: 'in' | 'any'): string {
    if (typeof id !== 'string' || !/^[0-9a-f]+$/i.test(id) || id.length < MIN_TRANSFER_ID_PREFIX || id.length > 64) throw new AmbiguousTransferIdError(0);
    const prefix = id.toLowerCase();
    const matches = this.#repo
      .fileIds()
      .map(hexOf)
      .filter((fileIdHex) => fileIdHex.startsWith(prefix))
      .filter((fileIdHex) => this.#isIncoming(fileIdHex) || (direction === 'any' && this.#repo.share(idBytes(fileIdHex)) !== undefined));
    if (matches.length === 0) throw new UnknownTransferError();
    if (matches.length > 1) throw new AmbiguousTransferIdError(matches.length);
    return matches[0]!;
  }

  /** Whether the file was offered to us or we download it. */
  #isIncoming(fileIdHex: string): boolean {
    return this.#incomingOffers(fileIdHex).length > 0 || this.#repo.download(idBytes(fileIdHex)) !== undefined;
  }

  #preferences(): OfferPreferences {
    if (this.#options.preferences !== undefined) return this.#options.preferences();
    try {
      const preferences = Preferences.open(this.#context.store.dir);
      return { autoAcceptBelowBytes: preferences.get('files.autoAcceptBelowBytes'), maxSizeBytes: preferences.get('files.maxSizeBytes') };
    } catch (error) {
      log.warn('cannot read the preferences; using the default file limits', { error });
      return { autoAcceptBelowBytes: PREFERENCE_DEFAULTS['files.autoAcceptBelowBytes'], maxSizeBytes: PREFERENCE_DEFAULTS['files.maxSizeBytes'] };
    }
  }

  /** Runs one command at a time per file (an accept racing a cancel). */
  async #exclusive<T>(fileIdHex: string, body: () => Promise<T>): Promise<T> {
    if (this.#busy.has(fileIdHex)) throw new TransferStateError('do that now', 'busy with another command; try again');
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
      return Promise.reject(error instanceof Error ? error : new TransferStateError('do that', String(error)));
    }
  }

  #checkRunning(): void {
    if (this.#stopped) throw new TransferStateError('do that', 'stopping with the node');
  }
}

function isFileMessage(message: FeatureMessage): message is FileMessage {
  return typeof message === 'object' && message !== null && Object.hasOwn(FILE_MESSAGE_KINDS, (message as { kind?: unknown }).kind as string);
}

function storedManifest(manifest: Manifest, now: number): StoredManifest {
  return { fileId: manifest.fileId, ...manifest.header, chunkHashes: manifest.chunkHashes, complete: true, createdAt: now };
}

/** The offer of a stored manifest (its first hash piece), direct or in a group. */
function offerMessage(stored: StoredManifest, groupId: Uint8Array | undefined): FileMessage {
  const header = { name: stored.name, size: stored.size, chunkSize: stored.chunkSize };
  const firstHashes = stored.chunkHashes.subarray(0, firstPieceHashCount(chunkCountOf(stored.size, stored.chunkSize)) * CHUNK_HASH_BYTES);
  return { kind: 'file-offer', scope: groupId === undefined ? { kind: 'direct' } : { kind: 'group', groupId }, fileId: stored.fileId, header, firstHashes };
}

/** The offer's manifest checked; undefined when its hash list needs more pieces; or the mismatch. */
function manifestFromOffer(offer: FileOfferBody): Manifest | ManifestMismatchError | undefined {
  if (chunkCountOf(offer.header.size, offer.header.chunkSize) > HASHES_PER_PIECE) return undefined;
  try {
    return Manifest.check({ header: offer.header, rootHash: offer.fileId, chunkHashes: offer.firstHashes });
  } catch (error) {
    if (error instanceof ManifestMismatchError) return error;
    throw error;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

function sameGroup(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameBytes(a, b);
}
