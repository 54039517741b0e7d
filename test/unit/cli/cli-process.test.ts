// `burrow` as a script or a user meets it: a child process of bin/burrow.js (built dist/), its exit
// status, what goes to stdout and what to stderr, and the help of every command without a daemon.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { runBurrow } from '../../shared/burrow-cli.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
/** No daemon, no real profile: the commands must not need either to answer these. */
const ISOLATED = { BURROW_HOME: '/nonexistent/burrow-home', BURROW_PASSPHRASE: '' };

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => [...line].length));
}

afterAll(removeTempDirs);

describe('burrow --version', () => {
  it.each(['--version', '-V'])('%s prints the version on stdout and exits 0', async (flag) => {
    const result = await runBurrow([flag], ISOLATED);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe(version);
  });
});

describe('help', () => {
  it('`burrow --help` fits 80 columns and lists the exit statuses', async () => {
    const result = await runBurrow(['--help'], ISOLATED);
    expect(result.code).toBe(0);
    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
    const statuses = result.stdout.slice(result.stdout.indexOf('Exit statuses:'));
    for (const code of Object.values(EXIT)) expect(statuses).toMatch(new RegExp(`(^| )${code}  [a-z]`, 'm'));
  });

  it('`burrow ctl group invite --help` has its own page, without a daemon', async () => {
    const result = await runBurrow(['ctl', 'group', 'invite', '--help'], ISOLATED);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: burrow ctl group invite <group> <onion>/);
  });

  it('`burrow ctl group help` and `burrow ctl help group` need no daemon', async () => {
    for (const args of [
      ['group', 'help'],
      ['help', 'group'],
      ['group', 'create', 'help'],
    ]) {
      const result = await runBurrow(['ctl', ...args], ISOLATED);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: burrow ctl group');
    }
  });
});

describe('usage errors', () => {
  it.each([
    [['nosuch'], 'unknown command'],
    [['ctl'], 'Usage: burrow ctl'],
    [['ctl', 'nosuch'], 'unknown ctl command'],
    [['ctl', 'send'], 'wrong number of arguments'],
    [['init', '--bogus'], '--bogus'],
    [['ctl', 'status', '--limit', '3'], 'does not go with'],
  ])('burrow %j goes to stderr with exit 2', async (args, message) => {
    const result = await runBurrow(args, ISOLATED);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});

describe('failures a script tells apart by exit status', () => {
  let profile: string;
  beforeAll(async () => {
    profile = join(tempDir('burrow-cli-'), 'profile');
    const created = await runBurrow(['init', '--profile', profile, '--name', 'Ada'], {
      BURROW_PASSPHRASE: 'correct horse battery',
    });
    expect(created.code).toBe(0);
  });

  it('a missing profile is said to be missing, with the --profile the user gave', async () => {
    const result = await runBurrow(['ctl', '--profile', '/missing', 'status'], ISOLATED);
    expect(result.code).toBe(EXIT.noProfile);
    expect(result.stderr).toContain('no Burrow profile in /missing');
    expect(result.stderr).toContain('burrow init --profile /missing');
  });

  it('no daemon: exit 5, and the hint starts the daemon of the same profile', async () => {
    const result = await runBurrow(['ctl', 'status', '--profile', profile], ISOLATED);
    expect(result.code).toBe(EXIT.noDaemon);
    expect(result.stderr).toContain(`burrow daemon --profile ${profile}`);
  });

  it('a wrong passphrase: exit 4', async () => {
    const result = await runBurrow(['id', '--profile', profile], { BURROW_PASSPHRASE: 'not the passphrase' });
    expect(result.code).toBe(EXIT.wrongPassphrase);
    expect(result.stderr).toContain('Wrong passphrase');
  });

  it.each([
    ['/nonexistent/tor', 'BURROW_TOR is set to /nonexistent/tor'],
    ['/bin/false', 'does not run as tor'],
  ])('BURROW_TOR=%s: exit 6 before the passphrase is asked', async (tor, message) => {
    // No passphrase source and no terminal: reaching the prompt would be a usage error (2).
    const result = await runBurrow(['daemon', '--profile', profile], { ...ISOLATED, BURROW_TOR: tor });
    expect(result.code).toBe(EXIT.tor);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('`burrow` (the UI) with no tor says so before asking anything', async () => {
    const result = await runBurrow(['--profile', profile], { ...ISOLATED, BURROW_TOR: '/nonexistent/tor' });
    expect(result.code).toBe(EXIT.tor);
    expect(result.stdout).toBe('');
  });

  it('a profile path too long for Linux is refused before tor starts', async () => {
    const long = join(profile, 'x'.repeat(200), 'y'.repeat(200), ...Array.from({ length: 20 }, () => 'z'.repeat(200)));
    const result = await runBurrow(['daemon', '--profile', long], { ...ISOLATED, BURROW_TOR: '/nonexistent/tor' });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('Choose a shorter --profile');
  });
});
