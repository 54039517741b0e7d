/**
 * A stalled source is shown stalled within seconds (source-state.ts `stalledAt`), long before
 * its requests are re-planned at STALL_TIMEOUT_MS, and the figures the progress line shows
 * (rate, ETA) come from a moving window. Time is the scheduler's `now` argument: no clock runs.
 */
import { describe, expect, it } from 'vitest';
import {
  DownloadScheduler,
  INITIAL_RTT_MS,
  STALL_BACKOFF_MS,
  STALL_SHOWN_MIN_MS,
  STALL_TIMEOUT_MS,
} from '../../../src/files/index.js';
import { RATE_WINDOW_MS } from '../../../src/files/rate-meter.js';
import { formatTransfer } from '../../../src/files/ctl/format.js';
import { incomingView, type LiveDownload } from '../../../src/files/feature/views.js';
import type { DownloadSource } from '../../../src/files/active-download.js';
import type { StoredManifest } from '../../../src/files/store/files-repository.js';

const CHUNK = 100_000;

/** A scheduler with one source 'a' that has every chunk, its first requests out at time 0. */
function oneSource(): { s: DownloadScheduler; requestIds: number[] } {
  const s = new DownloadScheduler({ fileSize: 40 * CHUNK, chunkSize: CHUNK });
  s.setSource('a', 'all', 0);
  const requestIds = s.plan(0).requests.flatMap((request) => request.entries.map((entry) => entry.requestId));
  return { s, requestIds };
}

describe('a source shown stalled', () => {
  it('is stalled once nothing arrives for a few round trips, within seconds, and again fine when a byte comes', () => {
    const { s, requestIds } = oneSource();
    s.blockReceived('a', requestIds[0]!, 1_000, CHUNK / 2);
    const limit = Math.max(STALL_SHOWN_MIN_MS, 4 * INITIAL_RTT_MS);
    expect(limit).toBeLessThan(STALL_TIMEOUT_MS / 5);
    expect(s.sourceStats('a', 1_000 + limit - 1)!.stalled).toBe(false);
    expect(s.sourceStats('a', 1_000 + limit)!.stalled).toBe(true);
    // Its requests are still out there: the download has not given up on it yet.
    expect(s.sourceStats('a', 1_000 + limit)!.outstanding).toBe(requestIds.length);
    s.blockReceived('a', requestIds[0]!, 1_000 + limit + 10, CHUNK / 2);
    expect(s.sourceStats('a', 1_000 + limit + 10)!.stalled).toBe(false);
  });

  it('stays stalled while it rests after a real stall, and is not stalled when nothing is asked of it', () => {
    const { s, requestIds } = oneSource();
    s.blockReceived('a', requestIds[0]!, 0, CHUNK / 2);
    s.tick(STALL_TIMEOUT_MS);
    expect(s.sourceStats('a', STALL_TIMEOUT_MS)).toMatchObject({ outstanding: 0, stalled: true });
    expect(s.sourceStats('a', STALL_TIMEOUT_MS + STALL_BACKOFF_MS)!.stalled).toBe(false);
    // A source with nothing outstanding (nothing left to ask of it) is idle, not stalled.
    const idle = new DownloadScheduler({ fileSize: CHUNK, chunkSize: CHUNK });
    idle.setSource('b', 'none', 0);
    expect(idle.sourceStats('b', 60_000)!.stalled).toBe(false);
  });

  it('waits longer on a slow path: a few blocks at its measured speed', () => {
    const s = new DownloadScheduler({ fileSize: 40 * CHUNK, chunkSize: CHUNK });
    s.setSource('a', 'all', 0);
    // Slow: 10 kB/s, so one 64 KiB block takes over 6 s. Whole chunks arrive, so the speed is measured.
    let now = 0;
    for (let round = 0; round < 4; round++) {
      for (const request of s.plan(now).requests)
        for (const { requestId } of request.entries) {
          for (let block = 0; block < 10; block++) s.blockReceived('a', requestId, (now += 1_000), CHUNK / 10);
          s.chunkVerified('a', requestId, now);
        }
    }
    s.plan(now);
    expect(s.sourceStats('a', now)!.outstanding).toBeGreaterThan(0);
    expect(s.sourceStats('a', now + STALL_SHOWN_MIN_MS)!.stalled).toBe(false);
    expect(s.sourceStats('a', now + STALL_TIMEOUT_MS - 1)!.stalled).toBe(true);
  });

  it('shows a rate over a moving window, which falls to 0 once the source stops', () => {
    const { s, requestIds } = oneSource();
    for (let t = 0; t < 10_000; t += 100) s.blockReceived('a', requestIds[0]!, t, 1_000);
    // 10 kB/s, give or take a bucket of the meter.
    expect(s.sourceStats('a', 9_950)!.rate).toBeGreaterThan(8_000);
    expect(s.sourceStats('a', 9_950)!.rate).toBeLessThan(13_000);
    expect(s.sourceStats('a', 10_000 + RATE_WINDOW_MS + 1_000)!.rate).toBe(0);
  });
});

describe('the transfer view of a stalled download', () => {
  const manifest = {
    fileId: new Uint8Array(32).fill(3),
    name: 'film.mkv',
    size: 10 * CHUNK,
    createdAt: 1,
  } as unknown as StoredManifest;
  const source = (id: string, stalled: boolean): DownloadSource =>
    ({ id, bytes: CHUNK, throughput: 1000, rate: stalled ? 0 : 1000, stalled }) as DownloadSource;
  const view = (sources: DownloadSource[], rate: number) => {
    const live: LiveDownload = { bytesDone: 2 * CHUNK, rate, sources, folder: '/tmp' };
    const download = { state: 'active', bytesDone: 2 * CHUNK, updatedAt: 2 } as never;
    return incomingView({ manifest, offers: [], download, live, note: undefined });
  };

  it('says stalled, with no time left, when every source is stalled; names the stalled one otherwise', () => {
    const stalled = view([source('a', true)], 500);
    expect(stalled).toMatchObject({ state: 'downloading', stalled: true, sources: [{ onion: 'a', stalled: true }] });
    expect(stalled.etaSeconds).toBeUndefined();
    expect(formatTransfer(stalled)).toContain('stalled');

    const half = view([source('a', true), source('b', false)], 1000);
    expect(half).toMatchObject({ stalled: false, etaSeconds: 800 });
    expect(formatTransfer(half)).toContain('from 2 sources (1 stalled)');
  });
});
