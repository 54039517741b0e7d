/**
 * What the encrypted store says about a shared file, as the files feature asks it: its checked
 * manifest (kept in memory once checked), the offers of it made to us, where we hold its bytes,
 * and which file an id the user typed names.
 */
import { Manifest } from '../manifest.js';
import type { FilesRepository, StoredOffer } from '../store/files-repository.js';
import { ambiguousTransferId, MIN_TRANSFER_ID_PREFIX, unknownTransfer } from '../transfer-errors.js';
import type { HeldFile } from './access.js';
import { hexOf, idBytes } from './server.js';

/** Store lookups of the files feature (see the module comment). */
export class FileRecords {
  readonly #repo: FilesRepository;
  readonly #partHeld: (fileIdHex: string) => HeldFile | undefined;
  readonly #manifests = new Map<string, Manifest>();

  /** Lookups over `repo`; `partHeld` says what a running download holds (files/feature/downloads.ts). */
  constructor(repo: FilesRepository, partHeld: (fileIdHex: string) => HeldFile | undefined) {
    this.#repo = repo;
    this.#partHeld = partHeld;
  }

  /** The checked manifest of a file, if we hold its whole hash list. */
  manifest(fileIdHex: string): Manifest | undefined {
    const cached = this.#manifests.get(fileIdHex);
    if (cached !== undefined) return cached;
    const stored = this.#repo.manifest(idBytes(fileIdHex));
    if (stored === undefined || !stored.complete) return undefined;
    const manifest = Manifest.check({
      header: { name: stored.name, size: stored.size, chunkSize: stored.chunkSize },
      rootHash: stored.fileId,
      chunkHashes: stored.chunkHashes,
    });
    this.#manifests.set(fileIdHex, manifest);
    return manifest;
  }

  /** Keeps a manifest that was just built or checked. */
  remember(manifest: Manifest): void {
    this.#manifests.set(manifest.fileIdHex, manifest);
  }

  /** The offers of a file made to us. */
  incomingOffers(fileIdHex: string): StoredOffer[] {
    return this.#repo.offersOf(idBytes(fileIdHex)).filter((offer) => offer.direction === 'in');
  }

  /** Where we hold a file's bytes: our shared original, a finished download, or a part file. */
  held(fileIdHex: string): HeldFile | undefined {
    const fileId = idBytes(fileIdHex);
    const share = this.#repo.share(fileId);
    if (share?.state === 'active') return { path: share.path, chunks: 'all' };
    const download = this.#repo.download(fileId);
    if (download?.state === 'complete' && download.path !== undefined) return { path: download.path, chunks: 'all' };
    return this.#partHeld(fileIdHex);
  }

  /**
   * The file id a user typed: the whole hex id or a unique prefix of at least
   * MIN_TRANSFER_ID_PREFIX characters, among incoming ('in') or all transfers.
   */
  resolve(id: string, direction: 'in' | 'any'): string {
    if (typeof id !== 'string' || !/^[0-9a-f]+$/i.test(id) || id.length < MIN_TRANSFER_ID_PREFIX || id.length > 64)
      throw ambiguousTransferId(0);
    const prefix = id.toLowerCase();
    const matches = this.#repo
      .fileIds()
      .map(hexOf)
      .filter((fileIdHex) => fileIdHex.startsWith(prefix))
      .filter(
        (fileIdHex) =>
          this.#isIncoming(fileIdHex) || (direction === 'any' && this.#repo.share(idBytes(fileIdHex)) !== undefined),
      );
    if (matches.length === 0) throw unknownTransfer();
    if (matches.length > 1) throw ambiguousTransferId(matches.length);
    return matches[0]!;
  }

  /** Whether the file was offered to us or we download it. */
  #isIncoming(fileIdHex: string): boolean {
    return this.incomingOffers(fileIdHex).length > 0 || this.#repo.download(idBytes(fileIdHex)) !== undefined;
  }
}
