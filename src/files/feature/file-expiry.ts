/**
 * Files received in a disappearing conversation (README "What is kept of messages you take
 * back"), and deleting a received file.
 *
 * A file offered to us in a 1:1 conversation or a group whose timer is on takes that timer. Its
 * clock starts when we answer the offer — accept (by hand, or by the size limit) or decline —
 * as a message's starts when it is read: an offer nobody answered waits, like an unread
 * message. When the timer runs out the transfer is marked `expired`: a download still running
 * stops (its part file is deleted: that is Burrow's, not the user's), and the user is offered
 * to delete what was saved (`burrow ctl files delete`, `e` in the transfers view). A finished
 * file is never removed without that step: it may have been moved or kept on purpose.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger } from '../../log.js';
import type { FeatureContext } from '../../node/feature.js';
import { removeReceivedFile } from '../disk/received-file.js';
import type { FilesRepository, StoredDownload } from '../store/files-repository.js';
import type { DeletedFileView, TransferView } from './api.js';
import type { FileRecords } from './file-records.js';
import type { ConversationTimers } from './ports.js';
import { hexOf, idBytes } from './server.js';
import type { TransferBoard } from './transfer-board.js';

const log = logger('files');

/** Why a download stopped when its timer ran out (shown with the transfer). */
export const EXPIRED_DOWNLOAD_REASON =
  'The conversation’s disappearing timer ran out: the download stopped. Delete the transfer to forget it.';

/** What the expiry needs from the files feature. */
export interface FileExpiryHost {
  readonly context: FeatureContext;
  readonly repo: FilesRepository;
  readonly records: FileRecords;
  readonly board: TransferBoard;
  /** Cancels a download still running (its part file deleted), with `reason` for the user. */
  stopDownload(download: StoredDownload, reason?: string): Promise<void>;
  /** Stops serving a file we no longer hold. */
  stopServing(fileIdHex: string): void;
}

/** Timers of received files, and their deletion (see the module comment). */
export class FileExpiry {
  readonly #host: FileExpiryHost;
  #timers: ConversationTimers | undefined;
  /** When the next timer runs out (unix ms), if one runs. */
  #due: number | undefined;

  constructor(host: FileExpiryHost) {
    this.#host = host;
  }

  /** Where the conversations' timers are read (app/compose.ts); without it no file expires. */
  connect(timers: ConversationTimers): void {
    this.#timers = timers;
  }

  /** `peer` offered us a file, in a group or directly: it takes the conversation's timer, if on. */
  offered(peer: OnionAddress, groupId: Uint8Array | undefined, fileId: Uint8Array): void {
    const timers = this.#timers;
    if (timers === undefined) return;
    const seconds = groupId === undefined ? timers.ofFriend(peer) : timers.ofGroup(hexOf(groupId));
    if (seconds > 0) this.#host.repo.expiry.timed(fileId, seconds);
  }

  /** We answered an offer of the file: its clock starts (once). */
  answered(fileIdHex: string): void {
    if (this.#host.repo.expiry.start(idBytes(fileIdHex), this.#host.context.now())) this.#schedule();
  }

  /** The expiry fields of a transfer's incoming view. */
  view(fileIdHex: string): Pick<TransferView, 'expiresAt' | 'expired'> {
    const expiry = this.#host.repo.expiry.get(idBytes(fileIdHex));
    if (expiry === undefined) return {};
    if (expiry.expired) return { expired: true };
    return expiry.expiresAt === undefined ? {} : { expiresAt: expiry.expiresAt };
  }

  /**
   * Deletes a file offered to us (run it as the file's one command): stops its download,
   * removes the saved file if it is still the one we wrote, forgets the transfer and folds the WAL.
   */
  async delete(fileIdHex: string): Promise<DeletedFileView> {
    const { context, repo } = this.#host;
    const fileId = idBytes(fileIdHex);
    const name = repo.manifest(fileId)?.name ?? '';
    let download = repo.download(fileId);
    if (download !== undefined && isRunning(download)) {
      await this.#host.stopDownload(download);
      download = repo.download(fileId);
    }
    const path = download?.state === 'complete' ? download.path : undefined;
    const file = path === undefined ? 'none' : await removeReceivedFile(path, repo.manifest(fileId)?.size ?? -1);
    context.store.transaction(() => repo.expiry.forgetReceived(fileId));
    try {
      context.store.scrub();
    } catch (error) {
      log.warn('could not fold the WAL after forgetting a file', { error });
    }
    if (this.#host.records.held(fileIdHex) === undefined) this.#host.stopServing(fileIdHex);
    log.info('received file deleted', { file });
    context.emit({ type: 'transfer-deleted', id: fileIdHex });
    return { id: fileIdHex, name, ...(path === undefined ? {} : { path }), file };
  }

  /** Called on the files feature's tick (about once a second) and at start: marks what ran out expired. */
  tick(): void {
    if (this.#due === undefined || this.#host.context.now() < this.#due) return;
    try {
      for (const fileId of this.#host.repo.expiry.expire(this.#host.context.now())) this.#expired(hexOf(fileId));
    } finally {
      this.#schedule();
    }
  }

  /** Reads when the next timer runs out, and sweeps what already did. */
  start(): void {
    this.#schedule();
    this.tick();
  }

  #schedule(): void {
    this.#due = this.#host.repo.expiry.nextExpiry();
  }

  #expired(fileIdHex: string): void {
    const { context, repo, board } = this.#host;
    const download = repo.download(idBytes(fileIdHex));
    log.info('a received file’s disappearing timer ran out');
    if (download === undefined || !isRunning(download)) {
      board.emitIn(fileIdHex);
      return;
    }
    context.track(
      this.#host
        .stopDownload(download, EXPIRED_DOWNLOAD_REASON)
        .catch((error: unknown) => log.warn('could not stop the download of an expired file', { error }))
        .then(() => board.emitIn(fileIdHex)),
    );
  }
}

/** A download not finished nor cancelled: its part file is on disk. */
function isRunning(download: StoredDownload): boolean {
  return download.state === 'active' || download.state === 'paused' || download.state === 'failed';
}
