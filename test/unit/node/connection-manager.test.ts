import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { ConnectionManager } from '../../../src/node/connection-manager.js';

// Fake timers drive the scheduler: the test decides when time passes, so nothing depends on real timing.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const backoff = { baseDelayMs: 100, maxDelayMs: 1_000 };

function setup(outcome: () => Promise<void> = () => Promise.reject(new Error('offline'))) {
  const peer: OnionAddress = generateIdentity().onionAddress;
  const dials: number[] = [];
  let connected = false;
  const manager = new ConnectionManager({
    dial: () => {
      dials.push(Date.now());
      return outcome();
    },
    needsDial: () => !connected,
    backoff,
    random: () => 0.999,
  });
  return { peer, dials, manager, setConnected: (value: boolean) => (connected = value) };
}

describe('ConnectionManager', () => {
  it('dials at once, then backs off exponentially up to the maximum', async () => {
    const { peer, dials, manager } = setup();
    const start = Date.now();
    manager.want(peer);
    await vi.advanceTimersByTimeAsync(10_000);
    const gaps = dials.map((at, i) => at - (i === 0 ? start : dials[i - 1]!));
    expect(gaps.slice(0, 6)).toEqual([0, 100, 200, 400, 800, 1_000]);
    expect(gaps.slice(6).every((gap) => gap === 1_000)).toBe(true);
    await manager.stop();
  });

  it('does not dial a peer that needs no dial, and a dial in progress is not doubled', async () => {
    let release!: () => void;
    const { peer, dials, manager, setConnected } = setup(() => new Promise<void>((resolve) => (release = resolve)));
    manager.want(peer);
    manager.want(peer);
    expect(dials).toHaveLength(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    setConnected(true);
    manager.want(peer);
    manager.lost(peer);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(dials).toHaveLength(1);
    await manager.stop();
  });

  it('a healthy session resets the backoff; lost() redials after it', async () => {
    let failures = 3;
    const { peer, dials, manager } = setup(() =>
      failures-- > 0 ? Promise.reject(new Error('offline')) : Promise.resolve(),
    );
    manager.want(peer);
    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    expect(dials).toHaveLength(4);
    expect(manager.isPending(peer)).toBe(false);
    // The fourth dial connected and the friend talked: healthy. Then the session drops.
    manager.succeeded(peer);
    const lostAt = Date.now();
    manager.lost(peer);
    await vi.advanceTimersByTimeAsync(100);
    expect(dials.at(-1)! - lostAt).toBe(100);
    // Without a healthy session in between, the next loss waits longer.
    const lostAgainAt = Date.now();
    manager.lost(peer);
    await vi.advanceTimersByTimeAsync(200);
    expect(dials.at(-1)! - lostAgainAt).toBe(200);
    await manager.stop();
  });

  it('forget cancels a scheduled redial and aborts a running dial', async () => {
    let signalSeen: AbortSignal | undefined;
    const peer: OnionAddress = generateIdentity().onionAddress;
    const manager = new ConnectionManager({
      dial: (_peer, signal) => {
        signalSeen = signal;
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
      needsDial: () => true,
      backoff,
      random: () => 0,
    });
    manager.want(peer);
    manager.forget(peer);
    expect(signalSeen?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(manager.isPending(peer)).toBe(false);
    await manager.stop();
  });

  it('retryNow dials waiting peers at once; stop ends everything', async () => {
    const { peer, dials, manager } = setup();
    manager.want(peer);
    await vi.advanceTimersByTimeAsync(0);
    expect(manager.isPending(peer)).toBe(true);
    manager.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(dials).toHaveLength(2);
    await manager.stop();
    manager.want(peer);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(dials).toHaveLength(2);
  });
});

describe('ConnectionManager memory', () => {
  it('keeps no state for peers that need no dial (strangers whose sessions ended)', async () => {
    const manager = new ConnectionManager({
      dial: () => Promise.resolve(),
      needsDial: () => false,
      backoff,
      random: () => 0,
    });
    for (let i = 0; i < 50; i++) manager.lost(generateIdentity().onionAddress);
    manager.want(generateIdentity().onionAddress);
    expect(manager.trackedPeers).toBe(0);
    await manager.stop();
  });
});
