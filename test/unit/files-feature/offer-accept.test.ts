import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { sameBytes } from '../../shared/bytes.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { downloaded, filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

async function pair(network = new MemoryNetwork()) {
  const ada = await filesNode(network, 'ada');
  const bob = await filesNode(network, 'bob');
  await befriend(ada, bob);
  return { ada, bob, network };
}

describe('offer → accept → download', () => {
  it('delivers a file byte-identical and shows it complete on both sides', async () => {
    const { ada, bob } = await pair();
    const { path, bytes } = sourceFile(3_000_000, 'holiday.tar.gz');
    const offered = await ada.node.files.send(bob.onion, path);
    expect(offered).toMatchObject({
      direction: 'out',
      name: 'holiday.tar.gz',
      size: 3_000_000,
      state: 'offered',
      recipients: [{ onion: bob.onion, state: 'offered' }],
    });
    expect(offered.id).toMatch(/^[0-9a-f]{64}$/);

    const incoming = await untilIncoming(bob, offered.id, 'offered');
    expect(incoming).toMatchObject({
      direction: 'in',
      name: 'holiday.tar.gz',
      size: 3_000_000,
      from: ada.onion,
      bytesDone: 0,
    });
    expect(
      bob.eventsOf('transfer').some((event) => event.transfer.id === offered.id && event.transfer.state === 'offered'),
    ).toBe(true);

    const accepted = await bob.node.files.accept(offered.id.slice(0, 8));
    expect(accepted.state).toBe('downloading');
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(done.bytesDone).toBe(3_000_000);
    expect(done.path).toBe(`${bob.downloads}/holiday.tar.gz`);
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    expect(readdirSync(bob.downloads)).toEqual(['holiday.tar.gz']);
    // The download was announced as running before it completed. (Periodic progress events come
    // about once a second, so an in-memory transfer may finish before the first one: not asserted.)
    const states = bob
      .eventsOf('transfer')
      .filter((event) => event.transfer.id === offered.id)
      .map((event) => event.transfer.state);
    expect(states.indexOf('downloading')).toBeGreaterThanOrEqual(0);
    expect(states.indexOf('downloading')).toBeLessThan(states.indexOf('complete'));

    await until(
      async () => (await transferOf(ada, offered.id, 'out'))?.recipients?.[0]?.state === 'complete',
      'ada learns bob has it all',
    );
    const sent = await transferOf(ada, offered.id, 'out');
    expect(sent?.bytesDone).toBe(3_000_000);
  });

  it('delivers an empty file', async () => {
    const { ada, bob } = await pair();
    const { path } = sourceFile(0, 'empty.txt');
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(downloaded(done).length).toBe(0);
  });

  it('sends the offer when the friend comes online, and declines reach the sender', async () => {
    const network = new MemoryNetwork();
    const { ada, bob } = await pair(network);
    await bob.goOffline();
    await until(async () => (await ada.node.contacts())[0]?.online === false, 'bob offline');
    const { path } = sourceFile(100_000);
    const offered = await ada.node.files.send(bob.onion, path);
    await bob.restart();
    const incoming = await untilIncoming(bob, offered.id, 'offered');
    expect(incoming.name).toBe('data.bin');
    await bob.node.files.decline(offered.id);
    await until(
      async () => (await transferOf(ada, offered.id, 'out'))?.recipients?.[0]?.state === 'declined',
      'ada sees the decline',
    );
    expect((await transferOf(bob, offered.id, 'in'))?.state).toBe('declined');
  });

  it('auto-accepts files below the preference and refuses those over the limit', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob', {
      preferences: () => ({ autoAcceptBelowBytes: 200_000, maxSizeBytes: 1_000_000 }),
    });
    await befriend(ada, bob);
    const small = await ada.node.files.send(bob.onion, sourceFile(150_000, 'small.bin').path);
    const done = await untilIncoming(bob, small.id, 'complete');
    expect(done.path).toBe(`${bob.downloads}/small.bin`);
    const big = await ada.node.files.send(bob.onion, sourceFile(2_000_000, 'big.bin').path);
    const refused = await untilIncoming(bob, big.id, 'declined');
    expect(refused.error).toMatch(/over the limit of 1000000 bytes/);
    await until(
      async () => (await transferOf(ada, big.id, 'out'))?.recipients?.[0]?.state === 'declined',
      'ada sees the refusal',
    );
    await expect(bob.node.files.accept(big.id)).rejects.toMatchObject({ name: 'FileTooLargeError' });
  });
});
