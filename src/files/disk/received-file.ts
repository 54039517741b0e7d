/**
 * Deleting a finished download from the user's folder, when they ask for it (`burrow ctl files
 * delete`, the transfers view): only the file Burrow wrote there, as far as can be told. A path
 * that is gone (moved away) or holds something else now (another size, a link, a folder) is
 * left alone: it may be the user's.
 */
import { lstat, unlink } from 'node:fs/promises';

/** What became of the file: removed, not there any more, or there but not the file we wrote. */
export type ReceivedFileOutcome = 'removed' | 'not-found' | 'changed';

/** Removes the regular file at `path` if it still has the `size` we wrote. */
export async function removeReceivedFile(path: string, size: number): Promise<ReceivedFileOutcome> {
  const stat = await lstat(path).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  });
  if (stat === undefined) return 'not-found';
  if (!stat.isFile() || stat.size !== size) return 'changed';
  await unlink(path);
  return 'removed';
}
