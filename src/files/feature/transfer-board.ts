/**
 * What the front ends see of each transfer: its incoming view (an offer to us and our download)
 * and its outgoing view (our offer and what we sent), built from the store and the live
 * figures (views.ts), emitted as 'transfer' events whenever something changes. Notes carry a
 * message that nothing stored explains: why an offer was refused, a shared file that changed.
 */
import type { FeatureContext } from '../../node/feature.js';
import type { FileChangedError } from '../errors.js';
import type { FilesRepository } from '../store/files-repository.js';
import type { TransferView } from './api.js';
import type { FileRecords } from './file-records.js';
import { hexOf, idBytes } from './server.js';
import { incomingView, outgoingView, type LiveDownload } from './views.js';

/** What the board reads. */
export interface TransferBoardHost {
  readonly context: FeatureContext;
  readonly repo: FilesRepository;
  readonly records: FileRecords;
  /** The live figures of a running download. */
  live(fileIdHex: string): LiveDownload | undefined;
  /** What we sent of a file, and how fast. */
  sent(fileIdHex: string): { readonly bytes: number; readonly rate: number };
  /** Whether the node is stopping (nothing is emitted then). */
  stopped(): boolean;
  /** The disappearing-timer fields of a received file (file-expiry.ts). */
  expiry(fileIdHex: string): Pick<TransferView, 'expiresAt' | 'expired'>;
}

/** Views and notes of transfers (see the module comment). */
export class TransferBoard {
  readonly #host: TransferBoardHost;
  readonly #notes = new Map<string, string>();

  constructor(host: TransferBoardHost) {
    this.#host = host;
  }

  /** Shows `message` on the file's transfers until {@link clearNote}. */
  note(fileIdHex: string, message: string): void {
    this.#notes.set(fileIdHex, message);
  }

  clearNote(fileIdHex: string): void {
    this.#notes.delete(fileIdHex);
  }

  /** Our shared file changed on disk: the offer says so (it stays: the user decides). */
  shareChanged(fileIdHex: string, error: FileChangedError): void {
    if (this.#host.repo.share(idBytes(fileIdHex))?.state !== 'active') return;
    this.#notes.set(fileIdHex, error.message);
    this.emitOut(fileIdHex);
  }

  /** Every transfer, newest first. */
  list(): TransferView[] {
    const views: TransferView[] = [];
    for (const fileId of this.#host.repo.fileIds()) {
      const fileIdHex = hexOf(fileId);
      const incoming = this.incoming(fileIdHex);
      if (incoming !== undefined) views.push(incoming);
      const outgoing = this.outgoing(fileIdHex);
      if (outgoing !== undefined) views.push(outgoing);
    }
    return views.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The incoming view of a file, if it was offered to us or we download it. */
  incoming(fileIdHex: string): TransferView | undefined {
    const { repo, records } = this.#host;
    const fileId = idBytes(fileIdHex);
    const offers = records.incomingOffers(fileIdHex);
    const download = repo.download(fileId);
    if (offers.length === 0 && download === undefined) return undefined;
    const view = incomingView({
      manifest: repo.manifest(fileId)!,
      offers,
      download,
      live: this.#host.live(fileIdHex),
      note: this.#notes.get(fileIdHex),
    });
    return { ...view, ...this.#host.expiry(fileIdHex) };
  }

  /** The outgoing view of a file, if we offered it. */
  outgoing(fileIdHex: string): TransferView | undefined {
    const repo = this.#host.repo;
    const fileId = idBytes(fileIdHex);
    const share = repo.share(fileId);
    if (share === undefined) return undefined;
    const sent = this.#host.sent(fileIdHex);
    return outgoingView({
      manifest: repo.manifest(fileId)!,
      share,
      offers: repo.offersOf(fileId).filter((offer) => offer.direction === 'out'),
      bytesSent: sent.bytes,
      rate: sent.rate,
      note: this.#notes.get(fileIdHex),
    });
  }

  /** Emits the incoming view of a file, and returns it. */
  emitIn(fileIdHex: string): TransferView | undefined {
    return this.#emit(this.incoming(fileIdHex));
  }

  /** Emits the outgoing view of a file, and returns it. */
  emitOut(fileIdHex: string): TransferView | undefined {
    return this.#emit(this.outgoing(fileIdHex));
  }

  #emit(view: TransferView | undefined): TransferView | undefined {
    if (view !== undefined && !this.#host.stopped()) this.#host.context.emit({ type: 'transfer', transfer: view });
    return view;
  }
}
