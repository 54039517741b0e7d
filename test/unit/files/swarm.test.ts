// Downloads in a simulated swarm (swarm-sim.ts: simulated clock, real codecs, real engine).
// Times below are simulated milliseconds, exact and repeatable: no test here waits on a clock.
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_BYTES, MIN_CHUNK_SIZE } from '../../../src/protocol/files/index.js';
import { STALL_TIMEOUT_MS } from '../../../src/files/index.js';
import { patternBytes } from '../../shared/bytes.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { manifestOf } from './helpers.js';
import { simulate } from './swarm-sim.js';

afterEach(removeTempDirs);

const LATENCY = 250; // one way: a 0.5 s round trip, typical of onion circuits

describe('a swarm of three friends with different speeds', () => {
  it('completes the file from all three and takes most of it from the fastest', async () => {
    const file = patternBytes(48 * MIN_CHUNK_SIZE - 1000, 3);
    const { manifest } = await manifestOf(file);
    const result = simulate(manifest, file, [
      { id: 'slow', bytesPerMs: 20, latencyMs: LATENCY },
      { id: 'medium', bytesPerMs: 80, latencyMs: LATENCY },
      { id: 'fast', bytesPerMs: 320, latencyMs: LATENCY },
    ]);
    expect(result.finishedAt).toBeDefined();
    expect(Buffer.from(result.bytes).equals(file)).toBe(true);
    const { slow = 0, medium = 0, fast = 0 } = result.delivered;
    expect(slow + medium + fast).toBe(manifest.chunkCount);
    expect(fast).toBeGreaterThan(manifest.chunkCount / 2);
    expect(fast).toBeGreaterThan(medium);
    expect(medium).toBeGreaterThanOrEqual(slow);
    expect(result.engine.sourceStats('fast', 0)!.throughput!).toBeGreaterThan(
      result.engine.sourceStats('slow', 0)!.throughput!,
    );
  });
});

describe('a corrupted chunk', () => {
  it('is refused, fetched again from an honest friend, and the liar is banned', async () => {
    const file = patternBytes(24 * MIN_CHUNK_SIZE, 4);
    const { manifest } = await manifestOf(file);
    const result = simulate(manifest, file, [
      { id: 'liar', bytesPerMs: 320, latencyMs: LATENCY, corrupt: true },
      { id: 'honest', bytesPerMs: 80, latencyMs: LATENCY },
      { id: 'slow', bytesPerMs: 20, latencyMs: LATENCY },
    ]);
    expect(Buffer.from(result.bytes).equals(file)).toBe(true);
    expect(result.delivered['liar']).toBeUndefined();
    expect(result.rejected['liar']).toBe(2);
    expect(result.engine.sourceStats('liar', 0)).toMatchObject({ banned: true, mismatches: 2 });
    // Once banned, its outstanding requests were cancelled.
    expect(result.cancelled['liar']).toBeGreaterThan(0);
  });
});

describe('a source that disappears', () => {
  it('has its requests re-planned at the others when its session closes', async () => {
    const file = patternBytes(32 * MIN_CHUNK_SIZE, 5);
    const { manifest } = await manifestOf(file);
    const result = simulate(manifest, file, [
      { id: 'fast', bytesPerMs: 320, latencyMs: LATENCY, leaveAt: 2_000 },
      { id: 'medium', bytesPerMs: 80, latencyMs: LATENCY },
      { id: 'partial', bytesPerMs: 80, latencyMs: LATENCY, have: [...Array(16).keys()] },
    ]);
    expect(Buffer.from(result.bytes).equals(file)).toBe(true);
    expect(result.delivered['fast']).toBeGreaterThan(0);
    expect(result.delivered['fast']).toBeLessThan(manifest.chunkCount);
    expect(result.engine.sourceStats('fast', 0)).toBeUndefined();
  });

  it('is noticed as stalled when it stops sending mid-chunk but stays connected', async () => {
    // Two-block chunks, so the silence starts in the middle of one; the steady friend is slow
    // enough that endgame would not reach the silent friend's chunks before the stall timeout.
    const file = patternBytes(24 * 2 * BLOCK_BYTES, 6);
    const { manifest } = await manifestOf(file, 'two-block.bin', 2 * BLOCK_BYTES);
    const silentFrom = 1_000;
    const result = simulate(manifest, file, [
      { id: 'quits', bytesPerMs: 320, latencyMs: LATENCY, silentFrom },
      { id: 'steady', bytesPerMs: 40, latencyMs: LATENCY },
    ]);
    expect(Buffer.from(result.bytes).equals(file)).toBe(true);
    expect(result.engine.sourceStats('quits', 0)!.stalls).toBeGreaterThan(0);
    expect(result.cancelled['quits']).toBeGreaterThan(0);
    expect(result.finishedAt!).toBeGreaterThan(silentFrom + STALL_TIMEOUT_MS);
    // The half-received chunk's buffer was freed.
    expect(result.engine.bufferedBytes).toBe(0);
  });
});

describe('endgame', () => {
  it('does not wait for a slow friend holding the last chunks: the fast one fetches them too', async () => {
    const file = patternBytes(8 * MIN_CHUNK_SIZE, 8);
    const { manifest } = await manifestOf(file);
    // The slow friend needs ~13 s per chunk; the fast one the whole file in ~2 s.
    const slowChunkMs = MIN_CHUNK_SIZE / 5;
    const result = simulate(manifest, file, [
      { id: 'crawl', bytesPerMs: 5, latencyMs: LATENCY },
      { id: 'fast', bytesPerMs: 320, latencyMs: LATENCY },
    ]);
    expect(Buffer.from(result.bytes).equals(file)).toBe(true);
    expect(result.finishedAt!).toBeLessThan(slowChunkMs);
    // The crawl's chunks were duplicated to the fast friend and then cancelled at the crawl.
    expect((result.requested['crawl'] ?? 0) + (result.requested['fast'] ?? 0)).toBeGreaterThan(manifest.chunkCount);
    expect(result.cancelled['crawl']).toBeGreaterThan(0);
  });
});

describe('pipelining', () => {
  it('keeps a long round trip full instead of waiting one round trip per chunk', async () => {
    const chunks = 40;
    const file = patternBytes(chunks * MIN_CHUNK_SIZE, 10);
    const { manifest } = await manifestOf(file);
    const bytesPerMs = 1_000;
    const latencyMs = 500;
    const result = simulate(manifest, file, [{ id: 'only', bytesPerMs, latencyMs }]);
    expect(Buffer.from(result.bytes).equals(file)).toBe(true);
    // Stop-and-wait (one chunk per round trip, Ricochet-style) would take this long:
    const stopAndWait = chunks * (2 * latencyMs + MIN_CHUNK_SIZE / bytesPerMs);
    const lineRate = (chunks * MIN_CHUNK_SIZE) / bytesPerMs + 2 * latencyMs;
    expect(result.finishedAt!).toBeLessThan(stopAndWait / 4);
    expect(result.finishedAt!).toBeLessThan(lineRate * 1.5);
  });
});
