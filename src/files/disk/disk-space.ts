/**
 * The free-space check made before a download starts or resumes (statfs(2) through
 * `fs.statfs`), so a transfer that cannot fit is refused up front rather than failing halfway.
 * Running out anyway (another program filled the disk) is handled by the part file: the write
 * fails with `DiskFullError` and the transfer pauses intact.
 */
import { statfs } from 'node:fs/promises';
import { checkInteger } from '../../lib/argument-checks.js';
import { fileIo, insufficientDiskSpace } from '../errors.js';

/** Space left free on top of the download, so the disk is not filled to the last byte (16 MiB). */
export const DISK_SPACE_MARGIN_BYTES = 16 * 1024 * 1024;

/** The part of statfs(2) the check reads. */
export interface FsSpace {
  /** Blocks available to unprivileged users. */
  readonly bavail: number | bigint;
  /** Block size in bytes. */
  readonly bsize: number | bigint;
}

/** Reads a folder's file system space; `fs.promises.statfs` unless a test injects one. */
export type StatFs = (path: string) => Promise<FsSpace>;

/** The default {@link StatFs}. */
export const defaultStatFs: StatFs = (path) => statfs(path);

/**
 * Bytes free for unprivileged writes on the file system holding `folder`.
 * @example await freeBytes(folder)
 */
export async function freeBytes(folder: string, stat: StatFs = defaultStatFs): Promise<number> {
  let space: FsSpace;
  try {
    space = await stat(folder);
  } catch (error) {
    throw fileIo('check the free disk space', error);
  }
  return Number(space.bavail) * Number(space.bsize);
}

/**
 * Throws `InsufficientDiskSpaceError` unless `bytes` more (plus DISK_SPACE_MARGIN_BYTES) fit in
 * `folder`'s file system.
 * @example await checkDiskSpace(folder, manifest.header.size)
 */
export async function checkDiskSpace(folder: string, bytes: number, stat: StatFs = defaultStatFs): Promise<void> {
  checkInteger(bytes, 'bytes', 0, Number.MAX_SAFE_INTEGER);
  const available = await freeBytes(folder, stat);
  const needed = bytes + DISK_SPACE_MARGIN_BYTES;
  if (available < needed) throw insufficientDiskSpace(needed, available);
}
