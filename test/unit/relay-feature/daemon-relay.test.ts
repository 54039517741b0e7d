// `burrow ctl relay …` against a real node behind the daemon socket (memory transport): the
// command table, the daemon methods and the JSON shapes, end to end.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CtlOutput } from '../../../src/cli/ctl-command.js';
import { CHAT_CTL_COMMANDS } from '../../../src/chat/ctl/ctl-commands.js';
import { RELAY_CTL_COMMANDS } from '../../../src/relay/ctl/ctl-commands.js';
import { DaemonClient } from '../../../src/daemon/client.js';
import { serveNodeApi, type DaemonServer } from '../../../src/daemon/server.js';
import type { MessageView } from '../../../src/node/api.js';
import type { RelayLimitsView, RelayStatusView } from '../../../src/relay/feature/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { tempDir } from '../../shared/temp-dirs.js';
import { goOffline, relayNode, untilRelay } from './helpers.js';

const servers: DaemonServer[] = [];
const clients: DaemonClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await tearDownNodes();
});

/** Runs a ctl command's table entry; returns what it printed as JSON and as text. */
async function ctl(
  client: DaemonClient,
  command: 'relay' | 'history',
  args: string[],
  flags: Record<string, string> = {},
): Promise<{ json: unknown; text: string }> {
  const spec = command === 'relay' ? RELAY_CTL_COMMANDS.relay! : CHAT_CTL_COMMANDS.history!;
  let json: unknown;
  let text = '';
  const output: CtlOutput = {
    print: (value, human) => {
      json = JSON.parse(JSON.stringify(value)) as unknown;
      text = human();
      return 0;
    },
  };
  expect(await spec.run(client, args, flags, output)).toBe(0);
  return { json, text };
}

describe('burrow ctl relay', () => {
  it('shows what a node holds for friends, its quotas, and the relay state in history', async () => {
    const network = new MemoryNetwork();
    const [ada, bob, cy] = [
      await relayNode(network, 'ada'),
      await relayNode(network, 'bob'),
      await relayNode(network, 'cy'),
    ];
    await befriend(ada, bob);
    await befriend(bob, cy);
    await befriend(ada, cy);
    const connect = async (node: typeof ada): Promise<DaemonClient> => {
      const socketPath = join(tempDir(), 'burrow.sock');
      servers.push(await serveNodeApi(node.node, socketPath));
      const client = await DaemonClient.connect(socketPath);
      clients.push(client);
      return client;
    };
    const [adaCtl, bobCtl] = [await connect(ada), await connect(bob)];

    const limits = await ctl(bobCtl, 'relay', ['limits'], { envelopes: '50', bytes: '2M' });
    expect(limits.json as RelayLimitsView).toMatchObject({
      maxEnvelopesPerFriend: 50,
      maxBytesPerFriend: 2 * 1024 * 1024,
    });
    expect(limits.text).toContain('per friend  50 envelopes, 2 MiB');

    await goOffline(cy, ada, bob);
    const sent = await ada.node.sendMessage(cy.onion, 'waiting for you');
    await untilRelay(ada, cy.onion, sent.id, { state: 'held', holders: 1 }, 'Bob holds it');

    const status = await ctl(bobCtl, 'relay', ['status']);
    const view = status.json as RelayStatusView;
    expect(view.held.envelopes).toBe(1);
    expect(view.perFriend).toEqual([{ onion: ada.onion, envelopes: 1, bytes: view.held.bytes }]);
    expect(view.limits.maxEnvelopesPerFriend).toBe(50);
    expect(status.text).toContain(`from ${ada.onion}  1 envelope`);

    const own = (await ctl(adaCtl, 'relay', ['status'])).json as RelayStatusView;
    expect(own.outgoing).toEqual([
      expect.objectContaining({ message: sent.id, recipient: cy.onion, relay: { state: 'held', holders: 1 } }),
    ]);

    const history = await ctl(adaCtl, 'history', [cy.onion]);
    expect((history.json as MessageView[]).map((m) => m.relay)).toEqual([{ state: 'held', holders: 1 }]);
    expect(history.text).toContain('waiting for you  …  [held by 1 friend]');

    await expect(ctl(bobCtl, 'relay', ['flush'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(bobCtl, 'relay', ['status'], { envelopes: '3' })).rejects.toMatchObject({ name: 'UsageError' });
    await expect(bobCtl.call('relay.limits', { maxEnvelopesPerFriend: -3 })).rejects.toMatchObject({
      name: 'DaemonRequestError',
    });
  });
});
