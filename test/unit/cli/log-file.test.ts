// burrow.log is capped: past its limit it moves to burrow.log.1 and a new file begins.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cappedLogSink } from '../../../src/cli/log-file.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterAll(removeTempDirs);

describe('cappedLogSink', () => {
  it('rotates to .1 past the limit, so the logs stay under twice the limit', () => {
    const file = join(tempDir(), 'burrow.log');
    const sink = cappedLogSink(file, 1000);
    for (let index = 0; index < 100; index++) sink(`line ${index} ${'x'.repeat(40)}`);
    expect(readFileSync(file, 'utf8')).toContain('line 99 ');
    expect(statSync(file).size).toBeLessThanOrEqual(1000);
    expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(1000);
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/line \d+ x+\n$/);
  });
});
