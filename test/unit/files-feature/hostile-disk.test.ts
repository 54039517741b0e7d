import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { manifestRootHash } from '../../../src/files/manifest.js';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import type { FileMessage } from '../../../src/protocol/files/index.js';
import { encodeMessage } from '../../../src/protocol/envelope/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { sameBytes } from '../../shared/bytes.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { downloaded, filesNode, sourceFile, transferOf, untilIncoming, type FilesNode } from './helpers.js';

afterEach(tearDownNodes);

const id = (): Uint8Array => new Uint8Array(randomBytes(16));

/** Bob, and a raw client speaking as Bob's friend Eve. */
async function bobAndImpostor(): Promise<{ bob: FilesNode; eve: HostilePeer }> {
  const network = new MemoryNetwork();
  const bob = await filesNode(network, 'bob');
  const eveNode = await filesNode(network, 'eve');
  await befriend(eveNode, bob);
  const identity = eveNode.store.identity.get().keyPair;
  await eveNode.shutdown();
  const eve = await HostilePeer.dial(network, bob.onion, identity);
  await eve.greetAsFriend('eve');
  return { bob, eve };
}

/** An offer body for `name` whose root hash matches (or, with `forge`, does not). */
function offer(name: string, size: number, forge = false): FileMessage & { kind: 'file-offer' } {
  const header = { name, size, chunkSize: DEFAULT_CHUNK_SIZE };
  const count = Math.ceil(size / DEFAULT_CHUNK_SIZE);
  const firstHashes = new Uint8Array(randomBytes(count * 32));
  const fileId = forge ? new Uint8Array(randomBytes(32)) : manifestRootHash(header, firstHashes);
  return { kind: 'file-offer', scope: { kind: 'direct' }, fileId, header, firstHashes };
}

/** The encoded offer with `from` replaced by `to` (same length): what no honest encoder writes. */
function patched(message: FileMessage, from: string, to: string): Uint8Array {
  const bytes = encodeMessage({ kind: 'file', id: id(), message });
  const at = Buffer.from(bytes).indexOf(Buffer.from(from));
  if (at < 0) throw new Error('nothing to patch');
  bytes.set(Buffer.from(to), at);
  return bytes;
}

describe('hostile offers', () => {
  it('declines an offer whose hash list does not match its id, and shows nothing', async () => {
    const { bob, eve } = await bobAndImpostor();
    const forged = offer('invoice.pdf', 100_000, true);
    await captureLogs(async (lines) => {
      await eve.sendService('file', forged);
      await until(() => eve.messages('file').some((answer) => answer.kind === 'file-decline'), 'a decline comes back');
      expect(lines.some((line) => line.includes('ManifestMismatchError'))).toBe(true);
    }, 'warn');
    expect(await bob.node.files.list()).toEqual([]);
    expect(bob.eventsOf('transfer')).toEqual([]);
  });

  it.each([
    ['a parent directory name', 'xx', '..'],
    ['a path', 'a_b', 'a/b'],
    ['a control character', 'a_b', 'a\nb'],
  ])('closes the session of a friend whose offer names %s, storing nothing', async (_what, from, to) => {
    const { bob, eve } = await bobAndImpostor();
    await captureLogs(async (lines) => {
      await eve.sendBytes(patched(offer(from, 1000), from, to));
      await eve.closed;
      await until(
        () => lines.some((line) => line.includes('MalformedInputError') || line.includes('DecodeError')),
        'the decode error is logged',
      );
    });
    expect(await bob.node.files.list()).toEqual([]);
  });

  it('closes the session of a friend whose offer claims an absurd size', async () => {
    const { bob, eve } = await bobAndImpostor();
    const message = offer('big.iso', 1000);
    const bytes = encodeMessage({ kind: 'file', id: id(), message });
    // The u64 size follows the u8-prefixed name: set its top byte.
    const at = Buffer.from(bytes).indexOf(Buffer.from('big.iso')) + 'big.iso'.length;
    bytes[at] = 0x40;
    await captureLogs(async () => {
      await eve.sendBytes(bytes);
      await eve.closed;
    });
    expect(await bob.node.files.list()).toEqual([]);
  });

  it('saves a file with a hidden or option-like name under a harmless one, inside the folder', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    for (const name of ['.bashrc', '-rf']) {
      const { path, bytes } = sourceFile(5000, name, name.length);
      const offered = await ada.node.files.send(bob.onion, path);
      const incoming = await untilIncoming(bob, offered.id, 'offered');
      expect(incoming.name).toBe(name);
      await bob.node.files.accept(offered.id);
      const done = await untilIncoming(bob, offered.id, 'complete');
      expect(sameBytes(downloaded(done), bytes)).toBe(true);
    }
    expect(readdirSync(bob.downloads).sort()).toEqual(['bashrc', 'rf']);
  });
});

describe('disk space', () => {
  it('refuses to start a download the disk cannot hold, and the offer stays open', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob', {
      io: { partFile: { statfs: () => Promise.resolve({ bavail: 10, bsize: 4096 }) } },
    });
    await befriend(ada, bob);
    const offered = await ada.node.files.send(bob.onion, sourceFile(50_000).path);
    await untilIncoming(bob, offered.id, 'offered');
    const refusal: unknown = await bob.node.files.accept(offered.id).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ name: 'InsufficientDiskSpaceError' });
    expect((refusal as Error).message).toMatch(/Free some space or choose another folder/);
    expect((await transferOf(bob, offered.id, 'in'))?.state).toBe('offered');
    expect(readdirSync(bob.downloads)).toEqual([]);
  });

  it('pauses on a full disk with a clear message, and resumes to a complete file', async () => {
    const network = new MemoryNetwork();
    let full = false;
    let writes = 0;
    const write = async (handle: FileHandle, bytes: Uint8Array, position: number): Promise<number> => {
      writes += 1;
      if (writes === 5) full = true;
      if (full) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return (await handle.write(bytes, 0, bytes.length, position)).bytesWritten;
    };
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob', { io: { partFile: { write } } });
    await befriend(ada, bob);
    const { path, bytes } = sourceFile(12 * DEFAULT_CHUNK_SIZE);
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    const paused = await captureLogs(async () => {
      await bob.node.files.accept(offered.id);
      return untilIncoming(bob, offered.id, 'paused');
    });
    expect(paused.error).toMatch(/The disk is full: the download is paused/);
    expect(readdirSync(bob.downloads)).toEqual(['data.bin.part']);
    full = false;
    await bob.node.files.resume(offered.id);
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
  });

  it('goes on by itself once space is back (no resume needed), to a complete file', async () => {
    const network = new MemoryNetwork();
    let full = false;
    let writes = 0;
    const write = async (handle: FileHandle, bytes: Uint8Array, position: number): Promise<number> => {
      writes += 1;
      if (writes === 3) full = true;
      if (full) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return (await handle.write(bytes, 0, bytes.length, position)).bytesWritten;
    };
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob', { io: { partFile: { write } }, diskFullRetryMs: 200 });
    await befriend(ada, bob);
    const { path, bytes } = sourceFile(12 * DEFAULT_CHUNK_SIZE);
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await captureLogs(async () => {
      await bob.node.files.accept(offered.id);
      await untilIncoming(bob, offered.id, 'paused');
      // Still full: it tries, pauses again, and nothing is written half.
      const writesWhileFull = writes;
      await until(() => writes > writesWhileFull, 'a retry while the disk is still full');
      await untilIncoming(bob, offered.id, 'paused');
      full = false;
      const done = await untilIncoming(bob, offered.id, 'complete');
      expect(sameBytes(downloaded(done), bytes)).toBe(true);
    });
  });
});
