/**
 * A small file system of its own (a tmpfs of a few megabytes) for the disk-full tests, and a
 * filler file that takes all but a given number of its bytes. Mounting needs root (CAP_SYS_ADMIN);
 * where it is not allowed {@link mountSmallDisk} says why instead. No vitest here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  /** Free bytes now. */
  free(): number;
  /** Writes a filler file so that about `leaveBytes` stay free. */
  fill(leaveBytes: number): void;
  /** Deletes the filler: the space comes back. */
  release(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `bytes`; returns why not when this machine does not allow it. */
export function mountSmallDisk(bytes: number): SmallDisk | string {
  const dir = mkdtempSync(join(tmpdir(), 'burrow-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (needs root): ${String(error).split('\n')[0]}`;
  }
  const filler = join(dir, 'filler');
  const free = (): number => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    free,
    fill: (leaveBytes) => {
      rmSync(filler, { force: true });
      writeFileSync(filler, Buffer.alloc(Math.max(0, free() - leaveBytes)));
    },
    release: () => rmSync(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
