/**
 * The fast version of `npm run bench -- crash`: a few SIGKILLs of either daemon while messages
 * and a file flow; nothing acknowledged is lost or shown twice, the file completes with the
 * right hash, and both databases pass `PRAGMA integrity_check`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCrashScenario } from '../shared/crash-run.js';

describe('kill -9 at random moments', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('loses nothing acknowledged, duplicates nothing, and leaves both databases intact', async () => {
    const root = mkdtempSync(join(tmpdir(), 'burrow-crash-'));
    roots.push(root);
    const result = await runCrashScenario({
      testnetDir: inject('testnetDir'),
      root,
      kills: 4,
      fileBytes: 2 * 1024 * 1024,
    });
    expect(result.acknowledged.direct + result.acknowledged.group).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.undelivered).toEqual([]);
    expect(result.integrity).toEqual([]);
    expect(result.fileComplete).toBe(true);
    expect(result.fileHashMatches).toBe(true);
  }, 600_000);
});
