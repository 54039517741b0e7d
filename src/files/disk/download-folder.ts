/**
 * The only code that creates, opens or renames files in a download folder. Its promise: nothing
 * outside the chosen folder is ever written, and nothing already there is overwritten or
 * followed.
 *
 * - The folder is resolved once with realpath and must be a directory; every path is the real
 *   folder joined with a single name component, checked again to resolve to a direct child.
 * - New part files are created with O_CREAT | O_EXCL | O_NOFOLLOW: a file, or a symlink
 *   (even a dangling one) planted at that name makes the open fail instead of writing through
 *   it (POSIX open(2): O_EXCL with O_CREAT fails if the path is a symbolic link).
 * - Existing part files (resume) are opened with O_NOFOLLOW and must be regular files with one
 *   link, so a symlink or a hard link to another file swapped in while Burrow was stopped is
 *   refused rather than written.
 * - The finished file is published with link(2) + unlink(2), which fails if the final name
 *   exists instead of replacing it (rename(2) would silently replace it).
 *
 * Out of scope: a local attacker racing renames of the folder's *parent* directories while a
 * download runs (they could as well write the file themselves).
 */
import { constants } from 'node:fs';
import { link, lstat, open, realpath, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileIo, unsafeDownloadTarget } from '../errors.js';
import { withConflictNumber } from '../safe-file-name.js';

/** Suffix of a download in progress, next to where the file will be. */
export const PART_SUFFIX = '.part';

/** How many conflict numbers (` (1)` … ) are tried before giving up on a name. */
export const MAX_CONFLICT_NUMBER = 999;

// O_NOFOLLOW is POSIX; where Node does not define it (Windows) symlinks need privileges to create.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_FLAGS = constants.O_CREAT | constants.O_EXCL | constants.O_RDWR | O_NOFOLLOW;
const REOPEN_FLAGS = constants.O_RDWR | O_NOFOLLOW;
/** Part files are private until finished (a friend's file is nobody else's business on this machine). */
const PART_FILE_MODE = 0o600;

// Errors of link(2) on file systems without hard links (FAT, exFAT, some FUSE mounts).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * The real path of `folder`, which must exist and be a directory. Throws
 * `UnsafeDownloadTargetError` otherwise.
 */
export async function resolveDownloadFolder(folder: string): Promise<string> {
  if (typeof folder !== 'string' || folder.length === 0) throw unsafeDownloadTarget('no download folder was given');
  let real: string;
  try {
    real = await realpath(folder);
  } catch (error) {
    throw unsafeDownloadTarget(`the download folder cannot be opened (${codeOf(error)})`);
  }
  const stats = await lstat(real).catch((error: unknown) => {
    throw unsafeDownloadTarget(`the download folder cannot be opened (${codeOf(error)})`);
  });
  if (!stats.isDirectory()) throw unsafeDownloadTarget('the download folder is not a directory');
  return real;
}

/**
 * The path of `name` inside the (real) `folder`, after checking that `name` is one plain
 * component: no separator, not `.` or `..`, so the path is a direct child of the folder.
 */
export function childPath(folder: string, name: string): string {
  const path = join(folder, name);
  if (name.length === 0 || name === '.' || name === '..' || basename(path) !== name || dirname(path) !== folder) {
    throw unsafeDownloadTarget('a file name would leave the download folder');
  }
  return path;
}

/** A freshly created part file and the names it was created under. */
export interface CreatedPart {
  readonly handle: FileHandle;
  readonly finalName: string;
  readonly partName: string;
}

/**
 * Creates `<final name>.part` for a download named `baseName` (already made safe), taking the
 * first of `baseName`, `baseName (1)`, … for which neither the final name nor the part name
 * exists. Never opens an existing file or follows a symlink.
 */
export async function createPartExclusive(folder: string, baseName: string): Promise<CreatedPart> {
  for (let n = 0; n <= MAX_CONFLICT_NUMBER; n++) {
    const finalName = withConflictNumber(baseName, n);
    const partName = finalName + PART_SUFFIX;
    if (await exists(childPath(folder, finalName))) continue;
    const partPath = childPath(folder, partName);
    try {
      const handle = await open(partPath, CREATE_FLAGS, PART_FILE_MODE);
      return { handle, finalName, partName };
    } catch (error) {
      if (codeOf(error) === 'EEXIST' || codeOf(error) === 'ELOOP') continue;
      throw fileIo('create the download file', error);
    }
  }
  throw unsafeDownloadTarget(`more than ${MAX_CONFLICT_NUMBER} files with this name are already in the folder`);
}

/**
 * Reopens an existing part file for resuming. Returns undefined if it is gone (the download then
 * starts over). Throws `UnsafeDownloadTargetError` if a symlink, a non-regular file or a file
 * with other hard links is there now.
 */
export async function reopenPart(folder: string, partName: string): Promise<FileHandle | undefined> {
  if (!partName.endsWith(PART_SUFFIX)) throw unsafeDownloadTarget('the saved part file name is not a part file');
  const path = childPath(folder, partName);
  let handle: FileHandle;
  try {
    handle = await open(path, REOPEN_FLAGS);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    if (codeOf(error) === 'ELOOP') throw unsafeDownloadTarget('the part file was replaced by a symbolic link');
    throw fileIo('reopen the download file', error);
  }
  const stats = await handle.stat();
  if (!stats.isFile() || stats.nlink !== 1) {
    await handle.close();
    throw unsafeDownloadTarget('the part file was replaced by something that is not a plain file');
  }
  return handle;
}

/**
 * Gives the finished part file its final name without replacing anything: `preferred` if free,
 * else `baseName (n)`. Returns the name used. The part file must be closed.
 */
export async function publishNoClobber(
  folder: string,
  partName: string,
  preferred: string,
  baseName: string,
): Promise<string> {
  const partPath = childPath(folder, partName);
  const candidates = [
    preferred,
    ...Array.from({ length: MAX_CONFLICT_NUMBER }, (_, i) => withConflictNumber(baseName, i + 1)),
  ];
  for (const name of new Set(candidates)) {
    const finalPath = childPath(folder, name);
    try {
      await link(partPath, finalPath);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EEXIST') continue;
      if (code !== undefined && NO_HARD_LINKS.has(code)) {
        // No hard links here: check, then rename. A file created in between would be replaced,
        // which only a local process racing us can cause.
        if (await exists(finalPath)) continue;
        await rename(partPath, finalPath).catch((renameError: unknown) => {
          throw fileIo('rename the finished download', renameError);
        });
        return name;
      }
      throw fileIo('rename the finished download', error);
    }
    await unlink(partPath).catch((error: unknown) => {
      throw fileIo('remove the finished part file', error);
    });
    return name;
  }
  throw unsafeDownloadTarget(`more than ${MAX_CONFLICT_NUMBER} files with this name are already in the folder`);
}

/** Flushes the folder's entries (the rename) to disk; ignored where directories cannot be synced. */
export async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on a directory; the data itself was synced.
  } finally {
    await handle?.close();
  }
}

/** Removes a part file (cancel). A missing file is fine. */
export async function removePart(folder: string, partName: string): Promise<void> {
  await unlink(childPath(folder, partName)).catch((error: unknown) => {
    if (codeOf(error) !== 'ENOENT') throw fileIo('remove the part file', error);
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw fileIo('look at the download folder', error);
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
