/**
 * `burrow ctl send-file / files [delete] / accept-file / decline-file / cancel-file` against real
 * daemons: nodes on the in-memory transport, each served on its profile's socket as
 * `burrow daemon` serves it, with human and `--json` output.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCtlCommand } from '../../../src/cli/ctl.js';
import { formatDeletion, formatTransfer } from '../../../src/files/ctl/format.js';
import type { TransferView } from '../../../src/files/feature/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { sameBytes } from '../../shared/bytes.js';
import { closeDaemons, ctl, ctlJson, serveDaemon } from '../../shared/ctl-in-process.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { tempDir } from '../../shared/temp-dirs.js';
import { until } from '../../shared/until.js';
import { downloaded, filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(async () => {
  await closeDaemons();
  await tearDownNodes();
});

async function pair(): Promise<[TestNode, TestNode]> {
  const network = new MemoryNetwork();
  const ada = await filesNode(network, 'ada');
  const bob = await filesNode(network, 'bob');
  await befriend(ada, bob);
  for (const node of [ada, bob]) await serveDaemon(node);
  return [ada, bob];
}

describe('burrow ctl file commands', () => {
  it('offers, lists, accepts into a folder, and shows the finished file', async () => {
    const [ada, bob] = await pair();
    const { path, bytes } = sourceFile(300_000, 'notes \u001b[31mred.txt');
    const offered = await ctlJson<TransferView>(ada, 'send-file', bob.onion, path);
    expect(offered).toMatchObject({ direction: 'out', size: 300_000, state: 'offered' });
    const short = offered.id.slice(0, 12);
    await untilIncoming(bob, offered.id, 'offered');

    const listed = (await ctl(bob, 'files')).out;
    // The sender's file name reaches the terminal without its escape sequence.
    expect(listed).not.toContain('\u001b');
    expect(listed).toMatch(new RegExp(`^${short}  ←  notes .*red\\.txt  293 KiB  offered  from ${ada.onion}$`));
    expect(await ctlJson<TransferView[]>(bob, 'files')).toMatchObject([{ id: offered.id, state: 'offered' }]);

    const dest = join(tempDir(), 'chosen');
    mkdirSync(dest);
    const accepted = await ctl(bob, 'accept-file', offered.id.slice(0, 6), dest);
    expect(accepted.out).toMatch(/^accepted\n/);
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(done.folder).toBe(dest);
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    expect((await ctl(bob, 'files')).out).toContain(`complete  ${dest}/notes _[31mred.txt`);
    await until(
      async () => (await transferOf(ada, offered.id, 'out'))?.recipients?.[0]?.state === 'complete',
      'ada sees it delivered',
    );
    expect((await ctl(ada, 'files')).out).toMatch(
      new RegExp(`^${short}  →  .*  293 KiB  offered  .*to ${bob.onion.slice(0, 8)}… complete`),
    );
  });

  it('declines, and cancels an offer of ours', async () => {
    const [ada, bob] = await pair();
    const first = await ctlJson<TransferView>(ada, 'send-file', bob.onion, sourceFile(1000, 'a.txt', 1).path);
    const second = await ctlJson<TransferView>(ada, 'send-file', bob.onion, sourceFile(1000, 'b.txt', 2).path);
    await untilIncoming(bob, first.id, 'offered');
    await untilIncoming(bob, second.id, 'offered');
    expect((await ctlJson<TransferView>(bob, 'decline-file', first.id)).state).toBe('declined');
    expect((await ctlJson<TransferView>(ada, 'cancel-file', second.id)).state).toBe('cancelled');
    await untilIncoming(bob, second.id, 'cancelled');
    await until(
      async () => (await transferOf(ada, first.id, 'out'))?.recipients?.[0]?.state === 'declined',
      'ada sees the decline',
    );
    // files delete forgets a received transfer (nothing was saved of a declined one).
    expect((await ctl(bob, 'files', 'delete', first.id.slice(0, 8))).out).toBe(
      'forgot the transfer of a.txt (nothing of it was saved)',
    );
    expect(await ctlJson<TransferView[]>(bob, 'files', 'list')).toMatchObject([{ id: second.id }]);
    expect(await ctlJson(bob, 'files', 'delete', second.id)).toEqual({ id: second.id, name: 'b.txt', file: 'none' });
    expect(await ctlJson<TransferView[]>(bob, 'files')).toEqual([]);
    await expect(runCtlCommand(['files', 'delete', first.id, '--profile', bob.dir])).rejects.toMatchObject({
      remoteName: 'UnknownTransferError',
    });
    await expect(runCtlCommand(['files', 'remove', first.id, '--profile', bob.dir])).rejects.toMatchObject({
      name: 'UsageError',
    });
    await expect(runCtlCommand(['files', 'delete', '--profile', bob.dir])).rejects.toMatchObject({
      name: 'UsageError',
    });
  });

  it('marks an expired received file with the command that deletes it', () => {
    const view: TransferView = {
      id: 'ab'.repeat(32),
      direction: 'in',
      name: 'plans.pdf',
      size: 2048,
      state: 'complete',
      path: '/home/me/plans.pdf',
      bytesDone: 2048,
      rate: 0,
      expired: true,
      createdAt: 1,
      updatedAt: 2,
    };
    expect(formatTransfer(view)).toBe(
      `${'ab'.repeat(6)}  ←  plans.pdf  2 KiB  complete  /home/me/plans.pdf  expired — delete? burrow ctl files delete ${'ab'.repeat(6)}`,
    );
    expect(formatDeletion({ id: view.id, name: 'plans.pdf', path: '/home/me/plans.pdf', file: 'changed' })).toBe(
      'forgot the transfer of plans.pdf; left /home/me/plans.pdf alone: it is not the file Burrow saved any more',
    );
  });

  it('prints usage for bad arguments and the node’s typed errors', async () => {
    const [ada, bob] = await pair();
    await expect(runCtlCommand(['send-file', bob.onion, '--profile', ada.dir])).rejects.toMatchObject({
      name: 'UsageError',
    });
    await expect(runCtlCommand(['accept-file', '--profile', ada.dir])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(
      runCtlCommand(['accept-file', 'abcdef', '/tmp', '--dest', '/tmp', '--profile', ada.dir]),
    ).rejects.toMatchObject({ name: 'UsageError' });
    await expect(runCtlCommand(['accept-file', 'abcdef', '--profile', ada.dir])).rejects.toMatchObject({
      remoteName: 'UnknownTransferError',
    });
    await expect(runCtlCommand(['cancel-file', 'xyz', '--profile', ada.dir])).rejects.toMatchObject({
      remoteName: 'AmbiguousTransferIdError',
    });
    await expect(
      runCtlCommand(['send-file', 'notanonion', '/etc/hostname', '--profile', ada.dir]),
    ).rejects.toMatchObject({ remoteName: 'InvalidOnionAddressError' });
    await expect(
      runCtlCommand(['send-file', bob.onion, '/nonexistent/file', '--profile', ada.dir]),
    ).rejects.toMatchObject({ remoteName: 'FileIoError' });
  });
});
