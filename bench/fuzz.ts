/**
 * `npm run bench -- fuzz`: every decoder of peer bytes (test/shared/fuzz-targets.ts) over
 * BURROW_FUZZ_RUNS inputs (default 1 000 000) per target, made by mutating the seed corpus
 * under test/corpus/<target>/ (bench/_fuzz-mutations.ts). Goal: 0 of each of
 *
 * - untyped throws: inputs the decoder answered with a throw it is not documented to make
 *   (anything but DecodeError, or the frame, handshake or tor-control error of its module);
 * - hangs: inputs one decoder call spent over 100 ms on, also when repeated (a single slow call
 *   that is fast the next three times was the shared machine pausing; counted as `slowOnce`);
 * - crashes: target processes that died (stack or heap exhausted, a native abort), hung for
 *   good (killed after a generous limit) or ended without reporting.
 *
 * Why mutation fuzzing driven by fast-check rather than coverage-guided Jazzer.js: the native
 * part of @jazzer.js/core 4.0.0 (its libFuzzer addon) is built for glibc 2.38 and fails to
 * load on this machine's glibc 2.36, and building it from source needs the LLVM toolchain.
 *
 * Each target runs in its own process, BURROW_FUZZ_JOBS (default 2) at a time. Inputs worth
 * keeping are written to bench/results/fuzz-findings/<target>/; copy them to the corpus.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUZZ_TARGETS } from '../test/shared/fuzz-targets.js';
import type { Benchmark } from './benchmark.js';

const RUNS = Number(process.env['BURROW_FUZZ_RUNS'] ?? 1_000_000);
const JOBS = Math.max(1, Number(process.env['BURROW_FUZZ_JOBS'] ?? 2));
/** fast-check seed of the first batch; a fixed default makes runs repeatable. */
const SEED = Number(process.env['BURROW_FUZZ_SEED'] ?? 20_261_204);
/** A target process gets this long per 1 000 inputs (at least a minute) before it counts as hung for good. */
const MS_PER_1000_INPUTS = 1_000;

const here = dirname(fileURLToPath(import.meta.url));
const findingsRoot = join(here, 'results', 'fuzz-findings');

interface TargetResult {
  target: string;
  decoders: string;
  seeds: number;
  inputs: number;
  crashes: number;
  hangs: number;
  untypedThrows: number;
  /** Calls over 100 ms that took less when repeated (pauses of the shared machine, not hangs). */
  slowOnce: number;
  slowestMs: number;
  inputsPerSecond: number;
  findings: { kind: string; file: string; error?: string; ms?: number }[];
  crash?: string;
}

interface WorkerReport {
  seeds: number;
  inputs: number;
  untyped: number;
  hangs: number;
  slowOnce: number;
  slowestMs: number;
  seconds: number;
  kept: TargetResult['findings'];
}

function runTarget(name: string, decoders: string): Promise<TargetResult> {
  const limitMs = Math.max(60_000, (RUNS / 1000) * MS_PER_1000_INPUTS);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, '_fuzz-worker.ts'), name, String(RUNS), String(SEED), join(findingsRoot, name)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith('FUZZ-RESULT '));
      const base = { target: name, decoders };
      if (code !== 0 || line === undefined) {
        const why = signal === 'SIGKILL' ? `killed after ${limitMs} ms` : `exit ${code ?? signal}`;
        resolve({
          ...base,
          seeds: 0,
          inputs: 0,
          crashes: 1,
          hangs: 0,
          untypedThrows: 0,
          slowOnce: 0,
          slowestMs: 0,
          inputsPerSecond: 0,
          findings: [],
          crash: `${why}: ${stderr.trim().split('\n').slice(-5).join(' / ')}`,
        });
        return;
      }
      const report = JSON.parse(line.slice('FUZZ-RESULT '.length)) as WorkerReport;
      resolve({
        ...base,
        seeds: report.seeds,
        inputs: report.inputs,
        crashes: 0,
        hangs: report.hangs,
        untypedThrows: report.untyped,
        slowOnce: report.slowOnce,
        slowestMs: Math.round(report.slowestMs * 10) / 10,
        inputsPerSecond: Math.round(report.inputs / report.seconds),
        findings: report.kept,
      });
    });
  });
}

async function run(): Promise<Record<string, unknown>> {
  rmSync(findingsRoot, { recursive: true, force: true });
  console.log(`   ${FUZZ_TARGETS.length} targets × ${RUNS} inputs, ${JOBS} at a time, seed ${SEED}`);
  const queue = [...FUZZ_TARGETS];
  const results: TargetResult[] = [];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = await runTarget(next.name, next.decoders);
      results.push(result);
      console.log(
        `   ${result.target.padEnd(16)} ${String(result.inputs).padStart(9)} inputs  crashes ${result.crashes}  hangs ${result.hangs} (slow once ${result.slowOnce})  untyped throws ${result.untypedThrows}  slowest ${result.slowestMs} ms  ${result.inputsPerSecond}/s` +
          (result.crash === undefined ? '' : `  (${result.crash})`),
      );
      for (const finding of result.findings)
        console.log(`      ${finding.kind}: ${finding.file} ${finding.error ?? ''}`);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  results.sort(
    (a, b) => FUZZ_TARGETS.findIndex((t) => t.name === a.target) - FUZZ_TARGETS.findIndex((t) => t.name === b.target),
  );
  const totals = {
    targets: results.length,
    inputs: results.reduce((sum, r) => sum + r.inputs, 0),
    crashes: results.reduce((sum, r) => sum + r.crashes, 0),
    hangs: results.reduce((sum, r) => sum + r.hangs, 0),
    untypedThrows: results.reduce((sum, r) => sum + r.untypedThrows, 0),
  };
  console.log(
    `   total: ${totals.targets} targets, ${totals.inputs} inputs, crashes ${totals.crashes}, hangs ${totals.hangs}, untyped throws ${totals.untypedThrows}`,
  );
  const goalMet = totals.crashes === 0 && totals.hangs === 0 && totals.untypedThrows === 0;
  return {
    engine: 'fast-check mutation fuzzing seeded from test/corpus (Jazzer.js 4.0.0 native addon needs glibc 2.38)',
    runsPerTarget: RUNS,
    seed: SEED,
    hangThresholdMs: 100,
    goalMet,
    totals,
    targets: results,
  };
}

const benchmark: Benchmark = {
  description: `coverage-free mutation fuzzing of every peer-bytes decoder, ${RUNS} inputs per target: crashes, hangs (> 100 ms), untyped throws`,
  run,
};
export default benchmark;
