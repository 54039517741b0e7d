import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonClient, DaemonNotRunningError } from '../../../src/daemon/client.js';
import { serveNodeApi, type DaemonServer } from '../../../src/daemon/server.js';
import { startHealthMonitor, type ProcessHealth } from '../../../src/daemon/process-health.js';
import { MAX_REQUEST_LINE_BYTES } from '../../../src/daemon/protocol.js';
import type { NodeApi, NodeEvent } from '../../../src/node/api.js';
import { BurrowError } from '../../../src/errors.js';
import { FakeNode } from '../../shared/fake-node/index.js';
import { errorNamed } from '../../shared/errors.js';

class NotAFriendError extends BurrowError {
  override readonly name = 'NotAFriendError';
}

/** The shared NodeApi double, its calls recorded as [name, ...args]: this file tests the socket protocol, not the node. */
function recordingApi(): { api: NodeApi; calls: unknown[][]; emit(event: NodeEvent): void } {
  const calls: unknown[][] = [];
  const node = new FakeNode([{ onion: 'abc', state: 'friend', online: false, unread: 0 }]);
  node.ownOnion = 'me';
  node.tor = { bootstrap: 100, summary: 'Done', ready: true };
  node.sendError = new NotAFriendError(`not a friend`, { action: 'tell-user' });
  node.onCall = (call) => calls.push([call.method, ...call.args]);
  return { api: node, calls, emit: (event) => node.emit(event) };
}

describe('daemon socket', () => {
  let dir: string;
  let server: DaemonServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<ReturnType<typeof recordingApi> & { socketPath: string }> {
    dir = mkdtempSync(join(tmpdir(), 'burrow-daemon-'));
    const socketPath = join(dir, 'burrow.sock');
    const double = recordingApi();
    server = await serveNodeApi(double.api, socketPath);
    return { ...double, socketPath };
  }

  it('is private to its owner (mode 0600)', async () => {
    const { socketPath } = await start();
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it('maps calls to the node API and typed errors back to the caller', async () => {
    const { socketPath, calls } = await start();
    const client = await DaemonClient.connect(socketPath);
    try {
      await client.call('nick', { onion: 'abc', nickname: 'Al' });
      await client.call('history', { onion: 'abc', limit: 3 });
      const failure = await client.call('send', { onion: 'abc', text: 'hi' }).catch((error: unknown) => error);
      expect(failure).toEqual(errorNamed('DaemonRequestError', { remoteName: 'NotAFriendError' }));
      expect(calls).toEqual([
        ['setNickname', 'abc', 'Al'],
        ['history', 'abc', { limit: 3 }],
        ['sendMessage', 'abc', 'hi'],
      ]);
    } finally {
      client.close();
    }
  });

  it("reports the daemon process's memory, open files and event-loop delay", async () => {
    startHealthMonitor();
    const { socketPath } = await start();
    const client = await DaemonClient.connect(socketPath);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = (await client.call('health')) as ProcessHealth;
    client.close();
    expect(health.rssBytes).toBeGreaterThan(1_000_000);
    expect(health.heapUsedBytes).toBeGreaterThan(0);
    // This test's own socket at least, and the database-free rest of a vitest worker.
    expect(health.openFileDescriptors).toBeGreaterThan(2);
    expect(health.eventLoopDelayMs?.p99).toBeGreaterThanOrEqual(0);
  });

  it('streams events to subscribers', async () => {
    const { socketPath, emit } = await start();
    const client = await DaemonClient.connect(socketPath);
    const received: NodeEvent[] = [];
    await client.subscribe((event) => received.push(event));
    emit({ type: 'presence', onion: 'abc', online: true });
    await expect.poll(() => received).toEqual([{ type: 'presence', onion: 'abc', online: true }]);
    client.close();
  });

  it('answers garbage with an error and keeps serving', async () => {
    const { socketPath } = await start();
    const raw = createConnection(socketPath);
    const replies: string[] = [];
    raw.on('data', (chunk: Buffer) => replies.push(...chunk.toString().split('\n').filter(Boolean)));
    raw.write('this is not json\n{"id":9,"method":"status"}\n');
    await expect.poll(() => replies.length).toBe(2);
    expect(JSON.parse(replies[0]!)).toMatchObject({ id: 0, error: { name: 'BadRequestError' } });
    expect(JSON.parse(replies[1]!)).toMatchObject({ id: 9, result: { onion: 'me' } });
    raw.destroy();
  });

  it('drops a client whose line never ends, without buffering it', async () => {
    const { socketPath } = await start();
    const raw = createConnection(socketPath);
    const closed = new Promise<string>((resolve) => {
      let text = '';
      raw.on('data', (chunk: Buffer) => (text += chunk.toString()));
      raw.on('close', () => resolve(text));
    });
    raw.write(Buffer.alloc(MAX_REQUEST_LINE_BYTES + 10, 0x61));
    expect(JSON.parse((await closed).trim())).toMatchObject({ error: { name: 'LineTooLongError' } });
  });

  it('refuses to start twice on one profile, and says when nothing runs', async () => {
    const { socketPath, api } = await start();
    await expect(serveNodeApi(api, socketPath)).rejects.toThrow(errorNamed('DaemonAlreadyRunningError'));
    await server?.close();
    server = undefined;
    await expect(DaemonClient.connect(socketPath)).rejects.toBeInstanceOf(DaemonNotRunningError);
  });
});
