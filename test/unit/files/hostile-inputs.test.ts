// noble's habit (docs/ARCHITECTURE.md "Conventions"): a table of hostile values thrown at every public API of the
// module. Each must fail with InvalidArgumentError (a caller bug, clearly named), never with a
// TypeError from deep inside or, worse, by doing something.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Bitfield,
  ChunkAssembler,
  chooseChunkSize,
  decideOffer,
  DownloadScheduler,
  FairQueue,
  Manifest,
  manifestRootHash,
  safeFileName,
} from '../../../src/files/index.js';
import { encodeFileMessageBody, encodeManifestRecord, type FileMessage } from '../../../src/protocol/files/index.js';
import { patternBytes } from '../../shared/bytes.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { manifestOf } from './helpers.js';

afterEach(removeTempDirs);
import { errorNamed } from '../../shared/errors.js';

const HOSTILE: unknown[] = [
  NaN,
  Infinity,
  -1,
  1.5,
  2 ** 53,
  '3',
  3n,
  null,
  undefined,
  {},
  [],
  { length: 32 },
  [1, 2, 3],
  new Uint16Array(16),
  Symbol('x'),
];

/** Calls `call` with each hostile value (but those in `allowed`, which mean "not given"). */
function refusesAll(call: (value: unknown) => unknown, allowed: unknown[] = []): void {
  const label = call
    .toString()
    .replace(/\s+/g, ' ')
    .replace(/__vite_ssr_import_\d+__\./g, '')
    .slice(0, 120);
  for (const value of HOSTILE.filter((v) => !allowed.includes(v))) {
    let thrown: unknown;
    try {
      call(value);
    } catch (error) {
      thrown = error;
    }
    expect(
      thrown,
      `${label} for ${String(typeof value === 'symbol' ? 'symbol' : JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))}`,
    ).toEqual(errorNamed('InvalidArgumentError'));
  }
}

describe('hostile arguments', () => {
  it('Bitfield', () => {
    refusesAll((v) => new Bitfield(v as number));
    refusesAll((v) => new Bitfield(8).set(v as number));
    refusesAll((v) => Bitfield.fromBytes(v as Uint8Array, 8));
  });

  it('manifests and codecs', async () => {
    const { manifest } = await manifestOf(patternBytes(100));
    refusesAll((v) => manifest.chunkLength(v as number));
    refusesAll((v) => manifest.chunkHash(v as number));
    refusesAll((v) => manifest.verifyChunk(0, v as Uint8Array));
    refusesAll((v) => Manifest.check(v as Manifest));
    refusesAll((v) => Manifest.check({ ...manifest, rootHash: v as Uint8Array }));
    refusesAll((v) => manifestRootHash({ ...manifest.header, size: v as number }, manifest.chunkHashes));
    refusesAll((v) => encodeManifestRecord({ ...manifest, chunkHashes: v as Uint8Array }));
    refusesAll((v) => chooseChunkSize(v as number));
    const fileId = manifest.fileId;
    const messages: ((v: unknown) => FileMessage)[] = [
      (v) => v as FileMessage,
      (v) => ({ kind: 'file-accept', fileId: v as Uint8Array }),
      (v) => ({ kind: 'file-cancel', fileId, scope: v as never }),
      (v) => ({ kind: 'file-cancel', fileId, scope: { kind: 'requests', requestIds: [v as number] } }),
      (v) => ({ kind: 'hash-request', fileId, piece: v as number }),
      (v) => ({ kind: 'hash-piece', fileId, piece: 0, hashes: v as Uint8Array }),
      (v) => ({ kind: 'chunk-request', fileId, entries: v as never }),
      (v) => ({ kind: 'chunk-request', fileId, entries: [{ index: v as number, requestId: 1 }] }),
      (v) => ({ kind: 'chunk-data', fileId, requestId: 1, index: 0, block: v as number, data: new Uint8Array(1) }),
      (v) => ({ kind: 'chunk-data', fileId, requestId: 1, index: 0, block: 0, data: v as Uint8Array }),
      (v) => ({ kind: 'have', fileId, have: v as never }),
      (v) => ({ kind: 'have', fileId, have: { form: 'bitfield', bitfield: v as Bitfield } }),
      (v) => ({
        kind: 'file-offer',
        scope: v as never,
        fileId,
        header: manifest.header,
        firstHashes: manifest.chunkHashes,
      }),
      (v) => ({
        kind: 'file-offer',
        scope: { kind: 'direct' },
        fileId,
        header: manifest.header,
        firstHashes: v as Uint8Array,
      }),
    ];
    for (const make of messages) refusesAll((v) => encodeFileMessageBody(make(v)));
    // '3' is a fine file name.
    refusesAll(
      (v) =>
        encodeFileMessageBody({
          kind: 'file-offer',
          scope: { kind: 'direct' },
          fileId,
          header: { ...manifest.header, name: v as string },
          firstHashes: manifest.chunkHashes,
        }),
      ['3'],
    );
    refusesAll((v) => new ChunkAssembler(manifest).expect(v as number, 0));
    refusesAll((v) => new ChunkAssembler(manifest).expect(1, v as number));
  });

  it('the scheduler, the queue and the offer decision', () => {
    refusesAll((v) => new DownloadScheduler({ fileSize: v as number, chunkSize: 10 }));
    refusesAll((v) => new DownloadScheduler({ fileSize: 10, chunkSize: v as number }));
    refusesAll((v) => new DownloadScheduler({ fileSize: 10, chunkSize: 10, startIndex: v as number }));
    refusesAll((v) => new DownloadScheduler({ fileSize: 10, chunkSize: 10, done: v as Bitfield }), [undefined]);
    const scheduler = new DownloadScheduler({ fileSize: 100, chunkSize: 10 });
    scheduler.setSource('a', 'none', 0);
    refusesAll((v) => scheduler.setSource('a', v as 'all', 0));
    refusesAll((v) => scheduler.addHave('a', [v as number]));
    refusesAll((v) => scheduler.chunkLost(v as number));
    refusesAll((v) => new FairQueue().push(1, { lane: v as 'bulk' }));
    refusesAll((v) =>
      decideOffer({ name: 'f', size: 1, chunkSize: 65_280 }, { autoAcceptBelowBytes: v as number, maxSizeBytes: 10 }),
    );
  });

  it('safeFileName turns anything into a usable name instead of throwing', () => {
    for (const value of HOSTILE) expect(safeFileName(value as string).length).toBeGreaterThan(0);
  });
});
