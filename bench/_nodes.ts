/**
 * Shared parts of the benchmarks that run Burrow nodes (the nodes themselves: TorPeer in
 * test/shared/tor-peer.ts; friends: test/shared/befriend.ts with {@link BENCH_WAIT}): the
 * throwaway-profile KDF cost, the benchmarks' patience, and waiting for a node event. Not a
 * benchmark itself (bench/run.ts skips `_`).
 */
import type { NodeApi, NodeEvent } from '../src/node/api.js';
import type { NodeTiming } from '../src/app/index.js';
import type { ScryptParams } from '../src/store/index.js';
import { until } from '../test/shared/until.js';
import { STEP_TIMEOUT_MS } from './_tor-bench.js';

/** The benchmarks' throwaway profiles use a cheap KDF: opening profiles is not what is measured. */
export const BENCH_KDF: ScryptParams = { logN: 10, r: 8, p: 1 };

/** Redials within seconds: a fresh or restarted onion service takes a moment to be reachable. */
export const BENCH_TIMING: Partial<NodeTiming> = { reconnectBaseDelayMs: 300, reconnectMaxDelayMs: 2_000 };

/** How often a benchmark's wait looks (what a benchmark times is stamped by node events, not by these waits). */
export const BENCH_POLL_MS = 20;
/** The benchmarks' patience, for test/shared/befriend.ts. */
export const BENCH_WAIT = { timeoutMs: STEP_TIMEOUT_MS, pollMs: BENCH_POLL_MS } as const;

/** Polls `condition` until it holds, or fails after the step timeout. */
export function untilStep(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  return until(condition, what, STEP_TIMEOUT_MS, BENCH_POLL_MS);
}

/** Resolves with the first event `accept` picks (anything but undefined), or rejects after the step timeout. */
export function nextEvent<T>(
  node: Pick<NodeApi, 'subscribe'>,
  accept: (event: NodeEvent) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching event within ${STEP_TIMEOUT_MS / 1000} s`));
    }, STEP_TIMEOUT_MS);
    const unsubscribe = node.subscribe((event) => {
      const picked = accept(event);
      if (picked === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(picked);
    });
  });
}
