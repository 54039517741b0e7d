/**
 * `burrow demo` as a newcomer runs it, in a real terminal: it starts its own private Tor
 * network (its progress on screen), the onboarding creates the demo profile, Ada is a friend
 * who answers, Grace's contact request arrives and is accepted, and /quit stops every process
 * the demo started and removes its directory; so does Ctrl+C while the network boots.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestnet } from '../../src/testnet/index.js';
import { BURROW_BIN } from '../shared/burrow-cli.js';
import { LOCAL_STEP_MS, NETWORK_STEP_MS, onboard, pane, sidebar } from './helpers/burrow-tui.js';
import { isAlive, torsUnder } from './helpers/processes.js';
import { killTmuxServer, TmuxTerminal } from './helpers/tmux-terminal.js';

/** The demo boots a network of its own (~10 s; more on a loaded machine), then several network steps. */
const DEMO_TEST_MS = 6 * NETWORK_STEP_MS;

describe('burrow demo', { timeout: DEMO_TEST_MS }, () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'burrow-demo-test-')));
  const dir = join(root, 'demo');
  const server = `burrow-demo-test-${process.pid}`;

  afterAll(async () => {
    await killTmuxServer(server);
    rmSync(root, { recursive: true, force: true });
  });

  it('stops every tor it started when Ctrl+C interrupts the network boot', async () => {
    const interrupted = join(root, 'interrupted');
    const terminal = await TmuxTerminal.start({
      server,
      name: 'interrupted',
      command: [process.execPath, BURROW_BIN, 'demo', '--dir', interrupted],
      cwd: root,
    });
    let launched: number[] = [];
    await terminal.waitFor(
      'the network’s tors to run',
      (screen) => screen.includes('Waiting for') && (launched = torsUnder(interrupted)).length === 5,
      NETWORK_STEP_MS,
    );
    await terminal.press('C-c');
    expect(await terminal.exitStatus(LOCAL_STEP_MS)).toBe(130);
    expect(await terminal.screen()).toContain('interrupted; every process it had started was stopped');
    expect(launched.filter(isAlive)).toEqual([]);
    expect(existsSync(interrupted)).toBe(false);
  });

  it('boots offline, chats with Ada, befriends Grace, and stops every process it started', async () => {
    const terminal = await TmuxTerminal.start({
      server,
      name: 'demo',
      command: [process.execPath, BURROW_BIN, 'demo', '--dir', dir],
      cwd: root,
    });
    let sawProgress = false;
    await terminal.waitFor(
      'the onboarding screen',
      (screen) => screen.includes('Your name:'),
      NETWORK_STEP_MS,
      (screen) => {
        sawProgress ||= /\[[#-]+\] +\d+% /.test(screen);
      },
    );
    expect(sawProgress).toBe(true);
    await onboard(terminal, 'Sam', 'a passphrase for the demo');

    // Ada is a friend from the start, comes online and says hello.
    await terminal.waitFor(
      'Ada online with her greeting',
      (screen) => sidebar(screen).some((row) => /^\d ● Ada$/.test(row)) && screen.includes("I'm Ada"),
      NETWORK_STEP_MS,
    );
    const started = [...readTestnet(join(dir, 'network')).nodes.map((node) => node.pid), ...torsUnder(dir)];
    // The network's five tors, the scripted friends' tor and the user's.
    expect(new Set(started).size).toBe(7);

    await terminal.enter('hello Ada, this is the test');
    const answered = await terminal.waitFor(
      'Ada’s answer',
      (screen) => screen.includes('Got it: “hello Ada, this is the test”'),
      NETWORK_STEP_MS,
    );
    expect(pane(answered)).toMatch(/✓✓ Sam +hello Ada, this is the test/);

    const request = await terminal.waitFor(
      'Grace’s contact request',
      (screen) => sidebar(screen).includes('1 ? Grace'),
      NETWORK_STEP_MS,
    );
    expect(sidebar(request)).toContain('Requests (1)');
    await terminal.enter('/accept grace');
    await terminal.waitFor(
      'the accept to be confirmed',
      (screen) => screen.includes('You and Grace are now friends.'),
      LOCAL_STEP_MS,
    );
    await terminal.waitFor(
      'Grace online with her thanks',
      (screen) => screen.includes('Thanks for accepting!') && screen.includes('2/2 online'),
      NETWORK_STEP_MS,
    );

    await terminal.enter('/quit');
    expect(await terminal.exitStatus(LOCAL_STEP_MS)).toBe(0);
    expect(await terminal.screen()).toContain('Demo over: every process it started has stopped');
    expect(started.filter(isAlive)).toEqual([]);
    expect(torsUnder(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
