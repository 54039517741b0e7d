// A discrete-event simulation of one download from several friends, on a simulated clock
// (no real time passes, so results are exact and repeatable). Each source serves its queue of
// requested chunks one block at a time at its own bandwidth, with a one-way latency on every
// message; every message goes through the real wire codecs. The downloader is a
// DownloadEngine; verified chunks are "written" into memory.
import { chunkDataMessages } from '../../../src/files/chunk-blocks.js';
import { DownloadEngine } from '../../../src/files/download-engine.js';
import type { Manifest } from '../../../src/files/manifest.js';
import {
  Bitfield,
  decodeFileMessageBody,
  encodeFileMessageBody,
  type FileMessage,
  type HaveSet,
} from '../../../src/protocol/files/index.js';

/** One simulated friend serving the file. */
export interface SimSourceSpec {
  readonly id: string;
  /** Upload bandwidth, bytes per simulated ms. */
  readonly bytesPerMs: number;
  /** One-way latency of every message, ms. */
  readonly latencyMs: number;
  /** From `at` on, the one-way latency is `latencyMs` instead (a circuit that slows down under load). */
  readonly latencyFrom?: { readonly at: number; readonly latencyMs: number };
  /** Chunks it holds (default all). */
  readonly have?: readonly number[];
  /** Flips a byte in every chunk it sends (a lying or broken peer). */
  readonly corrupt?: boolean;
  /** From this time on it sends nothing more (it stays connected: a sender that stops mid-chunk). */
  readonly silentFrom?: number;
  /** At this time its session closes (the node then removes it from the download). */
  readonly leaveAt?: number;
}

/** What happened. */
export interface SimResult {
  /** Simulated ms at which the last chunk verified, or undefined if it never did. */
  readonly finishedAt: number | undefined;
  /** The downloaded file. */
  readonly bytes: Uint8Array;
  /** Verified chunks per source. */
  readonly delivered: Record<string, number>;
  /** Chunk-request entries each source received. */
  readonly requested: Record<string, number>;
  /** Request ids each source was told to cancel. */
  readonly cancelled: Record<string, number>;
  /** Chunks rejected (bad hash or bad data) per source. */
  readonly rejected: Record<string, number>;
  /** Simulated ms at which each chunk verified, in order. */
  readonly verifiedAt: readonly number[];
  readonly engine: DownloadEngine;
}

interface Job {
  readonly requestId: number;
  readonly index: number;
  blocks: FileMessage[];
}

interface SourceRuntime {
  readonly spec: SimSourceSpec;
  readonly queue: Job[];
  current: Job | undefined;
  sending: boolean;
  gone: boolean;
}

const TICK_MS = 1_000;

export function simulate(
  manifest: Manifest,
  file: Uint8Array,
  specs: readonly SimSourceSpec[],
  options: { limitMs?: number; startIndex?: number } = {},
): SimResult {
  const limit = options.limitMs ?? 600_000;
  const engine = new DownloadEngine({ manifest, startIndex: options.startIndex ?? 0 });
  const out = new Uint8Array(file.length);
  const events: { time: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  let now = 0;
  let finishedAt: number | undefined;
  const count = (record: Record<string, number>, key: string, n = 1): void => {
    record[key] = (record[key] ?? 0) + n;
  };
  const delivered: Record<string, number> = {};
  const requested: Record<string, number> = {};
  const cancelled: Record<string, number> = {};
  const rejected: Record<string, number> = {};
  const verifiedAt: number[] = [];
  const latency = (spec: SimSourceSpec): number =>
    spec.latencyFrom !== undefined && now >= spec.latencyFrom.at ? spec.latencyFrom.latencyMs : spec.latencyMs;
  const sources = new Map<string, SourceRuntime>(
    specs.map((spec) => [spec.id, { spec, queue: [], current: undefined, sending: false, gone: false }]),
  );

  const at = (time: number, run: () => void): void => {
    events.push({ time, seq: seq++, run });
    events.sort((a, b) => a.time - b.time || a.seq - b.seq);
  };
  // Every message crosses the wire codec, as it would in a session.
  const wire = (message: FileMessage): FileMessage =>
    decodeFileMessageBody(message.kind, encodeFileMessageBody(message));

  const silent = (source: SourceRuntime): boolean =>
    source.gone || (source.spec.silentFrom !== undefined && now >= source.spec.silentFrom);

  const sendNextBlock = (source: SourceRuntime): void => {
    if (silent(source)) {
      source.sending = false;
      return;
    }
    while (source.current === undefined || source.current.blocks.length === 0) {
      const job = source.queue.shift();
      if (job === undefined) {
        source.current = undefined;
        source.sending = false;
        return;
      }
      const start = manifest.chunkOffset(job.index);
      const chunk = Uint8Array.from(file.subarray(start, start + manifest.chunkLength(job.index)));
      if (source.spec.corrupt === true) chunk[0] = chunk[0]! ^ 0xff;
      job.blocks = chunkDataMessages(manifest.fileId, job.requestId, job.index, chunk).map((body) => ({
        kind: 'chunk-data',
        ...body,
      }));
      source.current = job;
    }
    source.sending = true;
    const block = source.current.blocks.shift()!;
    const sendMs = (block as Extract<FileMessage, { kind: 'chunk-data' }>).data.length / source.spec.bytesPerMs;
    at(now + sendMs + latency(source.spec), () => toDownloader(source, block));
    at(now + sendMs, () => sendNextBlock(source));
  };

  const toSource = (id: string, message: FileMessage): void => {
    const source = sources.get(id)!;
    at(now + latency(source.spec), () => {
      if (source.gone) return;
      const received = wire(message);
      if (received.kind === 'chunk-request') {
        count(requested, id, received.entries.length);
        for (const entry of received.entries)
          source.queue.push({ requestId: entry.requestId, index: entry.index, blocks: [] });
        if (!source.sending) sendNextBlock(source);
      } else if (received.kind === 'file-cancel' && received.scope.kind === 'requests') {
        const ids = new Set(received.scope.requestIds);
        count(cancelled, id, ids.size);
        source.queue.splice(0, source.queue.length, ...source.queue.filter((job) => !ids.has(job.requestId)));
        if (source.current !== undefined && ids.has(source.current.requestId)) source.current.blocks = [];
      }
    });
  };

  const dispatch = (): void => {
    for (const message of engine.plan(now)) toSource(message.to, message.message);
  };

  const toDownloader = (source: SourceRuntime, message: FileMessage): void => {
    if (source.gone || finishedAt !== undefined) return;
    const received = wire(message);
    if (received.kind !== 'chunk-data') return;
    const outcome = engine.receiveBlock(source.spec.id, received, now);
    if (outcome.kind === 'chunk') {
      out.set(outcome.bytes, manifest.chunkOffset(outcome.index));
      count(delivered, source.spec.id);
      verifiedAt.push(now);
      if (engine.isComplete) finishedAt = now;
    } else if (outcome.kind === 'rejected') {
      count(rejected, source.spec.id);
    }
    dispatch();
  };

  const tick = (): void => {
    if (finishedAt !== undefined) return;
    engine.tick(now);
    dispatch();
    at(now + TICK_MS, tick);
  };

  for (const source of sources.values()) {
    const spec = source.spec;
    const have: HaveSet =
      spec.have === undefined
        ? { form: 'all' }
        : { form: 'bitfield', bitfield: bitfieldOf(manifest.chunkCount, spec.have) };
    engine.sourceHave(spec.id, have, 0);
    if (spec.leaveAt !== undefined) {
      at(spec.leaveAt, () => {
        source.gone = true;
        engine.removeSource(spec.id);
        dispatch();
      });
    }
  }
  dispatch();
  at(TICK_MS, tick);

  while (events.length > 0 && finishedAt === undefined) {
    const event = events.shift()!;
    if (event.time > limit) break;
    now = event.time;
    event.run();
  }
  return { finishedAt, bytes: out, delivered, requested, cancelled, rejected, verifiedAt, engine };
}

function bitfieldOf(length: number, indices: readonly number[]): Bitfield {
  const field = new Bitfield(length);
  for (const index of indices) field.set(index);
  return field;
}
