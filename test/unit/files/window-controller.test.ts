// The request window (window-controller.ts): alone with hand-made arrivals, then driving a whole
// download over a simulated link (swarm-sim.ts: simulated clock, real codecs, real engine), where
// "fills the path" means the second half of the file arrived at ≥ 90 % of the link's bandwidth.
// Times are simulated milliseconds, exact and repeatable: no test here waits on a clock.
import { afterEach, describe, expect, it } from 'vitest';
import { INITIAL_WINDOW, MAX_WINDOW, MIN_WINDOW, STEADY_GAIN } from '../../../src/files/transfer-limits.js';
import { WindowController } from '../../../src/files/window-controller.js';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { patternBytes } from '../../shared/bytes.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { manifestOf } from './helpers.js';
import { simulate, type SimResult, type SimSourceSpec } from './swarm-sim.js';

afterEach(removeTempDirs);

const CHUNK = DEFAULT_CHUNK_SIZE;

describe('the window controller', () => {
  it('starts at the initial window and takes a round trip only from a request the source waited for', () => {
    const flow = new WindowController(CHUNK);
    expect(flow.window).toBe(INITIAL_WINDOW);
    const first = flow.sent(CHUNK, 0);
    const second = flow.sent(CHUNK, 0);
    expect(flow.outstandingBytes).toBe(2 * CHUNK);
    // Nothing was ahead of the first: its latency is the round trip.
    flow.received(first, CHUNK, 200);
    flow.completed(first, 200);
    expect(flow.rttMs).toBe(200);
    // The second follows right behind the first (the stream stayed busy): no sample.
    flow.received(second, CHUNK, 201);
    flow.completed(second, 201);
    expect(flow.rttMs).toBe(200);
    expect(flow.outstandingBytes).toBe(0);
  });

  it('learns a longer round trip when the stream runs dry before a request’s first byte', () => {
    const flow = new WindowController(CHUNK);
    const first = flow.sent(CHUNK, 0);
    flow.received(first, CHUNK, 50);
    flow.completed(first, 50);
    expect(flow.rttMs).toBe(50);
    // Sent while the first was in flight, answered after a long silence: the path got slower.
    const busy = flow.sent(CHUNK, 10);
    const behind = flow.sent(CHUNK, 40);
    flow.received(busy, CHUNK, 400);
    flow.completed(busy, 400);
    flow.received(behind, CHUNK, 700);
    // min(50, 390, 660): one fresh sample does not erase the old one at once …
    expect(flow.rttMs).toBe(50);
    // … but a run of them does (the window of samples moves on).
    let now = 700;
    for (let i = 0; i < 8; i++) {
      const ticket = flow.sent(CHUNK, now);
      now += 400;
      flow.received(ticket, CHUNK, now);
      flow.completed(ticket, now);
    }
    expect(flow.rttMs).toBe(400);
  });

  it('takes no round trip from a request delayed by the queue ahead of it, jitter or not', () => {
    const flow = new WindowController(CHUNK);
    // Forty requests sent at once on a 100 ms path; answers come every 50 ms, each after a
    // 50 ms silence (Tor's bursts, a busy machine). Only requests that waited a good part of
    // their latency in silence count, so the later ones (queued for seconds) give no sample.
    const tickets = Array.from({ length: 40 }, () => flow.sent(CHUNK, 0));
    tickets.forEach((ticket, i) => {
      const now = 100 + 50 * i;
      flow.received(ticket, CHUNK, now);
      flow.completed(ticket, now);
    });
    expect(flow.rttMs).toBe(100);
  });

  it('grows to the bandwidth-delay product and stays within its bounds', () => {
    // 1 s round trip, then a chunk every ms: far more than MAX_WINDOW chunks in flight.
    const fast = new WindowController(CHUNK);
    const tickets = Array.from({ length: 200 }, () => fast.sent(CHUNK, 0));
    tickets.forEach((ticket, i) => {
      fast.received(ticket, CHUNK, 1000 + i);
      fast.completed(ticket, 1000 + i);
    });
    expect(fast.window).toBe(MAX_WINDOW);
    // A quarter chunk (a file's short last chunk) per 100 s: less than a chunk in flight.
    const slow = new WindowController(CHUNK);
    const only = slow.sent(CHUNK / 4, 0);
    slow.received(only, CHUNK / 4, 100_000);
    slow.completed(only, 100_000);
    expect(slow.window).toBe(MIN_WINDOW);
  });

  it('drops to the steady gain once the bandwidth stops growing, and starts over after a stall', () => {
    // A 100 ms path that delivers a chunk every 10 ms, whatever the window: full from the start.
    const flow = new WindowController(CHUNK);
    const windowAt = (gain: number): number => Math.ceil((gain * (CHUNK / 10) * 100) / CHUNK) + 1;
    let now = 0;
    const tickets = Array.from({ length: 10 }, () => flow.sent(CHUNK, now));
    for (let i = 0; i < 100; i++) {
      now = 100 + 10 * i;
      flow.received(tickets[i]!, CHUNK, now);
      flow.completed(tickets[i]!, now);
      tickets.push(flow.sent(CHUNK, now));
      // Still measuring a rising rate after one round trip: start-up gain.
      if (i === 10) expect(flow.pathFull).toBe(false);
    }
    expect(flow.pathFull).toBe(true);
    expect(flow.window).toBe(windowAt(STEADY_GAIN));
    flow.reset();
    expect(flow.pathFull).toBe(false);
  });

  it('stops counting a dropped request as outstanding', () => {
    const flow = new WindowController(CHUNK);
    const ticket = flow.sent(CHUNK, 0);
    flow.received(ticket, CHUNK / 4, 10);
    flow.dropped(ticket);
    expect(flow.outstandingBytes).toBe(0);
  });
});

/** Bytes per simulated ms over the second half of the chunks (the window has settled by then). */
function secondHalfRate(result: SimResult, chunks: number): number {
  const times = result.verifiedAt;
  const half = Math.floor(times.length / 2);
  return ((times.length - half) * (CHUNK * chunks)) / chunks / (times.at(-1)! - times[half - 1]!);
}

async function download(chunks: number, specs: SimSourceSpec[]): Promise<SimResult> {
  const file = patternBytes(chunks * CHUNK, 7);
  const { manifest } = await manifestOf(file, 'file.bin', CHUNK);
  const result = simulate(manifest, file, specs, { limitMs: 3_600_000 });
  expect(result.finishedAt).toBeDefined();
  expect(Buffer.from(result.bytes).equals(file)).toBe(true);
  return result;
}

describe('one source over a simulated link', () => {
  it('fills a 1 ms loopback path', async () => {
    const result = await download(64, [{ id: 'a', bytesPerMs: 20_000, latencyMs: 0.5 }]);
    expect(secondHalfRate(result, 64)).toBeGreaterThanOrEqual(0.9 * 20_000);
  });

  it('fills a 600 ms Tor path whose bandwidth-delay product is many chunks', async () => {
    const result = await download(160, [{ id: 'a', bytesPerMs: 5_000, latencyMs: 300 }]);
    expect(secondHalfRate(result, 160)).toBeGreaterThanOrEqual(0.9 * 5_000);
    // At least the path’s bandwidth-delay product, and little beyond it once full.
    const bdpChunks = (5_000 * 600) / CHUNK;
    expect(result.engine.sourceStats('a', 0)!.window).toBeGreaterThanOrEqual(Math.ceil(bdpChunks));
    expect(result.engine.sourceStats('a', 0)!.window).toBeLessThanOrEqual(Math.ceil(STEADY_GAIN * bdpChunks) + 2);
  });

  it('follows a round trip that grows mid-transfer (a circuit slowing down under load)', async () => {
    const result = await download(200, [
      { id: 'a', bytesPerMs: 5_000, latencyMs: 20, latencyFrom: { at: 2_000, latencyMs: 300 } },
    ]);
    expect(secondHalfRate(result, 200)).toBeGreaterThanOrEqual(0.9 * 5_000);
  });
});

describe('losing a source', () => {
  it('moves its requests to the one left, which then runs at its own line rate', async () => {
    const result = await download(160, [
      { id: 'leaving', bytesPerMs: 5_000, latencyMs: 100, leaveAt: 1_500 },
      { id: 'staying', bytesPerMs: 5_000, latencyMs: 300 },
    ]);
    expect(result.delivered.leaving).toBeGreaterThan(0);
    expect(result.delivered.staying).toBeGreaterThan(result.delivered.leaving!);
    expect(secondHalfRate(result, 160)).toBeGreaterThanOrEqual(0.9 * 5_000);
  });
});
