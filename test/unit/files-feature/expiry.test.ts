/**
 * Files received in a disappearing conversation, as a user meets them through the node API over
 * the memory network, with a fake clock: the file takes the conversation's timer (1:1 or the
 * group's), its clock starts when the offer is answered, and when it runs out the transfer is
 * listed as expired — a running download stops, a saved file stays until the user deletes it,
 * in one step that removes the file and forgets the transfer.
 */
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { groupAlong } from '../groups-feature/helpers.js';
import { ChunkGate, filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

const START = 1_800_000_000_000;

/** Ada and Bob on one fake clock; `gate` holds back Ada's chunks when given. */
async function pair(gate?: ChunkGate) {
  const clock = { now: START };
  const network = new MemoryNetwork();
  const ada = await filesNode(
    network,
    'ada',
    gate === undefined ? {} : { io: { openChunkSource: gate.openChunkSource } },
    { clock: () => clock.now },
  );
  const bob = await filesNode(network, 'bob', {}, { clock: () => clock.now });
  await befriend(ada, bob);
  return { ada, bob, clock };
}

describe('files received in a disappearing conversation', () => {
  it('take the 1:1 timer from the answer on, are listed expired, and are deleted from disk in one step', async () => {
    const { ada, bob, clock } = await pair();
    await ada.node.lifecycle.setTimer(bob.onion, 60);
    await until(async () => (await bob.node.lifecycle.timer(ada.onion)) === 60, 'bob has the timer');
    const { path } = sourceFile(50_000, 'plans.pdf');
    const offered = await ada.node.files.send(bob.onion, path);
    const waiting = await untilIncoming(bob, offered.id, 'offered');
    expect(waiting).not.toHaveProperty('expiresAt'); // not answered: its clock has not started

    clock.now += 3_600_000; // an hour later Bob accepts: a minute from now
    const accepted = await bob.node.files.accept(offered.id);
    expect(accepted.expiresAt).toBe(clock.now + 60_000);
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(existsSync(done.path!)).toBe(true);

    clock.now += 59_999;
    await new Promise((resolve) => setTimeout(resolve, 200)); // ticks pass: nothing runs out early
    expect((await transferOf(bob, offered.id, 'in'))?.expired).toBeUndefined();
    clock.now += 1;
    await until(async () => (await transferOf(bob, offered.id, 'in'))?.expired === true, 'the file is expired');
    expect(bob.eventsOf('transfer').some((e) => e.transfer.id === offered.id && e.transfer.expired === true)).toBe(
      true,
    );
    // Offered for deletion, not deleted: the saved file stays until Bob says so.
    expect(existsSync(done.path!)).toBe(true);
    expect(await transferOf(bob, offered.id, 'in')).toMatchObject({ state: 'complete', path: done.path });

    const deleted = await bob.node.files.delete(offered.id.slice(0, 8));
    expect(deleted).toEqual({ id: offered.id, name: 'plans.pdf', path: done.path, file: 'removed' });
    expect(existsSync(done.path!)).toBe(false);
    expect(readdirSync(bob.downloads)).toEqual([]);
    expect(await transferOf(bob, offered.id, 'in')).toBeUndefined();
    expect(bob.eventsOf('transfer-deleted').map((event) => event.id)).toEqual([offered.id]);
    expect(bob.store.files.manifest(Buffer.from(offered.id, 'hex'))).toBeUndefined(); // the name is gone
    await expect(bob.node.files.delete(offered.id)).rejects.toMatchObject({ name: 'UnknownTransferError' });
    // The sender's side is untouched: its own file and offer stay.
    expect(await transferOf(ada, offered.id, 'out')).toMatchObject({ state: 'offered' });
    expect(existsSync(path)).toBe(true);
  });

  it('stops a download still running when its timer runs out, and leaves a moved file alone', async () => {
    const gate = new ChunkGate(0); // Ada's chunks wait: the download cannot finish first
    const { ada, bob, clock } = await pair(gate);
    await bob.node.lifecycle.setTimer(ada.onion, 30);
    await until(async () => (await ada.node.lifecycle.timer(bob.onion)) === 30, 'ada has the timer');
    const { path } = sourceFile(400_000, 'slow.iso');
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    await untilIncoming(bob, offered.id, 'downloading');

    clock.now += 30_000;
    const stopped = await untilIncoming(bob, offered.id, 'cancelled', 5_000);
    expect(stopped.expired).toBe(true);
    expect(stopped.error).toMatch(/timer ran out/);
    expect(readdirSync(bob.downloads)).toEqual([]); // the part file went with it
    await until(
      async () => (await transferOf(ada, offered.id, 'out'))?.recipients?.[0]?.state === 'cancelled',
      'ada hears the download stopped',
    );
    gate.open();
    const forgotten = await bob.node.files.delete(offered.id);
    expect(forgotten.file).toBe('none');

    // A file the user moved (or replaced) since is not Burrow's to delete.
    const second = sourceFile(10_000, 'keep.txt', 9);
    const kept = await ada.node.files.send(bob.onion, second.path);
    await untilIncoming(bob, kept.id, 'offered');
    await bob.node.files.accept(kept.id);
    const saved = await untilIncoming(bob, kept.id, 'complete');
    renameSync(saved.path!, join(bob.downloads, 'moved.txt'));
    writeFileSync(saved.path!, 'the user put another file here');
    clock.now += 30_000;
    await until(async () => (await transferOf(bob, kept.id, 'in'))?.expired === true, 'expired');
    expect(await bob.node.files.delete(kept.id)).toMatchObject({ file: 'changed', path: saved.path });
    expect(readdirSync(bob.downloads).sort()).toEqual(['keep.txt', 'moved.txt']);
  });

  it('take the group’s timer when offered in a group; without a timer a file never expires', async () => {
    const clock = { now: START };
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada', {}, { clock: () => clock.now });
    const bob = await filesNode(network, 'bob', {}, { clock: () => clock.now });
    await befriend(ada, bob);
    const groupId = await groupAlong([ada, bob]);

    const before = await ada.node.files.send(groupId, sourceFile(5_000, 'before.txt', 3).path);
    await untilIncoming(bob, before.id, 'offered');
    await ada.node.groups.lifecycle.setTimer(groupId, 120);
    await until(async () => (await bob.node.groups.lifecycle.timer(groupId)) === 120, 'bob has the group timer');
    const after = await ada.node.files.send(groupId, sourceFile(5_000, 'after.txt', 4).path);
    await untilIncoming(bob, after.id, 'offered');
    await bob.node.files.decline(after.id); // declining answers it too: the clock starts
    await bob.node.files.accept(before.id);
    expect((await transferOf(bob, after.id, 'in'))?.expiresAt).toBe(clock.now + 120_000);
    expect(await untilIncoming(bob, before.id, 'complete')).not.toHaveProperty('expiresAt');

    clock.now += 120_000;
    await until(async () => (await transferOf(bob, after.id, 'in'))?.expired === true, 'the declined offer expired');
    expect(await transferOf(bob, before.id, 'in')).not.toHaveProperty('expired');
    expect(await bob.node.files.delete(after.id)).toMatchObject({ file: 'none', name: 'after.txt' });
    expect((await bob.node.files.list()).map((view) => view.name)).toEqual(['before.txt']);
  });
});
