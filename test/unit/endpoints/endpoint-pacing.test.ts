/**
 * Endpoints go up a batch at a time (node/endpoint-listeners.ts, docs/PROTOCOL.md §8): a hundred
 * at once stalled tor for up to 19 s. A newer sync (a friend removed) does not wait for the
 * batches of an older one, and what it removes is never published.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { OwnEndpoint } from '../../../src/node/endpoint-book.js';
import { EndpointListeners } from '../../../src/node/endpoint-listeners.js';
import type { Listener, Transport } from '../../../src/transport/transport.js';

afterEach(() => vi.useRealTimers());

/** A transport that only records which services were published and unpublished. */
function recordingTransport(): { transport: Transport; published: Set<OnionAddress>; everPublished: OnionAddress[] } {
  const published = new Set<OnionAddress>();
  const everPublished: OnionAddress[] = [];
  const transport = {
    listen: (identity: { onionAddress: OnionAddress }): Promise<Listener> => {
      published.add(identity.onionAddress);
      everPublished.push(identity.onionAddress);
      return Promise.resolve({
        address: identity.onionAddress,
        close: () => {
          published.delete(identity.onionAddress);
          return Promise.resolve();
        },
      });
    },
    authoriseClient: () => Promise.resolve(),
    revokeClient: () => Promise.resolve(),
  } as unknown as Transport;
  return { transport, published, everPublished };
}

const endpoints = (count: number): OwnEndpoint[] =>
  Array.from({ length: count }, () => ({
    friend: generateIdentity().onionAddress,
    service: generateIdentity(),
    clientPublicKey: new Uint8Array(32).fill(9),
  }));

describe('endpoint publishing', () => {
  it('publishes ten at once, then ten more every five seconds', async () => {
    vi.useFakeTimers();
    const { transport, published } = recordingTransport();
    const listeners = new EndpointListeners(transport, () => undefined, new AbortController().signal);
    const done = listeners.sync(endpoints(25), [], new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(published.size).toBe(10);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(published.size).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    expect(published.size).toBe(20);
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(published.size).toBe(25);
    expect(listeners.published).toBe(25);
  });

  it('keeps the pace across syncs in quick succession', async () => {
    vi.useFakeTimers();
    const { transport, published } = recordingTransport();
    const listeners = new EndpointListeners(transport, () => undefined, new AbortController().signal);
    const first = endpoints(10);
    await listeners.sync(first, [], new AbortController().signal);
    expect(published.size).toBe(10);
    // A friend added a second later: their endpoint waits for the pause, not published at once.
    await vi.advanceTimersByTimeAsync(1_000);
    const second = listeners.sync([...first, ...endpoints(1)], [], new AbortController().signal);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(published.size).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(published.size).toBe(11);
  });

  it('lets a newer sync take over at the next pause: what it removed is never published', async () => {
    vi.useFakeTimers();
    const { transport, published, everPublished } = recordingTransport();
    const listeners = new EndpointListeners(transport, () => undefined, new AbortController().signal);
    const all = endpoints(30);
    const older = listeners.sync(all, [], new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(published.size).toBe(10);
    // The friends of the last ten are removed while the older sync waits to publish them.
    const kept = all.slice(0, 20);
    const newer = listeners.sync(kept, [], new AbortController().signal);
    await vi.advanceTimersByTimeAsync(5_000);
    await older;
    await vi.advanceTimersByTimeAsync(0);
    await newer;
    expect(published).toEqual(new Set(kept.map((endpoint) => endpoint.service.onionAddress)));
    const removed = new Set(all.slice(20).map((endpoint) => endpoint.service.onionAddress));
    expect(everPublished.filter((address) => removed.has(address))).toEqual([]);
  });

  it('stops publishing when the node stops', async () => {
    vi.useFakeTimers();
    const { transport, published } = recordingTransport();
    const stop = new AbortController();
    const listeners = new EndpointListeners(transport, () => undefined, stop.signal);
    const done = listeners.sync(endpoints(30), [], stop.signal);
    await vi.advanceTimersByTimeAsync(0);
    stop.abort();
    await done;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(published.size).toBe(10);
  });
});
