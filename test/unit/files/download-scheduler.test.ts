import { describe, expect, it } from 'vitest';
import {
  Bitfield,
  DownloadScheduler,
  ENDGAME_MAX_COPIES,
  INITIAL_WINDOW,
  MAX_HASH_MISMATCHES,
  MAX_WINDOW,
  MIN_WINDOW,
  STALL_BACKOFF_MS,
  STALL_TIMEOUT_MS,
  STEADY_GAIN,
  type SchedulerPlan,
} from '../../../src/files/index.js';

const CHUNK = 1000;

function scheduler(chunks: number, options: { startIndex?: number; done?: Bitfield } = {}): DownloadScheduler {
  return new DownloadScheduler({ fileSize: chunks * CHUNK, chunkSize: CHUNK, ...options });
}

function have(length: number, indices: number[]): Bitfield {
  const field = new Bitfield(length);
  for (const index of indices) field.set(index);
  return field;
}

/** Requested chunk indices per source. */
function requested(plan: SchedulerPlan): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const request of plan.requests) (out[request.source] ??= []).push(...request.entries.map((e) => e.index));
  return out;
}

function entriesOf(plan: SchedulerPlan, source: string): { index: number; requestId: number }[] {
  return plan.requests.filter((r) => r.source === source).flatMap((r) => [...r.entries]);
}

/** Delivers `entry` from `source` at `now` (one block, then verified). */
function deliver(s: DownloadScheduler, source: string, requestId: number, now: number): number | undefined {
  s.blockReceived(source, requestId, now, CHUNK);
  return s.chunkVerified(source, requestId, now);
}

describe('pipelining', () => {
  it('fills a new source’s initial window in order from the start index', () => {
    const s = scheduler(20, { startIndex: 18 });
    s.setSource('a', 'all', 0);
    expect(requested(s.plan(0))).toEqual({ a: [18, 19, 0, 1].slice(0, INITIAL_WINDOW) });
    // The window is full: nothing more until something completes.
    expect(s.plan(1).requests).toEqual([]);
  });

  it('grows the window to the bandwidth-delay product and keeps it within bounds', () => {
    const s = scheduler(400);
    s.setSource('a', 'all', 0);
    // A link with a 100 ms round trip that delivers one chunk per 10 ms: BDP = 10 chunks. Each
    // request is answered a round trip after it went out, or behind the chunk before it.
    let now = 0;
    let lastArrival = 0;
    const queue = entriesOf(s.plan(now), 'a').map((entry) => ({ entry, sentAt: now }));
    for (let i = 0; i < 80; i++) {
      const { entry, sentAt } = queue.shift()!;
      now = lastArrival = Math.max(sentAt + 100, lastArrival + 10);
      s.blockReceived('a', entry.requestId, now, CHUNK);
      s.chunkVerified('a', entry.requestId, now);
      queue.push(...entriesOf(s.plan(now), 'a').map((next) => ({ entry: next, sentAt: now })));
    }
    const stats = s.sourceStats('a', 0)!;
    expect(stats.rttMs).toBe(100);
    expect(stats.throughput).toBeCloseTo(CHUNK / 0.01, -2);
    // The path is full: the steady gain, a quarter beyond the BDP, plus one chunk.
    expect(stats.window).toBe(Math.ceil(STEADY_GAIN * 10) + 1);
    expect(stats.outstanding).toBe(stats.window);

    // (The cap at MAX_WINDOW is window-controller.test.ts's.)
    const slow = scheduler(10);
    slow.setSource('s', 'all', 0);
    const [only] = entriesOf(slow.plan(0), 's');
    slow.chunkVerified('s', only!.requestId, 100_000);
    expect(slow.sourceStats('s', 0)!.window).toBe(MIN_WINDOW);
  });

  it('never requests chunks it already has, and is complete when resumed with all of them', () => {
    const s = scheduler(6, { done: have(6, [0, 1, 3]) });
    s.setSource('a', 'all', 0);
    expect(requested(s.plan(0)).a!.sort()).toEqual([2, 4, 5]);
    const full = scheduler(3, { done: Bitfield.full(3) });
    full.setSource('a', 'all', 0);
    expect(full.isComplete).toBe(true);
    expect(full.plan(0).requests).toEqual([]);
    expect(scheduler(0).isComplete).toBe(true);
  });

  it('gives every request a distinct id and splits no plan entry list over MAX_WINDOW', () => {
    const s = scheduler(500);
    for (const id of ['a', 'b', 'c']) s.setSource(id, 'all', 0);
    const plan = s.plan(0);
    const ids = plan.requests.flatMap((r) => r.entries.map((e) => e.requestId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const request of plan.requests) expect(request.entries.length).toBeLessThanOrEqual(MAX_WINDOW);
  });
});

describe('choosing chunks and sources', () => {
  it('fetches the rarest chunks first', () => {
    const s = scheduler(10);
    s.setSource('a', 'all', 0);
    s.setSource('b', have(10, [0, 1, 2, 4, 5, 6, 7, 8, 9]), 0);
    s.setSource('c', have(10, [0, 1, 2, 4, 5, 6, 7, 8]), 0);
    // Chunk 3 only a has; 9 a and b have; the rest all three.
    expect(requested(s.plan(0)).a!.slice(0, 2)).toEqual([3, 9]);
  });

  it('lets the fastest measured source pick first', () => {
    const s = scheduler(100);
    s.setSource('slow', 'all', 0);
    s.setSource('fast', 'all', 0);
    const first = s.plan(0);
    // Make 'fast' measure faster than 'slow'.
    entriesOf(first, 'fast').forEach(({ requestId }, i) => deliver(s, 'fast', requestId, 100 + 10 * i));
    entriesOf(first, 'slow').forEach(({ requestId }, i) => deliver(s, 'slow', requestId, 1_000 * (i + 1)));
    const plan = s.plan(5_000);
    expect(plan.requests[0]!.source).toBe('fast');
    expect(entriesOf(plan, 'fast').length).toBeGreaterThan(entriesOf(plan, 'slow').length);
  });

  it('drops requests a source can no longer answer when its have shrinks', () => {
    const s = scheduler(4);
    s.setSource('a', 'all', 0);
    s.setSource('b', 'all', 0);
    const plan = s.plan(0);
    const aRequests = entriesOf(plan, 'a');
    s.setSource('a', 'none', 1);
    const next = s.plan(1);
    expect(next.cancels).toEqual([{ source: 'a', requestIds: aRequests.map((e) => e.requestId) }]);
    for (const e of aRequests) expect(s.isLive('a', e.requestId)).toBe(false);
    expect(s.sourceStats('a', 0)!.outstanding).toBe(0);
  });

  it('learns new chunks from index-list haves', () => {
    const s = scheduler(4);
    s.setSource('a', 'none', 0);
    expect(s.plan(0).requests).toEqual([]);
    s.addHave('a', [2]);
    expect(requested(s.plan(0))).toEqual({ a: [2] });
  });
});

describe('endgame', () => {
  it('duplicates the last chunks across sources and cancels the losers', () => {
    const s = scheduler(3);
    s.setSource('a', 'all', 0);
    const first = s.plan(0);
    expect(requested(first)).toEqual({ a: [0, 1, 2] });
    s.setSource('b', 'all', 10);
    const second = s.plan(10);
    // Nothing is left unrequested: b requests the same chunks.
    expect(requested(second).b!.sort()).toEqual([0, 1, 2]);
    // b answers chunk 1 first: a's copy is cancelled, and a's late data is not wanted.
    const bEntry = entriesOf(second, 'b').find((e) => e.index === 1)!;
    const aEntry = entriesOf(first, 'a').find((e) => e.index === 1)!;
    expect(deliver(s, 'b', bEntry.requestId, 20)).toBe(1);
    expect(s.plan(20).cancels).toEqual([{ source: 'a', requestIds: [aEntry.requestId] }]);
    expect(s.isLive('a', aEntry.requestId)).toBe(false);
    expect(s.chunkVerified('a', aEntry.requestId, 21)).toBeUndefined();
  });

  it('requests a chunk from at most ENDGAME_MAX_COPIES sources', () => {
    const s = scheduler(1);
    for (const id of ['a', 'b', 'c', 'd', 'e']) s.setSource(id, 'all', 0);
    const plan = s.plan(0);
    expect(plan.requests.length).toBe(ENDGAME_MAX_COPIES);
  });

  it('does not duplicate while some chunk is still unrequested', () => {
    const s = scheduler(10);
    s.setSource('a', 'all', 0);
    s.setSource('b', have(10, [0]), 0);
    const plan = s.plan(0);
    // b has only chunk 0 and a could take it: b takes it (rarest-first, b picks it first or a does).
    const all = Object.values(requested(plan)).flat();
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('faults', () => {
  it('re-fetches a chunk that failed its hash from another source, and bans a repeat liar', () => {
    const s = scheduler(8);
    s.setSource('liar', 'all', 0);
    s.setSource('honest', have(8, []), 0);
    const first = entriesOf(s.plan(0), 'liar');
    s.addHave('honest', [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.chunkMismatch('liar', first[0]!.requestId)).toBe(false);
    const retry = s.plan(1);
    // The bad chunk goes to honest, not back to the liar.
    expect(entriesOf(retry, 'honest').map((e) => e.index)).toContain(first[0]!.index);
    expect(entriesOf(retry, 'liar').map((e) => e.index)).not.toContain(first[0]!.index);
    // The second bad chunk bans it: its requests are cancelled and it gets no more.
    expect(s.chunkMismatch('liar', first[1]!.requestId)).toBe(MAX_HASH_MISMATCHES === 2);
    const after = s.plan(2);
    expect(after.cancels.find((c) => c.source === 'liar')!.requestIds.length).toBeGreaterThan(0);
    expect(entriesOf(after, 'liar')).toEqual([]);
    expect(s.sourceStats('liar', 0)).toMatchObject({ banned: true, mismatches: 2, outstanding: 0 });
    expect(s.plan(3).requests.filter((r) => r.source === 'liar')).toEqual([]);
    // Reconnecting does not clear the ban.
    s.removeSource('liar');
    s.setSource('liar', 'all', 4);
    expect(s.sourceStats('liar', 0)).toMatchObject({ banned: true, mismatches: 2 });
    expect(s.plan(4).requests.filter((r) => r.source === 'liar')).toEqual([]);
  });

  it('asks the same source again after one bad copy when nobody else has the chunk', () => {
    const s = scheduler(1);
    s.setSource('only', 'all', 0);
    const [entry] = entriesOf(s.plan(0), 'only');
    s.chunkMismatch('only', entry!.requestId);
    expect(requested(s.plan(1))).toEqual({ only: [0] });
  });

  it('re-plans the requests of a source that left, without cancelling at it', () => {
    const s = scheduler(8);
    s.setSource('a', 'all', 0);
    s.setSource('b', 'all', 0);
    const plan = s.plan(0);
    const aIndices = entriesOf(plan, 'a').map((e) => e.index);
    // b completes its chunks so its window has room, then a disappears.
    for (const { requestId } of entriesOf(plan, 'b')) deliver(s, 'b', requestId, 50);
    s.removeSource('a');
    const next = s.plan(60);
    expect(next.cancels).toEqual([]);
    expect(
      entriesOf(next, 'b')
        .map((e) => e.index)
        .sort(),
    ).toEqual(aIndices.sort());
    expect(s.sources).toEqual(['b']);
  });

  it('treats a source that goes silent mid-chunk as stalled: cancels, re-plans elsewhere, rests it', () => {
    const s = scheduler(8);
    s.setSource('quiet', 'all', 0);
    const stuck = entriesOf(s.plan(0), 'quiet');
    // One block of the first chunk, then nothing.
    s.blockReceived('quiet', stuck[0]!.requestId, 500, CHUNK / 2);
    s.setSource('other', have(8, []), 600);
    s.tick(500 + STALL_TIMEOUT_MS - 1);
    expect(s.sourceStats('quiet', 0)!.outstanding).toBe(stuck.length);
    s.tick(500 + STALL_TIMEOUT_MS);
    s.addHave('other', [...Array(8).keys()]);
    const now = 500 + STALL_TIMEOUT_MS;
    const plan = s.plan(now);
    expect(plan.cancels).toEqual([{ source: 'quiet', requestIds: stuck.map((e) => e.requestId) }]);
    expect(entriesOf(plan, 'quiet')).toEqual([]);
    expect(entriesOf(plan, 'other').map((e) => e.index)).toEqual(expect.arrayContaining(stuck.map((e) => e.index)));
    // After its back-off it is tried again, with the minimum window.
    const later = s.plan(now + STALL_BACKOFF_MS);
    expect(entriesOf(later, 'quiet').length).toBeLessThanOrEqual(MIN_WINDOW);
    expect(s.sourceStats('quiet', 0)!.window).toBe(MIN_WINDOW);
  });

  it('pauses (cancelling everything) and resumes; a lost chunk is fetched again', () => {
    const s = scheduler(4);
    s.setSource('a', 'all', 0);
    const plan = s.plan(0);
    const [first, ...rest] = entriesOf(plan, 'a');
    expect(deliver(s, 'a', first!.requestId, 10)).toBe(first!.index);
    s.pause();
    const paused = s.plan(11);
    expect(paused.requests).toEqual([]);
    expect(paused.cancels).toEqual([{ source: 'a', requestIds: rest.map((e) => e.requestId) }]);
    // The write of the verified chunk failed (disk full): it is needed again after resume.
    s.chunkLost(first!.index);
    expect(s.done.has(first!.index)).toBe(false);
    s.resume();
    // Every missing chunk, the lost one included, is requested again.
    const again = entriesOf(s.plan(12), 'a');
    for (const { requestId } of again) deliver(s, 'a', requestId, 20);
    const remaining = entriesOf(s.plan(20), 'a');
    expect([...again, ...remaining].map((e) => e.index).sort()).toEqual([0, 1, 2, 3]);
  });
});
