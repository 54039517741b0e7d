/**
 * `npm run bench -- tor-faults`: how fast Burrow heals when its tor dies (SIGKILL) or hangs
 * (SIGSTOP), against a cold start measured in the same run, on a private Tor network.
 *
 * Ada and Bob are friends; Bob stays up on the shared client tor. Rounds alternate:
 *
 * - cold: Ada is off; the clock starts as her fresh tor is launched and her node started on it,
 *   and stops when both see each other online;
 * - kill: Ada's tor is SIGKILLed; from the kill until both see each other online again (tor is
 *   relaunched with backoff, the onion published again, the session redialed);
 * - hang: Ada's tor is SIGSTOPped; the same, through the liveness check that notices a tor that
 *   stops answering its control port (default timing: asked every 2 s, two 4 s timeouts).
 *
 * Ratios: kill ÷ cold and hang ÷ cold, medians over rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { befriend } from '../test/shared/befriend.js';
import { launchTestnetTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import { BENCH_KDF, BENCH_TIMING, BENCH_WAIT, untilStep } from './_nodes.js';
import { loadAverage, round, withBenchNetwork } from './_tor-bench.js';
import { percentile, type Benchmark } from './benchmark.js';

const ROUNDS = 3;

async function bothOnline(a: TorPeer, b: TorPeer): Promise<boolean> {
  return (await a.isOnlineWith(b)) && (await b.isOnlineWith(a));
}

/** ms from `fault` (after it returns) until Ada and Bob see each other online again, having seen the session go. */
async function healAfter(ada: TorPeer, bob: TorPeer, fault: () => void): Promise<number> {
  const began = performance.now();
  fault();
  await untilStep(async () => !(await bob.isOnlineWith(ada)) || !(await ada.isOnlineWith(bob)), 'the session goes');
  await untilStep(() => bothOnline(ada, bob), 'Ada and Bob online again');
  return performance.now() - began;
}

const benchmark: Benchmark = {
  description: 'friends reconnected after Burrow’s tor is killed or hangs ÷ a cold start (private Tor network)',
  run: () =>
    withBenchNetwork('tor-faults', 1, async (info, [shared]) => {
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-tor-faults-'));
      const peers: TorPeer[] = [];
      try {
        const loadBefore = loadAverage();
        const newPeer = async (name: string): Promise<TorPeer> =>
          TorPeer.create({
            name,
            dir: join(root, name),
            tor: name === 'bob' ? shared! : await launchTestnetTor({ testnetDir: info.dir }),
            kdf: BENCH_KDF,
            node: { timing: BENCH_TIMING },
          });
        const bob = await newPeer('bob');
        const ada = await newPeer('ada');
        peers.push(bob, ada);
        await befriend(ada, bob, BENCH_WAIT);

        const cold: number[] = [];
        const kill: number[] = [];
        const hang: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          await ada.stop();
          await ada.tor.stop();
          await untilStep(async () => !(await bob.isOnlineWith(ada)), 'Bob sees Ada go');
          const began = performance.now();
          ada.tor = await launchTestnetTor({ testnetDir: info.dir });
          await ada.start();
          await untilStep(() => bothOnline(ada, bob), 'Ada and Bob online after a cold start');
          cold.push(performance.now() - began);

          kill.push(await healAfter(ada, bob, () => process.kill(ada.tor.tor.pid!, 'SIGKILL')));
          const hungPid = ada.tor.tor.pid!;
          // The liveness check SIGKILLs the stopped tor: nothing is left to continue.
          hang.push(await healAfter(ada, bob, () => process.kill(hungPid, 'SIGSTOP')));
          console.log(
            `   round ${i + 1}: cold ${round(cold[i]! / 1000, 2)} s, after kill ${round(kill[i]! / 1000, 2)} s, after hang ${round(hang[i]! / 1000, 2)} s`,
          );
        }
        await ada.tor.stop();
        const median = (values: number[]): number => percentile(values, 50);
        const results = {
          rounds: ROUNDS,
          coldStartMs: round(median(cold), 0),
          afterKillMs: round(median(kill), 0),
          afterHangMs: round(median(hang), 0),
          killRatio: round(median(kill) / median(cold)),
          hangRatio: round(median(hang) / median(cold)),
          samples: {
            cold: cold.map((v) => round(v, 0)),
            kill: kill.map((v) => round(v, 0)),
            hang: hang.map((v) => round(v, 0)),
          },
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
        console.log(
          `   friends back after a tor kill ÷ cold start: ${results.killRatio} (median ${results.afterKillMs} ms vs ${results.coldStartMs} ms); after a hang: ${results.hangRatio} (${results.afterHangMs} ms); load ${loadBefore} → ${results.loadAverage.after}`,
        );
        return results;
      } finally {
        await Promise.all(peers.map((peer) => peer.stop().catch(() => undefined)));
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
