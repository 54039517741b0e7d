/**
 * The TUI's end-to-end path in a real terminal: two people run the real `burrow` in tmux on
 * the suite's private Tor network and drive the UI with keys only: onboarding, /add, the
 * request arriving and /accept, chat both ways with delivery marks and presence dots, an
 * action line (/me) and /search, /quit.
 * Assertions read the captured panes, as a person reads the screen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BURROW_BIN } from '../shared/burrow-cli.js';
import { LOCAL_STEP_MS, NETWORK_STEP_MS, onboard, pane, sidebar } from './helpers/burrow-tui.js';
import { torsUnder } from './helpers/processes.js';
import { killTmuxServer, TmuxTerminal } from './helpers/tmux-terminal.js';

/** Several network steps in one test: each has its own deadline (burrow-tui.ts), the test the sum. */
const MULTI_STEP_TEST_MS = 4 * NETWORK_STEP_MS;

describe('two people chat in the terminal UI over the private Tor network', { timeout: MULTI_STEP_TEST_MS }, () => {
  const testnetDir = inject('testnetDir');
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'burrow-tui-e2e-')));
  const server = `burrow-tui-e2e-${process.pid}`;
  const alice = {
    name: 'Alice',
    profile: join(root, 'alice'),
    passphrase: 'alice types a long passphrase',
    onion: '',
    terminal: undefined as unknown as TmuxTerminal,
  };
  const bob = {
    name: 'Bob',
    profile: join(root, 'bob'),
    passphrase: 'bob types another passphrase',
    onion: '',
    terminal: undefined as unknown as TmuxTerminal,
  };

  beforeAll(async () => {
    for (const who of [alice, bob]) {
      who.terminal = await TmuxTerminal.start({
        server,
        name: who.name.toLowerCase(),
        command: [process.execPath, BURROW_BIN, '--profile', who.profile, '--testnet', testnetDir],
        cwd: root,
      });
    }
  });

  afterAll(async () => {
    await killTmuxServer(server);
    rmSync(root, { recursive: true, force: true });
  });

  it('onboards both, with an onion address each', async () => {
    [alice.onion, bob.onion] = await Promise.all([
      onboard(alice.terminal, alice.name, alice.passphrase),
      onboard(bob.terminal, bob.name, bob.passphrase),
    ]);
    expect(alice.onion).not.toBe(bob.onion);
    // The address is the same one the status bar shows.
    // (The first frame of the main screen comes before the node's first answer: wait for it.)
    await alice.terminal.waitFor(
      'our address in the status bar',
      (screen) => screen.includes(alice.onion.slice(0, 12)),
      LOCAL_STEP_MS,
    );
  });

  it('Alice adds Bob; Bob sees the request under her name and accepts it', async () => {
    await alice.terminal.enter(`/add ${bob.onion} hi Bob, it is Alice`);
    await alice.terminal.waitFor(
      'the request to be sent',
      (screen) => screen.includes('Contact request sent') && sidebar(screen).some((row) => /^1 … /.test(row)),
      LOCAL_STEP_MS,
    );

    const request = await bob.terminal.waitFor(
      'the request to arrive',
      (screen) => screen.includes('hi Bob, it is Alice'),
      NETWORK_STEP_MS,
    );
    expect(sidebar(request)).toContain('Requests (1)');
    expect(sidebar(request)).toContain('1 ? Alice');
    expect(pane(request)).toContain('Contact request from Alice');
    expect(pane(request)).toContain(`${alice.onion}.onion`);

    await bob.terminal.enter('/accept');
    await bob.terminal.waitFor(
      'the accept to be confirmed',
      (screen) => screen.includes('You and Alice are now friends.'),
      LOCAL_STEP_MS,
    );
    // Presence: each sees the other connected (● in the sidebar, 1/1 in the status bar).
    await alice.terminal.waitFor(
      'Bob online',
      (screen) => sidebar(screen).includes('1 ● Bob') && screen.includes('1/1 online'),
      NETWORK_STEP_MS,
    );
    await bob.terminal.waitFor(
      'Alice online',
      (screen) => sidebar(screen).includes('1 ● Alice') && screen.includes('1/1 online'),
      NETWORK_STEP_MS,
    );
  });

  it('chats both ways, with delivery marks', async () => {
    await alice.terminal.enter('Hello Bob, this went over Tor');
    const received = await bob.terminal.waitFor(
      'Alice’s message',
      (screen) => screen.includes('Hello Bob, this went over Tor'),
      NETWORK_STEP_MS,
    );
    expect(pane(received)).toMatch(/\d\d:\d\d +Alice Hello Bob, this went over Tor/);
    await alice.terminal.waitFor(
      'the delivered mark',
      (screen) => /\d\d:\d\d ✓✓ Alice +Hello Bob, this went over Tor/.test(pane(screen)),
      NETWORK_STEP_MS,
    );

    await bob.terminal.enter('Hi Alice, loud and clear');
    const reply = await alice.terminal.waitFor(
      'Bob’s reply',
      (screen) => screen.includes('Hi Alice, loud and clear'),
      NETWORK_STEP_MS,
    );
    expect(pane(reply)).toMatch(/\d\d:\d\d +Bob +Hi Alice, loud and clear/);
    await bob.terminal.waitFor(
      'the delivered mark',
      (screen) => /\d\d:\d\d ✓✓ Bob +Hi Alice, loud and clear/.test(pane(screen)),
      NETWORK_STEP_MS,
    );
  });

  it('shows an action line and finds a message with /search, as terminal chat users expect', async () => {
    await alice.terminal.enter('/me waves from the terminal');
    await bob.terminal.waitFor(
      'Alice’s action line',
      (screen) => pane(screen).includes('* Alice waves from the terminal'),
      NETWORK_STEP_MS,
    );
    await bob.terminal.enter('/search went over');
    const results = await bob.terminal.waitFor(
      'the search results',
      (screen) => screen.includes('Search "went over" in Alice: 1 match'),
      LOCAL_STEP_MS,
    );
    expect(results).toMatch(/› Alice .*Alice: Hello Bob, this went over Tor/);
    await bob.terminal.press('Escape');
    await bob.terminal.waitFor('the conversation again', (screen) => !screen.includes('Search "'), LOCAL_STEP_MS);
  });

  it('quits with /quit: the program exits cleanly and no tor of theirs remains', async () => {
    for (const who of [alice, bob]) expect(torsUnder(who.profile)).toHaveLength(1);
    for (const who of [alice, bob]) await who.terminal.enter('/quit');
    for (const who of [alice, bob]) {
      expect(await who.terminal.exitStatus(LOCAL_STEP_MS)).toBe(0);
      expect(torsUnder(who.profile)).toEqual([]);
    }
  });
});
