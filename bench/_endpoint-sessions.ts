/**
 * Session set-up over a friend's private endpoint and over their public address, and a
 * daemon's start with 20 friends against a bare tor publishing one service (for
 * bench/endpoints.ts). Not a benchmark itself (bench/run.ts skips `_`).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OnionAddress } from '../src/crypto/onion-address.js';
import { upgradeOutbound } from '../src/session/upgrade.js';
import { befriend } from '../test/shared/befriend.js';
import { launchTestnetTor, type TestTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import { BENCH_KDF, BENCH_TIMING, BENCH_WAIT, untilStep } from './_nodes.js';
import { dialRaw, startRawService, step, STEP_TIMEOUT_MS } from './_tor-bench.js';

export function startPeer(root: string, name: string, tor: TestTor): Promise<TorPeer> {
  return TorPeer.create({ name, dir: join(root, name), tor, kdf: BENCH_KDF, node: { timing: BENCH_TIMING } });
}

/** The endpoint `owner` gave `holder`, once they exchanged them. */
export const endpointOf = (holder: TorPeer, owner: TorPeer): OnionAddress | undefined =>
  holder.store.endpoints.get(owner.onion)?.theirs?.address;

/** Befriends `a` and `b` and waits until each holds the other's endpoint. */
export async function befriendWithEndpoints(a: TorPeer, b: TorPeer): Promise<void> {
  await befriend(a, b, BENCH_WAIT);
  await untilStep(() => endpointOf(a, b) !== undefined && endpointOf(b, a) !== undefined, 'endpoints exchanged');
}

/**
 * ms from dialing `address` (fresh circuits: a new isolation key) until the Burrow handshake as
 * `caller` to `callee` completed; the session is closed after.
 */
export async function timeSessionSetup(
  dialer: TestTor,
  caller: TorPeer,
  callee: TorPeer,
  address: OnionAddress,
  isolationKey: string,
): Promise<number> {
  const began = performance.now();
  const session = await step(
    `a session over ${address === callee.onion ? 'the public address' : 'the endpoint'}`,
    undefined,
    (async () => {
      const connection = await dialer.transport.dial(address, { isolationKey, timeoutMs: STEP_TIMEOUT_MS });
      return upgradeOutbound(connection, { identity: caller.identity, remote: callee.onion });
    })(),
  );
  const ms = performance.now() - began;
  await session.close();
  return ms;
}

/**
 * ms from launching a fresh tor for `peer` (stopped, its tor too) until it is online with its
 * first friend, and with every one of `friends`.
 */
export async function timeDaemonStart(
  peer: TorPeer,
  friends: readonly TorPeer[],
  testnetDir: string,
): Promise<{ firstMs: number; allMs: number }> {
  const began = performance.now();
  peer.tor = await launchTestnetTor({ testnetDir });
  await peer.start();
  let firstMs: number | undefined;
  await untilStep(async () => {
    const online = (await peer.node.contacts()).filter((contact) => contact.online).length;
    if (online > 0) firstMs ??= performance.now() - began;
    return online >= friends.length;
  }, `${peer.name} online with ${friends.length} friends`);
  return { firstMs: firstMs!, allMs: performance.now() - began };
}

/** ms from launching a bare tor until it published one ADD_ONION service and `dialer` connected to it. */
export async function timeBareTor(dialer: TestTor, testnetDir: string, isolation: string): Promise<number> {
  const began = performance.now();
  const tor = await launchTestnetTor({ testnetDir });
  try {
    const raw = await startRawService(tor);
    const stream = await step('a bare service: dial', undefined, dialRaw(dialer, raw.address, isolation));
    const ms = performance.now() - began;
    stream.destroy();
    await raw.stop();
    return ms;
  } finally {
    await tor.stop();
  }
}
