/**
 * `npm run bench -- <name> [<name> …]` runs the named benchmarks (all when none is named).
 * Each benchmark is a module `bench/<name>.ts` whose default export is a {@link Benchmark}; it
 * measures its own baseline in the same run (figures drift on a shared machine, ratios less
 * so), prints a summary and returns its results, which this runner writes to
 * `bench/results/<name>.json`.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import type { Benchmark } from './benchmark.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !['run.ts', 'benchmark.ts'].includes(file) && !file.startsWith('_'))
  .map((file) => file.slice(0, -3))
  .sort();

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run bench -- [name …]\nBenchmarks: ${available.join(', ')}`);
  process.exit(0);
}
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
let failed = false;
for (const name of requested.length > 0 ? requested : available) {
  const module = (await import(`./${name}.ts`)) as { default: Benchmark };
  console.log(`\n== bench ${name}: ${module.default.description}`);
  const started = Date.now();
  try {
    const results = await module.default.run();
    const record = {
      name,
      date: new Date().toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: process.platform,
      },
      results,
    };
    const file = join(resultsDir, `${name}.json`);
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    console.log(`   results written to ${file}`);
  } catch (error) {
    failed = true;
    console.error(`bench ${name} failed:`, error);
  }
}
process.exit(failed ? 1 : 0);
