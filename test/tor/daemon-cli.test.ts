/**
 * The headless acceptance path, as a user runs it: two profiles, two `burrow daemon`s each with
 * its own tor on the private network, driven through `burrow ctl … --json`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContactView, MessageView } from '../../src/node/api.js';
import { ctlJson, runBurrow, startDaemon, type RunningDaemon } from '../shared/burrow-cli.js';

const POLL = { timeout: 90_000, interval: 300 };

describe('two daemons over the private Tor network', () => {
  const testnetDir = inject('testnetDir');
  const root = mkdtempSync(join(tmpdir(), 'burrow-daemons-'));
  const alice = { profile: join(root, 'alice'), env: { BURROW_PASSPHRASE: 'alice passphrase 1' } };
  // Bob's profile path is longer than a Unix socket path may be: his ctl socket lives elsewhere.
  const bob = {
    profile: join(root, 'a folder with a long name'.repeat(5), 'bob'),
    env: { BURROW_PASSPHRASE: 'bob passphrase 2' },
  };
  const running = new Set<RunningDaemon>();
  let aliceOnion = '';
  let bobOnion = '';
  let aliceDaemon: RunningDaemon;
  let bobDaemon: RunningDaemon;
  const secrets = [
    'first secret words over tor',
    'reply with hidden content',
    'sent while you were away',
    'Bobby-local-nickname',
  ];

  async function start(who: typeof alice): Promise<RunningDaemon> {
    const daemon = await startDaemon(who.profile, who.env, { torFlags: ['--testnet', testnetDir] });
    running.add(daemon);
    return daemon;
  }
  async function stop(daemon: RunningDaemon): Promise<void> {
    expect(await daemon.stop()).toBe(0);
    running.delete(daemon);
  }
  const history = (who: typeof alice, onion: string): Promise<MessageView[]> =>
    ctlJson(who.profile, ['history', onion]) as Promise<MessageView[]>;
  const contacts = (who: typeof alice): Promise<ContactView[]> =>
    ctlJson(who.profile, ['contacts']) as Promise<ContactView[]>;

  beforeAll(async () => {
    for (const who of [alice, bob]) {
      const created = await runBurrow(
        ['init', '--json', '--profile', who.profile, '--name', who === alice ? 'Alice' : 'Bob'],
        who.env,
      );
      expect(created.code, created.stderr).toBe(0);
    }
    aliceOnion = ((await ctlJsonOffline(alice)) as { onion: string }).onion;
    bobOnion = ((await ctlJsonOffline(bob)) as { onion: string }).onion;
    [aliceDaemon, bobDaemon] = await Promise.all([start(alice), start(bob)]);
  });

  afterAll(async () => {
    await Promise.all([...running].map((daemon) => daemon.kill()));
    rmSync(root, { recursive: true, force: true });
  });

  async function ctlJsonOffline(who: typeof alice): Promise<unknown> {
    const result = await runBurrow(['id', '--json', '--profile', who.profile], who.env);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as unknown;
  }

  it('adds, accepts and chats both ways', async () => {
    expect(aliceDaemon.onion).toBe(aliceOnion);
    await ctlJson(alice.profile, ['add', bobOnion, 'hi Bob, it is Alice']);
    await expect
      .poll(
        async () =>
          ((await ctlJson(bob.profile, ['requests'])) as ContactView[]).map((r) => [r.onion, r.requestMessage]),
        POLL,
      )
      .toEqual([[aliceOnion, 'hi Bob, it is Alice']]);
    const accepted = (await ctlJson(bob.profile, ['accept', aliceOnion])) as ContactView;
    expect(accepted.state).toBe('friend');
    await expect
      .poll(async () => (await contacts(alice)).find((c) => c.onion === bobOnion)?.state, POLL)
      .toBe('friend');

    await ctlJson(alice.profile, ['send', bobOnion, secrets[0]!]);
    await expect.poll(async () => (await history(bob, aliceOnion)).map((m) => m.text), POLL).toEqual([secrets[0]]);
    await expect.poll(async () => (await history(alice, bobOnion)).map((m) => m.state), POLL).toEqual(['delivered']);

    // --wait returns once Alice's node has confirmed the message.
    const confirmed = (await ctlJson(bob.profile, ['send', aliceOnion, secrets[1]!, '--wait', '90s'])) as MessageView;
    expect(['delivered', 'read']).toContain(confirmed.state);
    await expect
      .poll(async () => (await history(alice, bobOnion)).map((m) => [m.direction, m.text]), POLL)
      .toEqual([
        ['out', secrets[0]],
        ['in', secrets[1]],
      ]);
    const renamed = (await ctlJson(alice.profile, ['nick', bobOnion, secrets[3]!])) as ContactView;
    expect(renamed.nickname).toBe(secrets[3]);
  });

  it('keeps history across a restart, and delivers what was sent while the peer was down', async () => {
    await stop(bobDaemon);
    await ctlJson(alice.profile, ['send', bobOnion, secrets[2]!]);
    const waiting = (await history(alice, bobOnion)).at(-1)!;
    expect(waiting.text).toBe(secrets[2]);
    expect(['sending', 'sent']).toContain(waiting.state);
    // A script that must know: --wait gives up with exit status 7, and the message stays queued.
    const unconfirmed = await runBurrow([
      'ctl',
      'send',
      bobOnion,
      'are you there?',
      '--wait',
      '5s',
      '--profile',
      alice.profile,
    ]);
    expect(unconfirmed.code, unconfirmed.stderr).toBe(7);
    expect(unconfirmed.stderr).toMatch(/did not confirm the message within 5 seconds.*stays queued/s);

    bobDaemon = await start(bob);
    await expect
      .poll(async () => (await history(bob, aliceOnion)).map((m) => m.text), POLL)
      .toEqual([secrets[0], secrets[1], secrets[2], 'are you there?']);
    await expect.poll(async () => (await history(alice, bobOnion)).at(-1)?.state, POLL).toBe('delivered');
  });

  it('stops delivery once the peer is blocked', async () => {
    const blocked = (await ctlJson(bob.profile, ['block', aliceOnion])) as ContactView;
    expect(blocked.state).toBe('blocked');
    await expect.poll(async () => (await contacts(alice)).find((c) => c.onion === bobOnion)?.online, POLL).toBe(false);
    await ctlJson(alice.profile, ['send', bobOnion, 'after the block']);
    // Give Alice's node several reconnect attempts; none may get through.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect((await history(bob, aliceOnion)).map((m) => m.text)).not.toContain('after the block');
    expect((await history(alice, bobOnion)).at(-1)?.state).not.toBe('delivered');
  });

  it('leaves no message text, nickname or friend address readable in either profile', async () => {
    await Promise.all([stop(aliceDaemon), stop(bobDaemon)]);
    const needles = [...secrets, 'hi Bob, it is Alice', 'after the block', aliceOnion, bobOnion].map((text) =>
      Buffer.from(text, 'utf8'),
    );
    for (const profile of [alice.profile, bob.profile]) {
      const own = profile === alice.profile ? aliceOnion : bobOnion;
      for (const file of walk(profile)) {
        const bytes = readFileSync(file);
        for (const needle of needles) {
          // A profile may know its own address only inside the encrypted database too, but the
          // friend's address, every message and every nickname must never appear in the clear.
          if (needle.toString() === own) continue;
          expect(bytes.includes(needle), `${needle.toString()} readable in ${file}`).toBe(false);
        }
      }
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return walk(path);
    return stat.isFile() ? [path] : [];
  });
}
