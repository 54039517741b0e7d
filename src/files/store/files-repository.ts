/**
 * File sharing's tables (files/store/migrations.ts): manifests, the files we share, offers made and
 * received, and downloads with their resume state. The files feature (src/files/feature/files-feature.ts)
 * owns the logic; this only stores its outcome, checking every argument first.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { blob, type Query, type Sql } from '../../store/sql.js';
import {
  DOWNLOAD_STATES,
  OFFER_STATES,
  downloadFromRow,
  manifestFromRow,
  offerFromRow,
  shareFromRow,
  type DownloadRow,
  type DownloadState,
  type ManifestRow,
  type OfferDirection,
  type OfferRow,
  type OfferState,
  type ShareRow,
  type StoredDownload,
  type StoredManifest,
  type StoredOffer,
  type StoredShare,
} from './file-records.js';
import { PendingOffersQuery } from './pending-offers-query.js';
import { ExpiryRepository } from './expiry-repository.js';
import { assertBytes, assertOneOf, assertText, assertTime, checkedOnion } from '../../store/validate.js';

/** Bytes of a file id (the manifest's root hash). */
const FILE_ID_BYTES = 32;
/** Bytes of a group id. */
const GROUP_ID_BYTES = 32;

export {
  DOWNLOAD_STATES,
  OFFER_STATES,
  type DownloadState,
  type OfferDirection,
  type OfferState,
  type StoredDownload,
  type StoredManifest,
  type StoredOffer,
  type StoredShare,
} from './file-records.js';

const MANIFEST_COLUMNS = 'file_id, name, size, chunk_size, chunk_hashes, complete, created_at';
const OFFER_COLUMNS = 'file_id, direction, peer, group_id, state, created_at, updated_at';
const DOWNLOAD_COLUMNS =
  'file_id, state, folder, part_name, final_name, have, bytes_done, path, error, created_at, updated_at';
const EMPTY = Buffer.alloc(0);

/** Reads and writes file sharing's tables. */
export class FilesRepository {
  /** A friend's unanswered offers to us (the offer budget). */
  readonly pendingOffers: PendingOffersQuery;
  /** Received files under a disappearing timer, and forgetting received files. */
  readonly expiry: ExpiryRepository;
  readonly #insertManifest: Query<never>;
  readonly #completeManifest: Query<never>;
  readonly #manifest: Query<ManifestRow>;
  readonly #fileIds: Query<{ file_id: Buffer }>;
  readonly #saveShare: Query<never>;
  readonly #setShareState: Query<never>;
  readonly #share: Query<ShareRow>;
  readonly #shares: Query<ShareRow>;
  readonly #insertOffer: Query<never>;
  readonly #setOfferState: Query<never>;
  readonly #offersOf: Query<OfferRow>;
  readonly #offersWith: Query<OfferRow>;
  readonly #allOffers: Query<OfferRow>;
  readonly #insertDownload: Query<never>;
  readonly #download: Query<DownloadRow>;
  readonly #downloads: Query<DownloadRow>;
  readonly #saveProgress: Query<never>;
  readonly #setDownloadState: Query<never>;
  readonly #setPart: Query<never>;
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
    this.pendingOffers = new PendingOffersQuery(sql);
    this.expiry = new ExpiryRepository(sql);
    this.#insertManifest = sql.prepare(
      `INSERT INTO file_manifests (${MANIFEST_COLUMNS}) VALUES (@fileId, @name, @size, @chunkSize, @chunkHashes, @complete, @createdAt)
       ON CONFLICT (file_id) DO NOTHING`,
    );
    this.#completeManifest = sql.prepare(
      'UPDATE file_manifests SET chunk_hashes = @chunkHashes, complete = 1 WHERE file_id = @fileId AND complete = 0',
    );
    this.#manifest = sql.prepare(`SELECT ${MANIFEST_COLUMNS} FROM file_manifests WHERE file_id = @fileId`);
    this.#fileIds = sql.prepare('SELECT file_id FROM file_manifests ORDER BY rowid');
    this.#saveShare = sql.prepare(
      `INSERT INTO file_shares (file_id, path, state, created_at, updated_at) VALUES (@fileId, @path, 'active', @at, @at)
       ON CONFLICT (file_id) DO UPDATE SET path = excluded.path, state = 'active', updated_at = excluded.updated_at`,
    );
    this.#setShareState = sql.prepare(
      'UPDATE file_shares SET state = @state, updated_at = @at WHERE file_id = @fileId',
    );
    this.#share = sql.prepare(
      'SELECT file_id, path, state, created_at, updated_at FROM file_shares WHERE file_id = @fileId',
    );
    this.#shares = sql.prepare(
      'SELECT file_id, path, state, created_at, updated_at FROM file_shares ORDER BY created_at',
    );
    this.#insertOffer = sql.prepare(
      `INSERT INTO file_offers (${OFFER_COLUMNS}) VALUES (@fileId, @direction, @peer, @groupId, @state, @at, @at)
       ON CONFLICT (file_id, direction, peer, group_id) DO NOTHING`,
    );
    this.#setOfferState = sql.prepare(
      'UPDATE file_offers SET state = @state, updated_at = @at WHERE file_id = @fileId AND direction = @direction AND peer = @peer AND group_id = @groupId AND state != @state',
    );
    this.#offersOf = sql.prepare(
      `SELECT ${OFFER_COLUMNS} FROM file_offers WHERE file_id = @fileId ORDER BY created_at, peer`,
    );
    this.#offersWith = sql.prepare(`SELECT ${OFFER_COLUMNS} FROM file_offers WHERE peer = @peer ORDER BY created_at`);
    this.#allOffers = sql.prepare(`SELECT ${OFFER_COLUMNS} FROM file_offers ORDER BY created_at, peer`);
    this.#insertDownload = sql.prepare(
      `INSERT INTO file_downloads (${DOWNLOAD_COLUMNS})
       VALUES (@fileId, 'active', @folder, NULL, NULL, NULL, 0, NULL, NULL, @at, @at)
       ON CONFLICT (file_id) DO UPDATE SET state = 'active', folder = excluded.folder, part_name = NULL, final_name = NULL,
         have = NULL, bytes_done = 0, path = NULL, error = NULL, updated_at = excluded.updated_at`,
    );
    this.#download = sql.prepare(`SELECT ${DOWNLOAD_COLUMNS} FROM file_downloads WHERE file_id = @fileId`);
    this.#downloads = sql.prepare(`SELECT ${DOWNLOAD_COLUMNS} FROM file_downloads ORDER BY created_at`);
    this.#saveProgress = sql.prepare(
      'UPDATE file_downloads SET have = @have, bytes_done = @bytesDone, updated_at = @at WHERE file_id = @fileId',
    );
    this.#setDownloadState = sql.prepare(
      'UPDATE file_downloads SET state = @state, path = @path, error = @error, updated_at = @at WHERE file_id = @fileId',
    );
    this.#setPart = sql.prepare(
      'UPDATE file_downloads SET folder = @folder, part_name = @partName, final_name = @finalName, have = @have, updated_at = @at WHERE file_id = @fileId',
    );
  }

  // ---- manifests ----

  /**
   * Stores a manifest. A file id already stored keeps its row, except that a first piece
   * (complete false) is replaced by the whole list once it arrives.
   */
  saveManifest(manifest: StoredManifest): void {
    assertFileId(manifest.fileId);
    assertText(manifest.name, 'manifest.name');
    assertTime(manifest.size, 'manifest.size');
    assertTime(manifest.chunkSize, 'manifest.chunkSize');
    if (!(manifest.chunkHashes instanceof Uint8Array)) throw new TypeError('manifest.chunkHashes must be a Uint8Array');
    assertTime(manifest.createdAt, 'manifest.createdAt');
    const fileId = blob(manifest.fileId);
    this.#sql.transaction(() => {
      this.#insertManifest.run({
        fileId,
        name: manifest.name,
        size: manifest.size,
        chunkSize: manifest.chunkSize,
        chunkHashes: blob(manifest.chunkHashes),
        complete: manifest.complete ? 1 : 0,
        createdAt: manifest.createdAt,
      });
      if (manifest.complete) this.#completeManifest.run({ fileId, chunkHashes: blob(manifest.chunkHashes) });
    });
  }

  /** The manifest of `fileId`, if stored. */
  manifest(fileId: Uint8Array): StoredManifest | undefined {
    assertFileId(fileId);
    const row = this.#manifest.get({ fileId: blob(fileId) });
    return row === undefined ? undefined : manifestFromRow(row);
  }

  /** Every stored file id, oldest first. */
  fileIds(): Uint8Array[] {
    return this.#fileIds.all().map((row) => new Uint8Array(row.file_id));
  }

  // ---- shares ----

  /** Records that we share `fileId` from `path` (again, if it was withdrawn). */
  saveShare(fileId: Uint8Array, path: string, at: number): void {
    assertFileId(fileId);
    assertText(path, 'path');
    assertTime(at, 'at');
    this.#saveShare.run({ fileId: blob(fileId), path, at });
  }

  /** Marks a share active or withdrawn; returns false if there is none. */
  setShareState(fileId: Uint8Array, state: StoredShare['state'], at: number): boolean {
    assertFileId(fileId);
    assertOneOf(state, ['active', 'withdrawn'], 'state');
    assertTime(at, 'at');
    return this.#setShareState.run({ fileId: blob(fileId), state, at }) === 1;
  }

  /** Our share of `fileId`, if any. */
  share(fileId: Uint8Array): StoredShare | undefined {
    assertFileId(fileId);
    const row = this.#share.get({ fileId: blob(fileId) });
    return row === undefined ? undefined : shareFromRow(row);
  }

  /** Every share, oldest first. */
  shares(): StoredShare[] {
    return this.#shares.all().map(shareFromRow);
  }

  // ---- offers ----

  /** Records an offer in state `state`; returns false (changing nothing) if it is already stored. */
  addOffer(
    offer: {
      fileId: Uint8Array;
      direction: OfferDirection;
      peer: OnionAddress;
      groupId: Uint8Array | undefined;
      state: OfferState;
    },
    at: number,
  ): boolean {
    assertFileId(offer.fileId);
    assertOneOf(offer.direction, ['in', 'out'], 'direction');
    assertOneOf(offer.state, OFFER_STATES, 'state');
    assertTime(at, 'at');
    return this.#insertOffer.run({ ...offerKey(offer), state: offer.state, at }) === 1;
  }

  /** Moves an offer to `state`; returns false if it is not stored or already in that state. */
  setOfferState(
    offer: { fileId: Uint8Array; direction: OfferDirection; peer: OnionAddress; groupId: Uint8Array | undefined },
    state: OfferState,
    at: number,
  ): boolean {
    assertOneOf(state, OFFER_STATES, 'state');
    assertTime(at, 'at');
    return this.#setOfferState.run({ ...offerKey(offer), state, at }) === 1;
  }

  /** Every offer of `fileId`, made or received. */
  offersOf(fileId: Uint8Array): StoredOffer[] {
    assertFileId(fileId);
    return this.#offersOf.all({ fileId: blob(fileId) }).map(offerFromRow);
  }

  /** Every offer made to or received from `peer`. */
  offersWith(peer: OnionAddress): StoredOffer[] {
    return this.#offersWith.all({ peer: checkedOnion(peer) }).map(offerFromRow);
  }

  /** Every offer, oldest first. */
  offers(): StoredOffer[] {
    return this.#allOffers.all().map(offerFromRow);
  }

  // ---- downloads ----

  /** Starts (or restarts, after a cancel) the download of `fileId` into `folder`; its manifest must be stored. */
  startDownload(fileId: Uint8Array, folder: string, at: number): void {
    assertFileId(fileId);
    assertText(folder, 'folder');
    assertTime(at, 'at');
    this.#insertDownload.run({ fileId: blob(fileId), folder, at });
  }

  /** Records the part file of a download: its real folder, names and the chunks on disk. */
  setPartFile(
    fileId: Uint8Array,
    part: { folder: string; partName: string; finalName: string; have: Uint8Array },
    at: number,
  ): void {
    assertFileId(fileId);
    assertText(part.folder, 'folder');
    assertText(part.partName, 'partName');
    assertText(part.finalName, 'finalName');
    if (!(part.have instanceof Uint8Array)) throw new TypeError('have must be a Uint8Array');
    assertTime(at, 'at');
    this.#setPart.run({
      fileId: blob(fileId),
      folder: part.folder,
      partName: part.partName,
      finalName: part.finalName,
      have: blob(part.have),
      at,
    });
  }

  /** Records which chunks are durably on disk (a checkpoint). */
  saveProgress(fileId: Uint8Array, have: Uint8Array, bytesDone: number, at: number): void {
    assertFileId(fileId);
    if (!(have instanceof Uint8Array)) throw new TypeError('have must be a Uint8Array');
    assertTime(bytesDone, 'bytesDone');
    assertTime(at, 'at');
    this.#saveProgress.run({ fileId: blob(fileId), have: blob(have), bytesDone, at });
  }

  /** Moves a download to `state`, with where the file went (complete) or why it stopped (paused, failed). */
  setDownloadState(
    fileId: Uint8Array,
    state: DownloadState,
    at: number,
    details: { path?: string; error?: string } = {},
  ): void {
    assertFileId(fileId);
    assertOneOf(state, DOWNLOAD_STATES, 'state');
    assertTime(at, 'at');
    if (details.path !== undefined) assertText(details.path, 'path');
    if (details.error !== undefined) assertText(details.error, 'error');
    this.#setDownloadState.run({
      fileId: blob(fileId),
      state,
      path: details.path ?? null,
      error: details.error ?? null,
      at,
    });
  }

  /** The download of `fileId`, if we accepted it. */
  download(fileId: Uint8Array): StoredDownload | undefined {
    assertFileId(fileId);
    const row = this.#download.get({ fileId: blob(fileId) });
    return row === undefined ? undefined : downloadFromRow(row);
  }

  /** Every download, oldest first. */
  downloads(): StoredDownload[] {
    return this.#downloads.all().map(downloadFromRow);
  }
}

function assertFileId(fileId: unknown): asserts fileId is Uint8Array {
  assertBytes(fileId, FILE_ID_BYTES, 'fileId');
}

function offerKey(offer: {
  fileId: Uint8Array;
  direction: OfferDirection;
  peer: OnionAddress;
  groupId: Uint8Array | undefined;
}): {
  fileId: Buffer;
  direction: OfferDirection;
  peer: OnionAddress;
  groupId: Buffer;
} {
  assertFileId(offer.fileId);
  assertOneOf(offer.direction, ['in', 'out'], 'direction');
  if (offer.groupId !== undefined) assertBytes(offer.groupId, GROUP_ID_BYTES, 'groupId');
  return {
    fileId: blob(offer.fileId),
    direction: offer.direction,
    peer: checkedOnion(offer.peer),
    groupId: offer.groupId === undefined ? EMPTY : blob(offer.groupId),
  };
}
