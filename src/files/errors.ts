/**
 * Typed errors of file sharing. Each says what to do about it; none contains a file name, a path
 * or an onion address (errors end up in log lines; the caller knows which transfer it was).
 */
import { BurrowError, BurrowFailure } from '../errors.js';

/** A manifest's hash list does not hash to its root hash (the file id): forged or corrupted. */
export class ManifestMismatchError extends BurrowError {
  override readonly name = 'ManifestMismatchError';
  constructor() {
    super(
      "The file's description does not match its id: the sender's data is corrupt or forged. Ask the sender to offer the file again.",
      {
        action: 'drop-peer',
      },
    );
  }
}

/** A hash piece does not fit the manifest being assembled (wrong piece, wrong hash count). */
export class HashPieceInvalidError extends BurrowError {
  override readonly name = 'HashPieceInvalidError';
  constructor(reason: string) {
    super(`A peer sent a bad part of a file's hash list: ${reason}`, { action: 'drop-peer' });
  }
}

/** 'FileTooLargeError': a file is over a size limit (the protocol's, or the one set in preferences). */
export function fileTooLarge(size: number, limit: number): BurrowFailure {
  return new BurrowFailure(
    'FileTooLargeError',
    `The file is ${size} bytes, over the limit of ${limit} bytes. Raise files.maxSizeBytes in the preferences to accept larger files.`,
    {
      action: 'tell-user',
    },
  );
}

/** 'InsufficientDiskSpaceError': not enough free space in the download folder to start (or resume) a download. */
export function insufficientDiskSpace(needed: number, available: number): BurrowFailure {
  return new BurrowFailure(
    'InsufficientDiskSpaceError',
    `The download needs ${needed} bytes but the folder's disk has ${available} bytes free. Free some space or choose another folder.`,
    { action: 'tell-user' },
  );
}

/** The disk filled up (ENOSPC/EDQUOT) while writing: the transfer is paused, nothing is corrupted. */
export class DiskFullError extends BurrowError {
  override readonly name = 'DiskFullError';
  constructor(cause: unknown) {
    super('The disk is full: the download is paused. Free some space, then resume it.', { action: 'tell-user', cause });
  }
}

/** 'FileIoError': another I/O failure while writing or reading a transfer's files. */
export function fileIo(what: string, cause: unknown): BurrowFailure {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return new BurrowFailure(
    'FileIoError',
    `Could not ${what}${typeof code === 'string' ? ` (${code})` : ''}. Check the folder's permissions and the disk, then retry.`,
    {
      action: 'retry',
      cause,
    },
  );
}

/**
 * 'UnsafeDownloadTargetError': the download folder or a file in it is not what it must be (not a
 * directory, a symlink or a hard link planted where the part file goes, a name that would leave
 * the folder). Nothing was written.
 */
export function unsafeDownloadTarget(reason: string): BurrowFailure {
  return new BurrowFailure(
    'UnsafeDownloadTargetError',
    `Refused to write the download: ${reason}. Choose another folder or remove the file in the way.`,
    { action: 'tell-user' },
  );
}

/** 'ChunkHashMismatchError': a chunk's bytes do not match its hash in the manifest. */
export function chunkHashMismatch(index: number): BurrowFailure {
  return new BurrowFailure(
    'ChunkHashMismatchError',
    `Chunk ${index} does not match the file's description: the peer that sent it is faulty or lying.`,
    { action: 'drop-peer' },
  );
}

/** A peer's chunk-data does not fit the request it answers (wrong block order or length). */
export class ChunkDataInvalidError extends BurrowError {
  override readonly name = 'ChunkDataInvalidError';
  constructor(reason: string) {
    super(`A peer sent chunk data that does not fit its request: ${reason}`, { action: 'drop-peer' });
  }
}

/**
 * The final check of a finished download found chunks that are missing or no longer match
 * (a disk error, or a crash between writing and syncing): they must be fetched again. The
 * file was not renamed; nothing partial is presented as complete.
 */
export class DownloadIncompleteError extends BurrowError {
  override readonly name = 'DownloadIncompleteError';
  constructor(readonly chunks: readonly number[]) {
    super(
      `The download is not complete yet: ${chunks.length} chunk${chunks.length === 1 ? '' : 's'} must be fetched again.`,
      { action: 'retry' },
    );
  }
}

/** A file changed while it was being hashed or served, so it no longer matches its manifest. */
export class FileChangedError extends BurrowError {
  override readonly name = 'FileChangedError';
  constructor() {
    super('The file changed on disk after it was offered. Offer it again to share the new version.', {
      action: 'tell-user',
    });
  }
}

/** 'FileClosedError': a part file or chunk reader was used after it was closed (or finished, or discarded). */
export function fileClosed(): BurrowFailure {
  return new BurrowFailure(
    'FileClosedError',
    'The transfer file is already closed (a bug: stop using a PartFile or ChunkReader once it is closed or finished).',
    { action: 'bug' },
  );
}
