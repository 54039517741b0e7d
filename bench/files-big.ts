/**
 * `npm run bench -- files-big [--size-mib=N]`: one big file 1:1 between two `burrow daemon`
 * processes (each with its own tor) on a private Tor network, to see that memory stays flat
 * whatever the file size and that a resume fetches only what was missing:
 *
 * - Ada offers a sparse file of N MiB (default {@link DEFAULT_SIZE_MIB}; `--size-mib=2048` for
 *   2 GiB), Bob accepts; both daemons' resident memory is sampled every {@link SAMPLE_MS} and
 *   read from /proc/PID/status VmHWM (the kernel's own peak) before each exits.
 * - Once Bob holds half the file, his daemon is killed (SIGKILL) and started again; the
 *   download resumes from his last checkpoint. Re-fetch fraction: chunk bytes Ada sent after
 *   she saw Bob go offline ÷ the bytes Bob was missing when he came back (1.0 = nothing
 *   fetched twice).
 * - Rate: the file's size over the time from the accept to the file complete, minus the time
 *   Bob was down (from the kill to his daemon ready again), beside the rate before the kill.
 *
 * The load average is printed: the machine's other work moves the rate, not the memory.
 */
import { closeSync, mkdirSync, openSync, readFileSync, statSync, ftruncateSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ContactView } from '../src/node/api.js';
import type { TransferView } from '../src/files/feature/api.js';
import { createProfile } from '../src/store/profile.js';
import { ctlJson, startDaemon, type RunningDaemon } from '../test/shared/burrow-cli.js';
import { loadAverage, MB, round, step, withBenchNetwork } from './_tor-bench.js';
import { BENCH_KDF } from './_nodes.js';
import type { Benchmark } from './benchmark.js';

/** The default file size; `--size-mib=2048` runs the 2 GiB case (about ten minutes at 3–4 MB/s). */
const DEFAULT_SIZE_MIB = 256;
/** How often resident memory is sampled. */
const SAMPLE_MS = 250;
/** Poll interval for the transfer's progress. */
const POLL_MS = 500;
/** The most the whole transfer may take. */
const TRANSFER_TIMEOUT_MS = 60 * 60_000;
const PASSPHRASE = 'files-big bench passphrase';

function sizeMib(): number {
  const flag = process.argv.find((arg) => arg.startsWith('--size-mib='));
  const value = flag === undefined ? DEFAULT_SIZE_MIB : Number(flag.slice('--size-mib='.length));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--size-mib must be a whole number of MiB, got ${flag}`);
  return value;
}

/** A kB figure from /proc/PID/status (VmRSS, VmHWM), in bytes; undefined once the process is gone. */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(`${field}:`));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** The peak resident memory of the processes it watches, by name. */
class RssWatch {
  readonly peaks = new Map<string, number>();
  readonly #watched = new Map<string, number>();
  readonly #timer = setInterval(() => this.sample(), SAMPLE_MS);

  watch(name: string, pid: number): void {
    this.#watched.set(name, pid);
  }

  /** Reads every watched process now (its current and its peak resident memory). */
  sample(): void {
    for (const [name, pid] of this.#watched) {
      const seen = Math.max(procStatus(pid, 'VmRSS') ?? 0, procStatus(pid, 'VmHWM') ?? 0);
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, seen));
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

interface Daemon {
  readonly name: string;
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;
  running?: RunningDaemon;
}

async function newDaemon(dir: string, name: string, maxSizeBytes: number): Promise<Daemon> {
  const profile = join(dir, name);
  const store = await createProfile(profile, PASSPHRASE, { displayName: name, kdf: BENCH_KDF });
  store.preferences.set('files.maxSizeBytes', maxSizeBytes);
  store.close();
  return { name, profile, env: { BURROW_PASSPHRASE: PASSPHRASE } };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const files = async (daemon: Daemon): Promise<TransferView[]> =>
  (await ctlJson(daemon.profile, ['files'])) as TransferView[];
const transferOf = async (daemon: Daemon, id: string, direction: 'in' | 'out'): Promise<TransferView | undefined> =>
  (await files(daemon)).find((view) => view.id === id && view.direction === direction);

const benchmark: Benchmark = {
  description: `one big file (default ${DEFAULT_SIZE_MIB} MiB, --size-mib=2048 for 2 GiB) 1:1 between two daemons over Tor: peak RSS of both, rate, and the re-fetch after the receiver is killed halfway`,
  run: () =>
    withBenchNetwork('files-big', 0, async (info) => {
      const size = sizeMib() * MB;
      const dir = await mkdtemp(join(tmpdir(), 'burrow-bench-files-big-'));
      const rss = new RssWatch();
      const torFlags = ['--testnet', info.dir];
      const [ada, bob] = await Promise.all([newDaemon(dir, 'ada', size), newDaemon(dir, 'bob', size)]);
      const start = async (daemon: Daemon): Promise<void> => {
        daemon.running = await startDaemon(daemon.profile, daemon.env, { torFlags, timeoutMs: 180_000 });
        rss.watch(`${daemon.name}#${daemon.running.child.pid}`, daemon.running.child.pid!);
      };
      try {
        await step('daemons start', undefined, Promise.all([start(ada), start(bob)]));
        const bobOnion = bob.running!.onion;
        const adaOnion = ada.running!.onion;
        await ctlJson(ada.profile, ['add', bobOnion, 'big file coming']);
        await until(
          'bob gets the request',
          async () =>
            ((await ctlJson(bob.profile, ['requests'])) as ContactView[]).some((r) => r.onion === adaOnion) ||
            undefined,
        );
        await ctlJson(bob.profile, ['accept', adaOnion]);
        await until('ada sees bob online', async () =>
          ((await ctlJson(ada.profile, ['contacts'])) as ContactView[]).some((c) => c.onion === bobOnion && c.online)
            ? true
            : undefined,
        );

        const source = join(dir, 'sources', 'big.bin');
        mkdirSync(join(dir, 'sources'), { recursive: true });
        const fd = openSync(source, 'w');
        ftruncateSync(fd, size); // sparse: the bytes are zeros the disk does not hold
        closeSync(fd);
        const downloads = join(dir, 'bob-downloads');
        mkdirSync(downloads, { recursive: true });
        const offered = (await ctlJson(ada.profile, ['send-file', bobOnion, source])) as TransferView;
        await until('the offer reaches bob', async () =>
          (await transferOf(bob, offered.id, 'in'))?.state === 'offered' ? true : undefined,
        );
        const loadBefore = loadAverage();
        const acceptedAt = performance.now();
        await ctlJson(bob.profile, ['accept-file', offered.id.slice(0, 12), downloads]);

        const half = await until(
          'bob holds half the file',
          async () => {
            const view = await transferOf(bob, offered.id, 'in');
            return (view?.bytesDone ?? 0) >= size / 2 ? view : undefined;
          },
          TRANSFER_TIMEOUT_MS,
        );
        const killedAt = performance.now();
        const firstHalfMBps = half.bytesDone / MB / ((killedAt - acceptedAt) / 1000);
        rss.sample();
        await bob.running!.kill();
        // Once Ada counts Bob offline, his old sessions are closed: nothing more is sent on them.
        await until('ada sees bob offline', async () =>
          ((await ctlJson(ada.profile, ['contacts'])) as ContactView[]).some((c) => c.onion === bobOnion && !c.online)
            ? true
            : undefined,
        );
        const adaSentAtRestart = (await transferOf(ada, offered.id, 'out'))?.bytesDone ?? 0;
        await start(bob);
        const backAt = performance.now();
        const bobHeldAtRestart = (await transferOf(bob, offered.id, 'in'))?.bytesDone ?? 0;
        console.log(
          `   bob killed at ${(half.bytesDone / MB).toFixed(0)} MiB (${firstHalfMBps.toFixed(2)} MB/s so far); back after ${((backAt - killedAt) / 1000).toFixed(1)} s holding ${(bobHeldAtRestart / MB).toFixed(0)} MiB`,
        );

        const done = await until(
          'bob’s download completes',
          async () => {
            const view = await transferOf(bob, offered.id, 'in');
            return view?.state === 'complete' ? view : undefined;
          },
          TRANSFER_TIMEOUT_MS,
        );
        const completeAt = performance.now();
        rss.sample();
        const adaSentAtEnd = (await transferOf(ada, offered.id, 'out'))?.bytesDone ?? 0;
        const missing = size - bobHeldAtRestart;
        const refetched = adaSentAtEnd - adaSentAtRestart;
        const received = statSync(done.path!).size;
        if (received !== size) throw new Error(`bob's file is ${received} bytes, not ${size}`);
        const activeSeconds = (completeAt - acceptedAt - (backAt - killedAt)) / 1000;
        const peakOf = (name: string): number =>
          Math.max(0, ...[...rss.peaks].filter(([key]) => key.startsWith(`${name}#`)).map(([, bytes]) => bytes));
        const results = {
          fileBytes: size,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays; each daemon runs its own tor`,
          peakRssMB: { ada: round(peakOf('ada') / MB, 1), bob: round(peakOf('bob') / MB, 1) },
          peakRssByProcessMB: Object.fromEntries([...rss.peaks].map(([name, bytes]) => [name, round(bytes / MB, 1)])),
          rateMBps: { overall: round(size / MB / activeSeconds), beforeKill: round(firstHalfMBps) },
          transferSeconds: round(activeSeconds, 1),
          resume: {
            bobHeldAtKillBytes: half.bytesDone,
            bobHeldAtRestartBytes: bobHeldAtRestart,
            missingBytes: missing,
            refetchedBytes: refetched,
            refetchFraction: round(refetched / missing, 4),
            downSeconds: round((backAt - killedAt) / 1000, 1),
          },
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
        console.log(
          `   ${(size / MB).toFixed(0)} MiB in ${activeSeconds.toFixed(0)} s (${results.rateMBps.overall} MB/s, ${results.rateMBps.beforeKill} before the kill); peak RSS ada ${results.peakRssMB.ada} MB, bob ${results.peakRssMB.bob} MB`,
        );
        console.log(
          `   resume: missing ${(missing / MB).toFixed(1)} MiB, re-fetched ${(refetched / MB).toFixed(1)} MiB (fraction ${results.resume.refetchFraction}); load average ${loadBefore} → ${loadAverage()}`,
        );
        return results;
      } finally {
        rss.stop();
        for (const daemon of [ada, bob]) await daemon.running?.stop().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
