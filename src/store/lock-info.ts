/**
 * `profile.lock`: the pid of the process that has the profile open, so "in use" errors can say
 * which process. The lock itself is SQLite's exclusive file lock (sqlite.ts), which the kernel
 * releases when its holder dies; this file is only a label. A file left by a killed process is
 * harmless: its pid is checked for liveness before it is shown, and the next holder overwrites it.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { PROFILE_FILE_MODE, profilePath } from './location.js';

/** Records this process as the holder. Call only while holding the SQLite lock. */
export function writeLockInfo(dir: string): void {
  writeFileSync(profilePath(dir, 'lockInfo'), `${process.pid}\n`, { mode: PROFILE_FILE_MODE });
}

/** The live pid recorded as holder, or undefined (no file, junk, or a dead process). */
export function readLockHolder(dir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(profilePath(dir, 'lockInfo'), 'latin1').slice(0, 32);
  } catch {
    return undefined;
  }
  const match = /^(\d{1,10})\n?$/.exec(text);
  if (match === null) return undefined;
  const pid = Number(match[1]);
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Removes the file if it still names this process. */
export function removeLockInfo(dir: string): void {
  const path = profilePath(dir, 'lockInfo');
  try {
    if (readFileSync(path, 'latin1') === `${process.pid}\n`) unlinkSync(path);
  } catch {
    // already gone, or another process's: nothing to clean up
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
