/**
 * Nothing leaves except through tor: two `burrow daemon`s run under strace while they befriend,
 * chat, share a group and a file over the private network. Every socket call of the Burrow
 * processes (not of their tors) must be a TCP connection to one of its own tor's loopback
 * ports, a bind or accept on loopback (the onion service's target), or a Unix socket (the ctl
 * socket): no UDP (so no DNS), no other address, no raw or netlink socket.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ContactView } from '../../src/node/api.js';
import type { GroupInviteView, GroupView, GroupMessageView } from '../../src/groups/feature/api.js';
import type { TransferView } from '../../src/files/feature/api.js';
import { callsOutsideTor, loopbackPortsOf, programOf, readTraces } from '../shared/syscall-trace.js';
import { ctlJson, runBurrow, startDaemon, type RunningDaemon } from '../shared/burrow-cli.js';

const POLL = { timeout: 120_000, interval: 500 };

interface Person {
  readonly name: string;
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly tracePrefix: string;
  onion: string;
  daemon?: RunningDaemon;
}

describe('nothing outside Tor', () => {
  const roots: string[] = [];
  const people: Person[] = [];
  const person = (root: string, name: string): Person => {
    mkdirSync(join(root, `${name}-trace`));
    return {
      name,
      profile: join(root, name),
      env: { BURROW_PASSPHRASE: `${name} passphrase for strace` },
      tracePrefix: join(root, `${name}-trace`, 'trace'),
      onion: '',
    };
  };

  afterAll(async () => {
    await Promise.all(people.map((who) => who.daemon?.kill() ?? Promise.resolve()));
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('befriends, chats, shares a group and a file with every Burrow socket on its own tor or loopback', async () => {
    // A directory per attempt: a retry starts from new profiles.
    const root = mkdtempSync(join(tmpdir(), 'burrow-strace-'));
    roots.push(root);
    const [ada, bob] = [person(root, 'ada'), person(root, 'bob')];
    people.push(ada, bob);
    for (const who of [ada, bob]) {
      const created = await runBurrow(['init', '--json', '--profile', who.profile, '--name', who.name], who.env);
      expect(created.code, created.stderr).toBe(0);
      who.onion = (JSON.parse(created.stdout) as { onion: string }).onion;
    }
    const wrapper = (who: Person): string[] => ['strace', '-ff', '-e', 'trace=network,process', '-o', who.tracePrefix];
    await Promise.all(
      [ada, bob].map(async (who) => {
        who.daemon = await startDaemon(who.profile, who.env, {
          torFlags: ['--testnet', inject('testnetDir')],
          wrapper: wrapper(who),
          timeoutMs: 180_000,
        });
      }),
    );

    await ctlJson(ada.profile, ['add', bob.onion, 'hello from ada']);
    await expect.poll(async () => ((await ctlJson(bob.profile, ['requests'])) as ContactView[]).length, POLL).toBe(1);
    await ctlJson(bob.profile, ['accept', ada.onion]);
    // Bob's accept travels to Ada over Tor; until it arrives she may not write to him yet.
    await expect
      .poll(async () => ((await ctlJson(ada.profile, ['contacts'])) as ContactView[])[0]?.state, POLL)
      .toBe('friend');
    await ctlJson(ada.profile, ['send', bob.onion, 'a secret only bob reads']);
    await expect
      .poll(async () => ((await ctlJson(bob.profile, ['history', ada.onion])) as unknown[]).length, POLL)
      .toBe(1);

    const group = (await ctlJson(ada.profile, ['group', 'create', 'den'])) as GroupView;
    await ctlJson(ada.profile, ['group', 'invite', group.id, bob.onion]);
    let invite: GroupInviteView | undefined;
    await expect
      .poll(async () => {
        invite = ((await ctlJson(bob.profile, ['group', 'invitations'])) as GroupInviteView[])[0];
        return invite !== undefined;
      }, POLL)
      .toBe(true);
    await ctlJson(bob.profile, ['group', 'accept', invite!.id]);
    await expect
      .poll(async () => ((await ctlJson(bob.profile, ['group', 'list'])) as GroupView[]).length, POLL)
      .toBe(1);
    await ctlJson(bob.profile, ['group', 'send', group.id, 'hello den']);
    await expect
      .poll(
        async () =>
          ((await ctlJson(ada.profile, ['group', 'history', group.id])) as GroupMessageView[]).some(
            (message) => message.text === 'hello den',
          ),
        POLL,
      )
      .toBe(true);

    const source = join(root, 'notes.txt');
    writeFileSync(source, 'burrow sends nothing outside tor\n'.repeat(2000));
    const offered = (await ctlJson(ada.profile, ['send-file', bob.onion, source])) as TransferView;
    await expect
      .poll(
        async () => ((await ctlJson(bob.profile, ['files'])) as TransferView[]).some((t) => t.id === offered.id),
        POLL,
      )
      .toBe(true);
    const downloads = join(root, 'downloads');
    mkdirSync(downloads);
    await ctlJson(bob.profile, ['accept-file', offered.id, downloads]);
    await expect
      .poll(
        async () => ((await ctlJson(bob.profile, ['files'])) as TransferView[]).find((t) => t.id === offered.id)?.state,
        POLL,
      )
      .toBe('complete');

    for (const who of [ada, bob]) expect(await who.daemon!.stop()).toBe(0);

    for (const who of [ada, bob]) {
      const traces = readTraces(who.tracePrefix);
      const torPorts = loopbackPortsOf(traces, 'tor');
      // The trace saw the daemon's tor bind its SOCKS and control ports, and the daemon connect.
      expect(torPorts.size, `${who.name}'s tor ports`).toBeGreaterThanOrEqual(2);
      const burrow = [...traces.values()].filter((trace) => programOf(traces, trace.pid) === 'node');
      const connects = burrow.flatMap((trace) => trace.calls.filter((call) => call.call === 'connect'));
      expect(connects.some((call) => call.family === 'AF_INET' && torPorts.has(call.port ?? -1))).toBe(true);
      const outside = burrow.flatMap((trace) => callsOutsideTor(trace, torPorts).map((call) => call.line));
      expect(outside, `${who.name}'s socket calls outside tor`).toEqual([]);
    }
  }, 600_000);
});
