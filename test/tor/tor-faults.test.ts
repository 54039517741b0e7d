/**
 * The fast version of `npm run bench -- tor-faults`: Ada's node runs on a tor of its own, her
 * friend Bob's on another. Her tor is killed (SIGKILL), later it hangs (SIGSTOP): each time the
 * friends' session goes, Burrow relaunches tor (the hung one once the control-port liveness
 * check gives up on it), publishes Ada's onion again and the two are back online with each
 * other, and a message sent afterwards arrives.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend } from '../shared/befriend.js';
import { TOR_WAIT, TorPeer, untilTor } from '../shared/tor-peer.js';
import { launchTestTor, type TestTor } from './helpers/launch-test-tor.js';

let workDir: string;
const tors: TestTor[] = [];
const peers: TorPeer[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-tor-faults-'));
  tors.push(...(await Promise.all([launchTestTor(), launchTestTor()])));
});

afterAll(async () => {
  await Promise.all(peers.map((peer) => peer.stop().catch(() => undefined)));
  await Promise.all(tors.map((tor) => tor.stop()));
  await rm(workDir, { recursive: true, force: true });
});

const arrived = (peer: TorPeer, text: string): boolean =>
  peer.events.some(
    (event) => event.type === 'message' && event.message.direction === 'in' && event.message.text === text,
  );

describe('Burrow’s tor dies or hangs', () => {
  it('relaunches a killed tor and a hung one; friends reconnect and chat each time', async () => {
    const run = await mkdtemp(join(workDir, 'run-'));
    const [ada, bob] = await Promise.all(
      ['ada', 'bob'].map((name, i) => TorPeer.create({ name, dir: join(run, name), tor: tors[i]! })),
    );
    peers.push(ada!, bob!);
    await befriend(ada!, bob!, TOR_WAIT);

    for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
      const pid = ada!.tor.tor.pid!;
      process.kill(pid, signal);
      await untilTor(
        async () => !(await bob!.isOnlineWith(ada!)) || !(await ada!.isOnlineWith(bob!)),
        `the session goes after ${signal}`,
      );
      await untilTor(
        async () => (await ada!.isOnlineWith(bob!)) && (await bob!.isOnlineWith(ada!)),
        `Ada and Bob online again after ${signal}`,
      );
      expect(ada!.tor.tor.pid).not.toBe(pid);
      const text = `after ${signal}`;
      await ada!.node.sendMessage(bob!.onion, text);
      await untilTor(() => arrived(bob!, text), `Bob gets Ada’s message after ${signal}`);
    }
  }, 600_000);
});
