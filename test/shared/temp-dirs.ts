/**
 * Temporary directories for tests: every one {@link tempDir} makes is removed by
 * {@link removeTempDirs} (call it from afterEach or afterAll). Vitest gives each test file its
 * own module graph, so the list is per file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh directory in the system's temp dir, its name `prefix` and random characters. */
export function tempDir(prefix = 'burrow-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
