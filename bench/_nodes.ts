/**
 * Shared parts of the benchmarks that run Burrow nodes: throwaway-profile KDF cost, waiting for
 * a node event, and making two nodes friends. Not a benchmark itself (bench/run.ts skips `_`).
 */
import type { NodeEvent, NodeApi } from '../src/node/api.js';
import type { ScryptParams } from '../src/store/index.js';
import { STEP_TIMEOUT_MS } from './_tor-bench.js';

/** The benchmarks' throwaway profiles use a cheap KDF: opening profiles is not what is measured. */
export const BENCH_KDF: ScryptParams = { logN: 10, r: 8, p: 1 };

/** Resolves with the first event `accept` picks (anything but undefined), or rejects after the step timeout. */
export function nextEvent<T>(node: Pick<NodeApi, 'subscribe'>, accept: (event: NodeEvent) => T | undefined): Promise<T> {
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

/** A node and its onion address. */
export interface BenchPeer {
  readonly node: NodeApi;
  readonly onion: string;
}

/** `sender` asks `receiver`, who accepts; resolves once `sender` sees `receiver` online. */
export async function befriend(sender: BenchPeer, receiver: BenchPeer): Promise<void> {
  const requested = nextEvent(receiver.node, (event) =>
    event.type === 'contact' && event.contact.onion === sender.onion && event.contact.state === 'incoming-request' ? true : undefined,
  );
  await sender.node.addContact(receiver.onion, 'benchmark');
  await requested;
  const online = nextEvent(sender.node, (event) => (event.type === 'presence' && event.onion === receiver.onion && event.online ? true : undefined));
  await receiver.node.acceptContact(sender.onion);
  await online;
}
