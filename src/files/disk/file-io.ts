/**
 * Small I/O helpers shared by the manifest builder, the part file and the chunk reader.
 */
import type { FileHandle } from 'node:fs/promises';
import { AbortedError } from '../../errors.js';
import { FileChangedError } from '../errors.js';

/**
 * Reads exactly `length` bytes at `position` into the start of `buffer`. Throws
 * `FileChangedError` if the file ends first (it shrank since its size was taken).
 */
export async function readExactly(
  handle: FileHandle,
  buffer: Uint8Array,
  length: number,
  position: number,
): Promise<void> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new FileChangedError();
    filled += bytesRead;
  }
}

/** Throws `AbortedError` naming `what` if `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted === true) throw new AbortedError(what, signal.reason);
}

/** Whether an fs error means "no space left" (ENOSPC) or "over quota" (EDQUOT). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
