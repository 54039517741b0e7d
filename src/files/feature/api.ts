/**
 * The file sharing part of the node API: offer a file to a friend or a group, answer
 * offers, follow transfers. Plain JSON data only, like api.ts: `burrow ctl … --json` prints
 * these shapes as they are.
 *
 * A transfer is named by its file id: 64 hex characters, the manifest's root hash. Commands
 * also take a unique prefix of at least 6 characters, as shown by `/files`.
 */

/** Which way a file goes: 'in' (offered to us) or 'out' (we offered it). */
export type TransferDirection = 'in' | 'out';

/**
 * Where a transfer stands.
 * - in: 'offered' (waiting for our answer) → 'downloading' → 'complete'; or 'declined',
 *   'cancelled' (by us, or every offerer withdrew), 'paused' (a full disk, a failing write:
 *   see `error`, then resume), 'failed' (cannot go on: see `error`).
 * - out: 'offered' while our offer stands (see `recipients` for their answers), 'cancelled'
 *   once we withdrew it.
 */
export type TransferState = 'offered' | 'downloading' | 'paused' | 'complete' | 'declined' | 'cancelled' | 'failed';

/** A recipient's answer to our offer; 'complete' once they hold the whole file. */
export type RecipientState = 'offered' | 'accepted' | 'declined' | 'cancelled' | 'complete';

/** One friend we offered a file to. */
export interface RecipientView {
  readonly onion: string;
  readonly state: RecipientState;
}

/** A friend our download takes chunks from. */
export interface SourceView {
  readonly onion: string;
  /** Bytes of verified chunks it sent us. */
  readonly bytes: number;
  /** Its speed in bytes per second over the last few seconds (0 while it sends nothing). */
  readonly rate?: number;
  /**
   * It is not delivering: chunks asked of it and no byte for longer than its path explains
   * (a few seconds), or resting after it stalled. Its requests go elsewhere after 30 s.
   */
  readonly stalled: boolean;
}

/** One file transfer, either way. */
export interface TransferView {
  /** The file id: 64 hex characters. */
  readonly id: string;
  readonly direction: TransferDirection;
  /** The offered name (the sender's choice: untrusted text). */
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  readonly state: TransferState;
  /** in: who offered it to us (the first offerer if several did). */
  readonly from?: string;
  /** in: every friend who offered it to us (each one is a source once we accept). */
  readonly offeredBy?: readonly string[];
  /** The group it was offered in (hex id), if any. */
  readonly group?: string;
  /** out: who we offered it to and their answers. */
  readonly recipients?: readonly RecipientView[];
  /** in: verified bytes on disk; out: bytes of chunk data sent (all recipients together). */
  readonly bytesDone: number;
  /** Bytes per second over the last few seconds (0 when idle). */
  readonly rate: number;
  /** in, downloading: seconds left at the current rate (a moving window), once there is a rate and while not stalled. */
  readonly etaSeconds?: number;
  /** in, downloading: true while every source is stalled (nothing arrives); false otherwise. */
  readonly stalled?: boolean;
  /** in, downloading: the friends we fetch from now. */
  readonly sources?: readonly SourceView[];
  /** in: the folder it is saved in (once accepted). */
  readonly folder?: string;
  /** in: where the finished file is; out: the file we share. */
  readonly path?: string;
  /** Why it is paused, failed or was refused: a message for the user. */
  readonly error?: string;
  /**
   * in, offered in a conversation with a disappearing timer: when the timer runs out (unix ms),
   * once the offer was answered (README "What is kept of messages you take back").
   */
  readonly expiresAt?: number;
  /** in: the timer ran out. A download still running stopped; `delete` removes what was saved. */
  readonly expired?: true;
  /** Unix ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What `delete` did to a received file. */
export interface DeletedFileView {
  /** The file id. */
  readonly id: string;
  readonly name: string;
  /** Where the finished file was saved, if it was. */
  readonly path?: string;
  /**
   * What became of the saved file: 'removed'; 'not-found' (moved or deleted since);
   * 'changed' (something else is there now: left alone); 'none' (nothing was saved).
   */
  readonly file: 'removed' | 'not-found' | 'changed' | 'none';
}

/** The events of file sharing (members of `NodeEvent`). */
export type FilesEvent =
  /** A transfer appeared or changed: a new offer, an answer, progress (about once a second while running), done. */
  | { readonly type: 'transfer'; readonly transfer: TransferView }
  /** A received file was deleted: its transfer is gone from the list. */
  | { readonly type: 'transfer-deleted'; readonly id: string };

/**
 * File sharing commands. Each rejects with a typed `BurrowError` whose message the front end
 * can show as is (`UnknownTransferError`, `FileTooLargeError`, `InsufficientDiskSpaceError`,
 * `UnsafeDownloadTargetError`, `NotAFriendError`, …).
 */
export interface FilesApi {
  /**
   * Offers the file at `path` (absolute) to `target`: a friend's onion address or a group id
   * (64 hex). Hashes the file first; the offer goes out now or when they come online.
   */
  send(target: string, path: string): Promise<TransferView>;
  /** Every transfer, newest first. */
  list(): Promise<TransferView[]>;
  /** Accepts an offer, saving into `folder` (absolute; default the XDG download folder). */
  accept(id: string, folder?: string): Promise<TransferView>;
  /** Declines an offer. */
  decline(id: string): Promise<TransferView>;
  /** Cancels a download (its part file is deleted) or withdraws our offer (we stop serving it). */
  cancel(id: string): Promise<TransferView>;
  /** Resumes a paused download (after freeing disk space). */
  resume(id: string): Promise<TransferView>;
  /**
   * Deletes a file offered to us: stops its download (the part file goes), removes the saved
   * file if it is still the one Burrow wrote, and forgets the transfer (name, offers, manifest).
   */
  delete(id: string): Promise<DeletedFileView>;
}
