/**
 * `burrow demo` as a newcomer runs it, in a real terminal: it starts its own private Tor
 * network (its progress on screen), the onboarding creates the demo profile, Ada is a friend
 * who answers (with a reaction, a typo she fixes and a word on the timer the user sets), Grace's
 * contact request arrives and is accepted; Ada joins a group and answers there, Grace's own
 * group invitation is accepted, a file goes to Ada and hers comes back, Linus goes offline and
 * a message to him is held by Ada until he is back; the tour checks each step off; /quit stops
 * every process the demo started and removes its directory; so does Ctrl+C while the network
 * boots.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADA, GRACE } from '../../src/demo/personas.js';
import { readTestnet } from '../../src/testnet/index.js';
import { TOUR_HINT } from '../../src/tui/tour/tour-steps.js';
import { BURROW_BIN } from '../shared/burrow-cli.js';
import { LOCAL_STEP_MS, NETWORK_STEP_MS, onboard, pane, sidebar } from './helpers/burrow-tui.js';
import { isAlive, torsUnder } from './helpers/processes.js';
import { killTmuxServer, TmuxTerminal } from './helpers/tmux-terminal.js';

/** The demo boots a network of its own (~10 s; more on a loaded machine), then many network steps. */
const DEMO_TEST_MS = 10 * NETWORK_STEP_MS;

/** The sidebar number of the row whose name starts with `name` (contacts and groups). */
function rowNumber(screen: string, name: RegExp): string {
  const row = sidebar(screen).find((line) => name.test(line.replace(/^\d+ \S /, '')));
  const number = row === undefined ? undefined : /^(\d+) /.exec(row)?.[1];
  if (number === undefined) throw new Error(`no sidebar row for ${String(name)}:\n${screen}`);
  return number;
}

/**
 * Opens the sidebar row whose name matches `name` with Alt+its number, and waits for the pane's
 * header to show `header`. Numbers shift as requests and groups arrive, so it reads them afresh
 * and tries again if something arrived in between.
 */
async function openRow(terminal: TmuxTerminal, name: RegExp, header: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await terminal.press(`M-${rowNumber(await terminal.screen(), name)}`);
    try {
      await terminal.waitFor(`${header} open`, (screen) => pane(screen).split('\n')[0]!.includes(header), 5_000);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The pane's text on one line (a long message wraps), spaces collapsed. */
function flat(screen: string): string {
  return pane(screen)
    .split('\n')
    .map((line) => line.trim())
    .join(' ');
}

/** The line of the pane that shows our message `text`. */
function lineOf(screen: string, text: string): string {
  return (
    pane(screen)
      .split('\n')
      .find((line) => line.includes(text)) ?? ''
  );
}

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

  it('boots offline; chat, a request, groups, files and offline delivery with the tour; stops every process', async () => {
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
    await terminal.waitFor('the tour’s hint', (screen) => screen.includes(TOUR_HINT), LOCAL_STEP_MS);
    await terminal.enter('/tour');
    await terminal.waitFor('the tour’s first step', (screen) => screen.includes('Tour 0/5'), LOCAL_STEP_MS);

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
    await terminal.waitFor('the tour checks chat off', (screen) => screen.includes('Tour: ✓ chat'), LOCAL_STEP_MS);
    const answered = await terminal.waitFor(
      'Ada’s answer',
      (screen) => screen.includes('Got it: “hello Ada, this is the test”'),
      NETWORK_STEP_MS,
    );
    expect(pane(answered)).toMatch(/✓✓ Sam +hello Ada, this is the test/);
    // Taking messages back, from the other side: Ada reacts to the first message, fixes a typo
    // of hers with an edit, and answers a timer change.
    await terminal.waitFor(
      'Ada’s reaction and her fixed typo',
      (screen) =>
        lineOf(screen, 'hello Ada, this is the test').includes('👍 1') && flat(screen).includes('I just fixed a typo'),
      NETWORK_STEP_MS,
    );
    await terminal.enter('/timer 1h');
    await terminal.waitFor(
      'Ada notes the timer',
      (screen) => flat(screen).includes('each message here now disappears 1 hour after it is read'),
      NETWORK_STEP_MS,
    );

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

    // A group of the user's own: Ada accepts, says hello and answers there.
    await terminal.enter('/group create testers');
    await terminal.enter('/group invite ada');
    await terminal.waitFor(
      'Ada’s hello in the group',
      (screen) => screen.includes('Hello everyone in testers'),
      NETWORK_STEP_MS,
    );
    await terminal.enter('hello group');
    await terminal.waitFor(
      'Ada’s answer in the group, and the tour',
      (screen) => screen.includes('“hello group” reached me'),
      NETWORK_STEP_MS,
    );

    // Grace's group: her invitation arrives, is accepted, and she and Ada say hello in it.
    await terminal.waitFor(
      'Grace’s invitation',
      (screen) => sidebar(screen).some((row) => row.startsWith('Invitations (1)')),
      NETWORK_STEP_MS,
    );
    await terminal.enter('/group accept');
    await terminal.waitFor(
      'Grace’s group in the sidebar',
      (screen) => sidebar(screen).some((row) => /^\d+ # Grace/.test(row)),
      NETWORK_STEP_MS,
    );
    await openRow(terminal, /^Grace’s/, GRACE.ownGroup!);
    await terminal.waitFor(
      'Grace and Ada say hello in Grace’s group',
      (screen) =>
        screen.includes(GRACE.groupHello!(GRACE.ownGroup!)) && screen.includes(`Hello everyone in ${GRACE.ownGroup!}`),
      NETWORK_STEP_MS,
    );

    // Files: one to Ada, who says she verified it; hers accepted in /files.
    const notes = join(root, 'notes-for-ada.txt');
    writeFileSync(notes, 'notes for Ada\n'.repeat(50));
    await openRow(terminal, /^Ada$/, 'Ada');
    await terminal.enter(`/send ${notes}`);
    await terminal.waitFor(
      'Ada says she received the file, hash verified',
      (screen) => screen.includes('I received your file notes-for-ada.txt') && screen.includes('checked out:'),
      NETWORK_STEP_MS,
    );
    await terminal.enter('/files');
    await terminal.waitFor('Ada’s offer', (screen) => screen.includes(ADA.gift!.fileName), LOCAL_STEP_MS);
    const offers = (await terminal.screen()).split('\n');
    const giftRow = offers.findIndex((line) => line.includes(ADA.gift!.fileName));
    const firstRow = offers.findIndex(
      (line) => line.includes('notes-for-ada.txt') || line.includes(ADA.gift!.fileName),
    );
    for (let step = firstRow; step < giftRow; step++) await terminal.press('Down');
    await terminal.type('a');
    const downloaded = join(dir, 'downloads', ADA.gift!.fileName);
    await terminal.waitFor(
      'Ada’s file saved',
      () => existsSync(downloaded) && readFileSync(downloaded, 'utf8') === ADA.gift!.content,
      NETWORK_STEP_MS,
    );
    await terminal.press('Escape');

    // Linus: his request, then he goes offline; a message to him is held by Ada, then delivered.
    await terminal.waitFor(
      'Linus’s request',
      (screen) => sidebar(screen).some((row) => /^\d+ \? Linus/.test(row)),
      NETWORK_STEP_MS,
    );
    await terminal.enter('/accept linus');
    await terminal.waitFor(
      'Linus’s greeting',
      (screen) => screen.includes("I'll go offline in a moment"),
      NETWORK_STEP_MS,
    );
    await terminal.waitFor(
      'Linus offline',
      (screen) => sidebar(screen).some((row) => /^\d+ ○ Linus/.test(row)),
      NETWORK_STEP_MS,
    );
    await openRow(terminal, /^Linus$/, 'Linus');
    await terminal.enter('are you there, Linus?');
    await terminal.waitFor(
      'the message held by Ada',
      (screen) => lineOf(screen, 'are you there, Linus?').includes('»1'),
      NETWORK_STEP_MS,
    );
    await terminal.waitFor(
      'the message delivered once Linus is back, and his answer',
      (screen) =>
        lineOf(screen, 'are you there, Linus?').includes('✓✓') &&
        screen.includes('Back online: “are you there, Linus?” reached me'),
      NETWORK_STEP_MS,
    );
    await terminal.enter('/tour');
    await terminal.waitFor('the whole tour checked off', (screen) => screen.includes('Tour 5/5'), LOCAL_STEP_MS);

    await terminal.enter('/quit');
    expect(await terminal.exitStatus(LOCAL_STEP_MS)).toBe(0);
    expect(await terminal.screen()).toContain('Demo over: every process it started has stopped');
    expect(started.filter(isAlive)).toEqual([]);
    expect(torsUnder(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
