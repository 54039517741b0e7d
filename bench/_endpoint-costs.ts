/**
 * What publishing private endpoints costs tor (for bench/endpoints.ts): N client-authorised
 * onion services put on a fresh client tor through Burrow's own code path (node/endpoint-listeners.ts
 * over a TorTransport, keys from contacts/endpoint-keys.ts for N generated friends, as the
 * daemon has them), with tor's HS_DESC events counted on the control port:
 *
 * - start-up: from the sync that publishes them until tor reported every endpoint's first
 *   descriptor uploaded (HS_DESC UPLOADED: from then on the friend's tor can find it);
 * - uploads: HS_DESC UPLOAD events (one per descriptor sent to one HSDir) during the initial
 *   publication (until {@link SETTLE_MS} after the last first upload) and during a steady window
 *   after it, which is extrapolated to an hour;
 * - control-port stalls: the slowest answer to `GETINFO version` while they are published (what
 *   the daemon's tor liveness check, tor-liveness.ts, would see);
 * - bytes: the size of each endpoint's descriptor as tor holds it (GETINFO hs/service/desc/id),
 *   times the uploads (the HTTP and TLS framing around each upload is not counted).
 *
 * Not a benchmark itself (bench/run.ts skips `_`).
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { deriveEndpointKeys } from '../src/contacts/endpoint-keys.js';
import { generateIdentity } from '../src/crypto/identity.js';
import type { OwnEndpoint } from '../src/node/endpoint-book.js';
import { EndpointListeners } from '../src/node/endpoint-listeners.js';
import type { ControlEvent } from '../src/transport/tor/control/reply.js';
import { TorTransport } from '../src/transport/tor/tor-transport.js';
import type { TestTor } from '../test/shared/testnet-tor.js';
import { until } from '../test/shared/until.js';
import { BENCH_POLL_MS } from './_nodes.js';

/** How long the endpoints get to be out; those that are not by then are counted as such. */
export const PUBLISH_LIMIT_MS = 180_000;

/** After the last endpoint's first upload, tor keeps uploading to the remaining HSDirs (and the next period's descriptor) for a moment. */
export const SETTLE_MS = 20_000;

/** How often the control port is asked `GETINFO version` while endpoints are published (the daemon's liveness check asks every 2 s and gives up after 4 s, twice). */
export const STALL_PROBE_MS = 250;

/** Asks `GETINFO version` every {@link STALL_PROBE_MS}, one at a time, until stopped; the slowest answer in ms. */
function probeControlStalls(tor: TestTor): { stop(): Promise<number> } {
  let stopped = false;
  let slowest = 0;
  const probing = (async () => {
    while (!stopped) {
      const asked = performance.now();
      await tor.tor.control.getInfo(['version'], { timeoutMs: 300_000 }).catch(() => undefined);
      slowest = Math.max(slowest, performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, STALL_PROBE_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await probing;
      return slowest;
    },
  };
}

/** What {@link measureEndpointCosts} found for one N. */
export interface EndpointCost {
  readonly endpoints: number;
  /** Endpoints whose first descriptor was out (HS_DESC UPLOADED) within {@link PUBLISH_LIMIT_MS}. */
  readonly out: number;
  /** From the publishing sync until every endpoint's first HS_DESC UPLOADED (undefined when not all were out in time). */
  readonly startupMs: number | undefined;
  /** The same until half of them were out. */
  readonly halfOutMs: number | undefined;
  /** The longest tor took to answer GETINFO version (asked every {@link STALL_PROBE_MS}) while publishing. */
  readonly controlStallMs: number;
  /** With a window: HS_DESC UPLOAD events from the sync until {@link SETTLE_MS} after the last first upload. */
  readonly initialUploads?: number;
  /** The same, that tor reported UPLOADED (the HSDir took it). */
  readonly initialUploaded?: number;
  /** Median bytes of one endpoint's descriptor as tor holds it. */
  readonly descriptorBytes?: number;
  /** HS_DESC UPLOAD events in the steady window after the initial publication. */
  readonly windowUploads?: number;
  readonly windowSeconds?: number;
}

/** N endpoints, one for each of N generated friends, derived as the daemon derives them. */
export function generatedEndpoints(count: number): OwnEndpoint[] {
  const us = generateIdentity();
  return Array.from({ length: count }, () => {
    const friend = generateIdentity().onionAddress;
    const keys = deriveEndpointKeys(us.seed, friend, randomBytes(16));
    return { friend, service: keys.service, clientPublicKey: keys.client.publicKey };
  });
}

/** Counts HS_DESC events of `tor` by action (UPLOAD, UPLOADED, …), and each service's first UPLOADED. */
class DescriptorEvents {
  readonly uploads: number[] = [];
  readonly uploaded: number[] = [];
  readonly firstUploaded = new Map<string, number>();
  readonly #off: () => void;

  constructor(tor: TestTor) {
    this.#off = tor.tor.control.onEvent('HS_DESC', (event: ControlEvent) => {
      const [action, address] = event.body.split(' ');
      const at = performance.now();
      if (action === 'UPLOAD') this.uploads.push(at);
      if (action === 'UPLOADED' && address !== undefined) {
        this.uploaded.push(at);
        if (!this.firstUploaded.has(address)) this.firstUploaded.set(address, at);
      }
    });
  }

  between(times: readonly number[], from: number, to: number): number {
    return times.filter((at) => at >= from && at < to).length;
  }

  stop(): void {
    this.#off();
  }
}

async function descriptorBytes(tor: TestTor, address: string): Promise<number> {
  const key = `hs/service/desc/id/${address}`;
  const text = (await tor.tor.control.getInfo([key])).get(key) ?? '';
  return Buffer.byteLength(text);
}

/**
 * Publishes `count` endpoints on `tor` (a fresh client tor, nothing published on it yet) and
 * measures them; with `windowMs`, also counts the uploads of a steady window after the initial
 * publication. Everything is unpublished before it returns.
 */
export async function measureEndpointCosts(tor: TestTor, count: number, windowMs?: number): Promise<EndpointCost> {
  const events = new DescriptorEvents(tor);
  await tor.tor.control.subscriptionsReady();
  const transport = new TorTransport({ tor: tor.tor });
  const publishing = new AbortController();
  setMaxListeners(0, publishing.signal); // one listener per endpoint being published, as in the host
  const listeners = new EndpointListeners(transport, (connection) => connection.destroy(), publishing.signal);
  const own = generatedEndpoints(count);
  const addresses = own.map((endpoint) => endpoint.service.onionAddress);
  const stalls = probeControlStalls(tor);
  try {
    const began = performance.now();
    await listeners.sync(own, [], publishing.signal);
    if (listeners.published !== count) throw new Error(`${listeners.published} of ${count} endpoints published`);
    const outAt = (): number[] =>
      addresses.flatMap((address) => {
        const at = events.firstUploaded.get(address);
        return at === undefined ? [] : [at - began];
      });
    await until(() => outAt().length === count, 'descriptors out', PUBLISH_LIMIT_MS, BENCH_POLL_MS).catch(
      () => undefined,
    );
    const out = outAt().sort((a, b) => a - b);
    const controlStallMs = await stalls.stop();
    const measured = {
      endpoints: count,
      out: out.length,
      startupMs: out.length === count ? out.at(-1)! : undefined,
      halfOutMs: out[Math.ceil(count / 2) - 1],
      controlStallMs,
    };
    if (windowMs === undefined || out.length === 0) return measured;
    const settled = began + (out.at(-1) ?? 0) + SETTLE_MS;
    await new Promise((resolve) => setTimeout(resolve, settled - performance.now()));
    const sizes = await Promise.all(
      addresses
        .filter((address) => events.firstUploaded.has(address))
        .slice(0, 10)
        .map((address) => descriptorBytes(tor, address)),
    );
    sizes.sort((a, b) => a - b);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    return {
      ...measured,
      initialUploads: events.between(events.uploads, began, settled),
      initialUploaded: events.between(events.uploaded, began, settled),
      descriptorBytes: sizes[Math.floor(sizes.length / 2)]!,
      windowUploads: events.between(events.uploads, settled, settled + windowMs),
      windowSeconds: windowMs / 1000,
    };
  } finally {
    await stalls.stop();
    events.stop();
    publishing.abort();
    await listeners.close();
    await transport.close();
  }
}
