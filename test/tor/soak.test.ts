/**
 * The fast version of `npm run bench -- soak`: four `burrow daemon`s attached two to a client tor
 * of the private network, friends in a ring with one chord, one group of all four, chatting 1:1
 * every second and in the group every third second for {@link SOAK_MS}, and one file. Every
 * message a daemon acknowledged arrives, the file completes, and each daemon's resident memory
 * and open files at the end stay within loose bounds of what it held after set-up: a session,
 * a socket or a file handle kept per message would break them. No timing is asserted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessHealth } from '../../src/daemon/process-health.js';
import type { TransferView } from '../../src/files/feature/api.js';
import {
  befriendDaemons,
  DaemonProfile,
  groupOfDaemons,
  torControlFlags,
  untilDaemons,
} from '../shared/daemon-profile.js';
import { launchTestTor, type TestTor } from './helpers/launch-test-tor.js';

/** How long the daemons chat. */
const SOAK_MS = 40_000;
/** Resident memory at the end ÷ after set-up, at most (a 4-node minute measured 0.81 to 1.01). */
const RSS_GROWTH_LIMIT = 1.5;
/** Open file descriptors at the end − after set-up, at most (measured +0 / +1). */
const FD_GROWTH_LIMIT = 8;

const tors: TestTor[] = [];
let root: string;
const nodes: DaemonProfile[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'burrow-soak-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor()])));
});

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop().catch(() => node.kill())));
  await Promise.all(tors.map((tor) => tor.stop()));
  rmSync(root, { recursive: true, force: true });
});

describe('a short soak of four daemons', () => {
  it('loses no message and keeps memory and open files flat while chatting, in a group and with a file', async () => {
    // A directory per attempt: a retry starts from new profiles.
    const run = mkdtempSync(join(root, 'run-'));
    const four = Array.from({ length: 4 }, (_, i) => new DaemonProfile(`n${i}`, run, torControlFlags(tors[i % 2]!)));
    nodes.push(...four);
    // One at a time: `burrow init` derives the profile key with scrypt, which four at once make slow on a loaded machine.
    for (const node of four) await node.init();
    await Promise.all(four.map((node) => node.start()));
    const pairs: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
      [0, 2],
    ];
    await Promise.all(pairs.map(([i, j]) => befriendDaemons(four[i]!, four[j]!)));
    const friendsOf = (node: DaemonProfile): DaemonProfile[] =>
      pairs.flatMap(([i, j]) => (four[i] === node ? [four[j]!] : four[j] === node ? [four[i]!] : []));
    const group = await groupOfDaemons(four[0]!, four.slice(1), 'soak');
    const before = await Promise.all(four.map((node) => node.call<ProcessHealth>('health')));

    const direct: { from: DaemonProfile; to: DaemonProfile; text: string }[] = [];
    const grouped: string[] = [];
    const source = join(run, 'file.bin');
    writeFileSync(source, randomBytes(256 * 1024));
    const offer = await four[1]!.call<TransferView>('file.send', { target: four[2]!.onion, path: source });
    const downloads = join(run, 'downloads');
    mkdirSync(downloads);
    const ends = Date.now() + SOAK_MS;
    for (let tick = 0; Date.now() < ends; tick++) {
      const from = four[tick % 4]!;
      const to = friendsOf(from)[tick % friendsOf(from).length]!;
      const text = `soak ${tick} ${from.name}→${to.name}`;
      await from.call('send', { onion: to.onion, text });
      direct.push({ from, to, text });
      if (tick % 3 === 0) {
        const groupText = `soak group ${tick}`;
        await four[(tick / 3) % 4]!.call('group.send', { group, text: groupText });
        grouped.push(groupText);
      }
      if (tick === 2) await four[2]!.call('file.accept', { id: offer.id, dest: downloads });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }

    const missing = async (): Promise<string[]> => {
      const lost: string[] = [];
      for (const node of four) {
        const groupTexts = new Set((await node.texts('group.history', { group })).map((line) => line.text));
        lost.push(...grouped.filter((text) => !groupTexts.has(text)).map((text) => `${node.name}: ${text}`));
        for (const friend of friendsOf(node)) {
          const texts = new Set((await node.texts('history', { onion: friend.onion })).map((line) => line.text));
          lost.push(
            ...direct.filter((m) => m.to === node && m.from === friend && !texts.has(m.text)).map((m) => m.text),
          );
        }
      }
      return lost;
    };
    let lost: string[] = [];
    await untilDaemons(async () => (lost = await missing()).length === 0, 'every message arrives').catch(
      () => undefined,
    );
    expect(lost).toEqual([]);
    await untilDaemons(
      async () =>
        (await four[2]!.call<TransferView[]>('file.list')).find((t) => t.id === offer.id)?.state === 'complete',
      'the file completes',
    );

    const after = await Promise.all(four.map((node) => node.call<ProcessHealth>('health')));
    const growth = four.map((node, i) => ({
      node: node.name,
      rss: after[i]!.rssBytes / before[i]!.rssBytes,
      fds: (after[i]!.openFileDescriptors ?? 0) - (before[i]!.openFileDescriptors ?? 0),
    }));
    for (const { node, rss, fds } of growth) {
      expect(rss, `${node}'s resident memory end ÷ start`).toBeLessThanOrEqual(RSS_GROWTH_LIMIT);
      expect(fds, `${node}'s open files end − start`).toBeLessThanOrEqual(FD_GROWTH_LIMIT);
    }
    expect(direct.length).toBeGreaterThan(0);
  }, 600_000);
});
