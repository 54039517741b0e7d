// `burrow ctl edit/delete/react/timer/send --reply-to/history --json` against real nodes behind
// the daemon socket (memory transport): the command table, the daemon methods, the JSON shapes.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CtlOutput } from '../../../src/cli/ctl-command.js';
import { CHAT_CTL_COMMANDS } from '../../../src/chat/ctl/ctl-commands.js';
import { DaemonClient } from '../../../src/daemon/client.js';
import { serveNodeApi, type DaemonServer } from '../../../src/daemon/server.js';
import type { MessageView } from '../../../src/node/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { tempDir } from '../../shared/temp-dirs.js';
import { until } from '../../shared/until.js';

const servers: DaemonServer[] = [];
const clients: DaemonClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await tearDownNodes();
});

async function connect(node: TestNode): Promise<DaemonClient> {
  const socketPath = join(tempDir(), 'burrow.sock');
  servers.push(await serveNodeApi(node.node, socketPath));
  const client = await DaemonClient.connect(socketPath);
  clients.push(client);
  return client;
}

/** Runs a ctl command's table entry; returns what it printed as JSON and as text. */
async function ctl(
  client: DaemonClient,
  command: string,
  args: string[],
  flags: Record<string, string | undefined> = {},
): Promise<{ json: unknown; text: string }> {
  const spec = CHAT_CTL_COMMANDS[command]!;
  let json: unknown;
  let text = '';
  const output: CtlOutput = {
    print: (value, human) => {
      json = JSON.parse(JSON.stringify(value ?? null)) as unknown;
      text = human();
      return 0;
    },
  };
  expect(await spec.run(client, args, flags, output)).toBe(0);
  return { json, text };
}

describe('burrow ctl: taking messages back', () => {
  it('edits, replies, reacts, sets a timer and deletes for everyone, and history --json shows it all', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    const [adaCtl, bobCtl] = [await connect(ada), await connect(bob)];

    const sent = (await ctl(adaCtl, 'send', [bob.onion, 'lunch at noon?'])).json as MessageView;
    const edited = await ctl(adaCtl, 'edit', [bob.onion, sent.id, 'lunch at one?']);
    expect(edited.json).toMatchObject({ id: sent.id, text: 'lunch at one?', edited: true });
    expect(edited.text).toContain('lunch at one? (edited)');
    await until(async () => (await bob.node.history(ada.onion))[0]?.text === 'lunch at one?', 'bob sees the edit');

    const reply = await ctl(bobCtl, 'send', [ada.onion, 'sure'], { 'reply-to': sent.id });
    expect(reply.json).toMatchObject({ replyTo: sent.id });
    expect(reply.text).toContain(`↪ ${sent.id.slice(0, 8)} sure`);
    const reacted = await ctl(bobCtl, 'react', [ada.onion, sent.id, '🍕']);
    expect(reacted.text).toContain('[🍕 1]');
    const timer = await ctl(adaCtl, 'timer', [bob.onion, '1h']);
    expect(timer.text).toContain('* me set messages to disappear after 1 hour');
    expect((await ctl(adaCtl, 'timer', [bob.onion])).json).toEqual({ seconds: 3600 });

    await until(
      async () => (await ada.node.history(bob.onion)).some((m) => m.replyTo === sent.id),
      'ada has the reply',
    );
    await until(
      async () => (await ada.node.history(bob.onion)).find((m) => m.id === sent.id)?.reactions?.length === 1,
      'ada has the reaction',
    );
    const history = (await ctl(adaCtl, 'history', [bob.onion], {})).json as MessageView[];
    const first = history.find((m) => m.id === sent.id);
    expect(first).toMatchObject({
      id: sent.id,
      edited: true,
      deleted: false,
      reactions: [{ emoji: '🍕', count: 1, mine: false }],
    });
    expect(history.find((m) => m.text === 'sure')).toMatchObject({ replyTo: sent.id });
    expect(history.find((m) => m.timer === 3600)).toBeDefined();

    const deleted = await ctl(adaCtl, 'delete', [bob.onion, sent.id], { 'for-everyone': 'true' });
    expect(deleted.json).toEqual({ id: sent.id, deleted: true, forEveryone: true });
    await until(
      async () => (await bob.node.history(ada.onion)).find((m) => m.id === sent.id)?.deleted === true,
      'bob sees the tombstone',
    );
    const after = (await ctl(bobCtl, 'history', [ada.onion])).text;
    expect(after).toContain('(message deleted)');
    expect(after).not.toContain('lunch');
  });

  it('refuses bad input with clear errors', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    const adaCtl = await connect(ada);
    const sent = (await ctl(adaCtl, 'send', [bob.onion, 'hi'])).json as MessageView;
    await expect(ctl(adaCtl, 'timer', [bob.onion, '2s'])).rejects.toMatchObject({ remoteName: 'InvalidTimerError' });
    await expect(ctl(adaCtl, 'timer', [bob.onion, 'forever'])).rejects.toMatchObject({
      remoteName: 'InvalidTimerError',
    });
    await expect(ctl(adaCtl, 'react', [bob.onion, sent.id, 'nice'])).rejects.toMatchObject({
      remoteName: 'InvalidReactionError',
    });
    await expect(ctl(adaCtl, 'react', [bob.onion, sent.id])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(adaCtl, 'edit', [bob.onion, '0'.repeat(32), 'x'])).rejects.toMatchObject({
      remoteName: 'UnknownMessageError',
    });
    await expect(ctl(adaCtl, 'delete', [bob.onion, 'zz'], { 'for-everyone': 'true' })).rejects.toMatchObject({
      remoteName: 'UnknownMessageError',
    });
  });
});
