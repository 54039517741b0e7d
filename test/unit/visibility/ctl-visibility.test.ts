/**
 * `burrow ctl visibility [open [--for D] | closed]` and `ctl status` against a real daemon
 * socket serving a node on the in-memory transport, as a user types them; and the daemon
 * method's strict params, from a client that sends what it likes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completeWords } from '../../../src/cli/complete.js';
import { CTL_COMMANDS } from '../../../src/cli/ctl.js';
import { ctlCommandHelp } from '../../../src/cli/ctl-help.js';
import { DaemonClient } from '../../../src/daemon/client.js';
import { daemonSocketPath } from '../../../src/daemon/socket-path.js';
import type { NodeStatus, Visibility } from '../../../src/node/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { closeDaemons, ctl, ctlJson, serveDaemon } from '../../shared/ctl-in-process.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';

afterEach(async () => {
  await closeDaemons();
  await tearDownNodes();
});

async function served(): Promise<{ ada: TestNode; network: MemoryNetwork }> {
  const network = new MemoryNetwork();
  const ada = await TestNode.create(network, 'ada');
  await serveDaemon(ada);
  return { ada, network };
}

describe('burrow ctl visibility', () => {
  it('shows, closes, opens for a window and opens; status --json carries it', async () => {
    const { ada, network } = await served();
    expect(await ctlJson<Visibility>(ada, 'visibility')).toEqual({ state: 'open' });
    expect((await ctl(ada, 'visibility')).out.trim()).toBe('public address: open');

    expect(await ctlJson<Visibility>(ada, 'visibility', 'closed')).toEqual({ state: 'closed' });
    expect(network.isPublished(ada.onion)).toBe(false);
    expect((await ctlJson<NodeStatus>(ada, 'status')).visibility).toEqual({ state: 'closed' });
    expect((await ctl(ada, 'status')).out).toContain(`${ada.onion}.onion, closed`);

    const before = Date.now();
    const windowed = await ctlJson<Visibility>(ada, 'visibility', 'open', '--for', '10m');
    expect(windowed.state).toBe('open');
    expect(windowed.openUntil).toBeGreaterThanOrEqual(before + 600_000);
    expect(network.isPublished(ada.onion)).toBe(true);
    expect((await ctl(ada, 'visibility')).out.trim()).toMatch(/^public address: open \(closes in (9|10) minutes\)$/);

    expect(await ctlJson<Visibility>(ada, 'visibility', 'open')).toEqual({ state: 'open' });
  });

  it('refuses what is not a state or a window with a usage error (exit status 2), and changes nothing', async () => {
    const { ada, network } = await served();
    for (const args of [
      ['visibility', 'ajar'],
      ['visibility', 'closed', '--for', '10m'],
      ['visibility', 'open', '--for', 'soon'],
      ['visibility', 'open', '--for', '2s'],
      ['visibility', 'open', '--for', '30d'],
      ['visibility', 'open', 'closed'],
    ]) {
      await expect(ctl(ada, ...args), args.join(' ')).rejects.toMatchObject({ name: 'UsageError' });
    }
    expect(network.isPublished(ada.onion)).toBe(true);
    expect(await ada.node.visibility()).toEqual({ state: 'open' });
  });

  it('the daemon method takes only a known state and an integer window with "open"', async () => {
    const { ada } = await served();
    const client = await DaemonClient.connect(daemonSocketPath(ada.dir));
    try {
      for (const params of [
        { state: 'ajar' },
        { state: 1 },
        { state: 'closed', forSeconds: 60 },
        { forSeconds: 60 },
        { state: 'open', forSeconds: '60' },
        { state: 'open', forSeconds: 1e30 },
      ]) {
        await expect(client.call('visibility', params), JSON.stringify(params)).rejects.toMatchObject({
          remoteName: 'BadRequestError',
        });
      }
      await expect(client.call('visibility', { state: 'open', forSeconds: 1 })).rejects.toMatchObject({
        remoteName: 'VisibilityWindowError',
      });
      expect(await ada.node.visibility()).toEqual({ state: 'open' });
    } finally {
      client.close();
    }
  });

  it('has its help page, and completion offers its states and --for, from the one command table', async () => {
    const help = ctlCommandHelp('visibility', CTL_COMMANDS['visibility']!);
    expect(help).toContain('Usage: burrow ctl visibility [open [--for <duration>] | closed]');
    expect((await completeWords(['ctl', 'visibility', ''], [])).map(([value]) => value)).toEqual(['open', 'closed']);
    expect((await completeWords(['ctl', 'visibility', 'open', '--f'], [])).map(([value]) => value)).toEqual(['--for']);
  });
});
