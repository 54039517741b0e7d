/**
 * `npm run bench -- crash`: kill -9 at any moment loses nothing acknowledged. Two daemons on a
 * private Tor network exchange numbered messages (1:1 and in a group) and a file while one side
 * is SIGKILLed at random moments and started again, 100 times (BURROW_BENCH_KILLS=N for more or
 * fewer). Reports kills survived, messages lost and duplicated (goal 0 each), whether the file
 * completed with the right hash, and both databases' `PRAGMA integrity_check`. The baseline is
 * the goal itself: nothing lost out of everything acknowledged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrashScenario } from '../test/shared/crash-run.js';
import { loadAverage, MB, withBenchNetwork } from './_tor-bench.js';
import type { Benchmark } from './benchmark.js';

const KILLS = Number(process.env['BURROW_BENCH_KILLS'] ?? 100);

const benchmark: Benchmark = {
  description: `${KILLS} SIGKILLs of a daemon while messages and a file flow: acknowledged messages lost and duplicated (goal 0)`,
  run: () =>
    withBenchNetwork('crash', 0, async (info) => {
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-crash-'));
      try {
        const loadBefore = loadAverage();
        const result = await runCrashScenario({
          testnetDir: info.dir,
          root,
          kills: KILLS,
          fileBytes: 16 * MB,
          log: (line) => console.log(`   ${line}`),
        });
        const acknowledged = result.acknowledged.direct + result.acknowledged.group;
        console.log(
          `   ${result.kills} kills survived; ${acknowledged} messages acknowledged (${result.acknowledged.direct} 1:1, ${result.acknowledged.group} group): ` +
            `${result.lost.length} lost, ${result.duplicates.length} duplicated, ${result.undelivered.length} not marked delivered; ` +
            `file ${result.fileComplete ? (result.fileHashMatches ? 'complete, hash verified' : 'complete, HASH WRONG') : 'NOT complete'}; ` +
            `integrity ${result.integrity.length === 0 ? 'ok' : result.integrity.join('; ')}; load ${loadBefore} → ${loadAverage()}`,
        );
        for (const line of [...result.lost, ...result.duplicates, ...result.undelivered].slice(0, 20))
          console.log(`   ! ${line}`);
        return {
          ...result,
          lostCount: result.lost.length,
          duplicateCount: result.duplicates.length,
          lostFraction: acknowledged === 0 ? 0 : result.lost.length / acknowledged,
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
