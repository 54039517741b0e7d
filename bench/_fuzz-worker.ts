/**
 * One fuzz target in its own process (bench/fuzz.ts starts one per target, so a decoder that
 * hangs for good or exhausts memory ends only its own run):
 *   node --import tsx bench/_fuzz-worker.ts <target> <runs> <seed> <findings dir>
 * Prints one line `FUZZ-RESULT <json>`. An input that throws what its decoder is not documented
 * to throw, or that takes over HANG_MS (again when repeated), is written to the findings dir (the first few of each).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describeThrow, FUZZ_TARGETS, untypedThrow } from '../test/shared/fuzz-targets.js';
import { fuzzInputs } from './_fuzz-mutations.js';

const HANG_MS = 100;
const KEPT_PER_KIND = 5;
const BATCH = 2_000;

const [name, runsText, seedText, findingsDir] = process.argv.slice(2);
const target = FUZZ_TARGETS.find((candidate) => candidate.name === name);
if (target === undefined || runsText === undefined || findingsDir === undefined) {
  console.error('usage: _fuzz-worker.ts <target> <runs> <seed> <findings dir>');
  process.exit(2);
}
const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'corpus', target.name);
const seeds = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.bin'))
  .map((file) => Uint8Array.from(readFileSync(join(corpusDir, file))));
const arbitrary = fuzzInputs(seeds);

const runs = Number(runsText);
let done = 0;
let untyped = 0;
let hangs = 0;
let slowestMs = 0;
/** Calls over HANG_MS that were fast when repeated (not counted as hangs). */
let slowOnce = 0;
const kept: { kind: string; file: string; error?: string; ms?: number }[] = [];

function keep(kind: string, input: Uint8Array, details: { error?: string; ms?: number }): void {
  if (kept.filter((entry) => entry.kind === kind).length >= KEPT_PER_KIND) return;
  mkdirSync(findingsDir!, { recursive: true });
  const file = join(findingsDir!, `${kind}-${createHash('sha256').update(input).digest('hex').slice(0, 16)}.bin`);
  writeFileSync(file, input);
  kept.push({ kind, file, ...details });
}

function timeCall(input: Uint8Array): number {
  const before = performance.now();
  untypedThrow(target!, input);
  return performance.now() - before;
}

const started = performance.now();
for (let batch = 0; done < runs; batch++) {
  const inputs = fc.sample(arbitrary, { numRuns: Math.min(BATCH, runs - done), seed: Number(seedText) + batch });
  for (const input of inputs) {
    const before = performance.now();
    const thrown = untypedThrow(target, input);
    const ms = performance.now() - before;
    done++;
    if (ms > slowestMs) slowestMs = ms;
    if (ms > HANG_MS) {
      // One slow call on a shared machine may be a GC pause or the scheduler: a hang repeats.
      const again = Math.min(...[1, 2, 3].map(() => timeCall(input)));
      if (again > HANG_MS) {
        hangs++;
        keep('hang', input, { ms: again });
      } else {
        slowOnce++;
      }
    }
    if (thrown !== undefined) {
      untyped++;
      keep('untyped', input, { error: describeThrow(thrown.error) });
    }
  }
}
const seconds = (performance.now() - started) / 1000;
const result = {
  target: target.name,
  seeds: seeds.length,
  inputs: done,
  untyped,
  hangs,
  slowOnce,
  slowestMs,
  seconds,
  kept,
};
console.log(`FUZZ-RESULT ${JSON.stringify(result)}`);
