import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { PeerOutbox } from '../../../src/files/peer-outbox.js';
import { RateMeter, RATE_WINDOW_MS } from '../../../src/files/rate-meter.js';
import type { FileMessage } from '../../../src/protocol/files/index.js';
import { BLOCK_BYTES } from '../../../src/protocol/files/file-wire-limits.js';
import type { ProfileStore } from '../../../src/store/profile-store.js';
import { newProfile } from '../../shared/profiles.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { until } from '../../shared/until.js';

afterEach(() => removeTempDirs());

describe('RateMeter', () => {
  it('averages over the window, from the first byte while the window is not full', () => {
    const meter = new RateMeter();
    expect(meter.rate(1_000)).toBe(0);
    meter.add(1000, 10_000);
    expect(meter.rate(10_000)).toBe(1000);
    meter.add(1000, 11_000);
    expect(meter.rate(12_000)).toBe(1000);
    expect(meter.rate(10_000 + RATE_WINDOW_MS + 2_000)).toBe(0);
  });
});

describe('PeerOutbox', () => {
  const fileId = new Uint8Array(32).fill(1);

  /** An outbox whose sends wait until released, recording what went out. */
  function slowOutbox(): { outbox: PeerOutbox; sent: FileMessage[]; release(): void; reads: number[] } {
    const sent: FileMessage[] = [];
    const reads: number[] = [];
    let waiting: (() => void) | undefined;
    const send = async (message: FileMessage): Promise<true> => {
      await new Promise<void>((resolve) => (waiting = resolve));
      sent.push(message);
      return true;
    };
    const outbox = new PeerOutbox({
      send,
      channel: () => ({ dedicated: false, send: async (message) => void (await send(message)) }),
      readChunk: (_file, index) => {
        reads.push(index);
        return Promise.resolve(new Uint8Array(2 * BLOCK_BYTES).fill(index));
      },
      serveFailed: () => undefined,
      sent: () => undefined,
    });
    return { outbox, sent, reads, release: () => waiting?.() };
  }

  it('sends one message at a time, control ahead of queued chunk data, reading a chunk only when its turn comes', async () => {
    const { outbox, sent, reads, release } = slowOutbox();
    outbox.serve('f', fileId, [
      { index: 0, requestId: 1 },
      { index: 1, requestId: 2 },
    ]);
    await until(() => outbox.size === 2, 'the first chunk is read into its blocks');
    expect(reads).toEqual([0]);
    outbox.control({ kind: 'have', fileId, have: { form: 'all' } });
    release();
    await until(() => sent.length === 1, 'the first block goes');
    release();
    await until(() => sent.length === 2, 'the control message overtakes the rest');
    expect(sent.map((message) => message.kind)).toEqual(['chunk-data', 'have']);
    for (let i = 0; i < 3; i++) {
      release();
      await until(() => sent.length === 3 + i, 'the rest goes');
    }
    expect(
      sent.map((message) => (message.kind === 'chunk-data' ? `${message.index}.${message.block}` : message.kind)),
    ).toEqual(['0.0', 'have', '0.1', '1.0', '1.1']);
    expect(reads).toEqual([0, 1]);
  });

  it('drops cancelled requests, queued or being read, and everything once closed', async () => {
    const { outbox, sent, release } = slowOutbox();
    outbox.serve('f', fileId, [
      { index: 0, requestId: 1 },
      { index: 1, requestId: 2 },
      { index: 2, requestId: 3 },
    ]);
    await until(() => outbox.liveRequests('f') === 3 && outbox.size === 3, 'chunk 0 read');
    expect(outbox.cancel('f', [2, 3])).toBe(2);
    expect(outbox.liveRequests('f')).toBe(1);
    release();
    await until(() => sent.length === 1, 'block 0 of chunk 0');
    release();
    await until(() => sent.length === 2, 'block 1 of chunk 0');
    expect(outbox.size).toBe(0);
    outbox.close();
    outbox.control({ kind: 'have', fileId, have: { form: 'none' } });
    expect(outbox.size).toBe(0);
  });
});

describe('FilesRepository', () => {
  let store: ProfileStore | undefined;
  afterEach(() => store?.close());

  it('keeps manifests, shares, offers and downloads, and forgets offers with a removed contact', async () => {
    ({ store } = await newProfile({ displayName: 'me' }));
    const files = store.files;
    const fileId = new Uint8Array(32).fill(7);
    const peer = generateIdentity().onionAddress;
    store.contacts.insert({ onion: peer, state: 'friend', createdAt: 1 });
    files.saveManifest({
      fileId,
      name: 'a.txt',
      size: 10,
      chunkSize: 65_280,
      chunkHashes: new Uint8Array(32),
      complete: false,
      createdAt: 1,
    });
    files.saveManifest({
      fileId,
      name: 'a.txt',
      size: 10,
      chunkSize: 65_280,
      chunkHashes: new Uint8Array(32).fill(1),
      complete: true,
      createdAt: 2,
    });
    expect(files.manifest(fileId)).toMatchObject({
      complete: true,
      createdAt: 1,
      chunkHashes: new Uint8Array(32).fill(1),
    });
    files.saveShare(fileId, '/tmp/a.txt', 3);
    expect(files.setShareState(fileId, 'withdrawn', 4)).toBe(true);
    expect(files.share(fileId)).toMatchObject({ path: '/tmp/a.txt', state: 'withdrawn' });

    const offer = { fileId, direction: 'out' as const, peer, groupId: undefined };
    expect(files.addOffer({ ...offer, state: 'offered' }, 5)).toBe(true);
    expect(files.addOffer({ ...offer, state: 'offered' }, 6)).toBe(false);
    expect(files.setOfferState(offer, 'accepted', 7)).toBe(true);
    expect(files.setOfferState(offer, 'accepted', 8)).toBe(false);
    const groupId = new Uint8Array(32).fill(3);
    files.addOffer({ ...offer, direction: 'in', groupId, state: 'offered' }, 9);
    expect(files.offersOf(fileId).map((row) => [row.direction, row.state, row.groupId?.[0]])).toEqual([
      ['out', 'accepted', undefined],
      ['in', 'offered', 3],
    ]);

    files.startDownload(fileId, '/tmp/dl', 10);
    files.setPartFile(
      fileId,
      { folder: '/tmp/dl', partName: 'a.txt.part', finalName: 'a.txt', have: new Uint8Array([0]) },
      11,
    );
    files.saveProgress(fileId, new Uint8Array([0x80]), 10, 12);
    files.setDownloadState(fileId, 'paused', 13, { error: 'disk full' });
    expect(files.download(fileId)).toMatchObject({
      state: 'paused',
      partName: 'a.txt.part',
      have: new Uint8Array([0x80]),
      bytesDone: 10,
      error: 'disk full',
    });

    store.contacts.remove(peer);
    expect(files.offersOf(fileId)).toEqual([]);
    expect(() => files.addOffer({ ...offer, fileId: new Uint8Array(31), state: 'offered' }, 1)).toThrow(TypeError);
  });
});
