// `burrow testnet` argument handling and output formatting (no tor: the commands that reach a
// network are exercised against the shared one in test/tor/testnet.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatStatus, joinHint, renderProgressBar, runTestnetCommand } from '../../../src/cli/testnet.js';
import { captureConsole, type ConsoleCapture } from '../../shared/console-capture.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

let printed: ConsoleCapture;
let root: string;

beforeEach(() => {
  printed = captureConsole();
  root = tempDir('burrow-testnet-cli-');
});
afterEach(() => {
  printed.restore();
  removeTempDirs();
});

describe('burrow testnet: bad arguments exit 2 with a message naming the fix', () => {
  const cases: [string[], RegExp][] = [
    [[], /Usage: burrow testnet/],
    [['launch'], /unknown command "launch"/],
    [['start'], /--dir DIR is required/],
    [['status', '--dir'], /--dir/],
    [['stop', '--dir', 'x', 'extra'], /unexpected argument "extra"/],
    [['start', '--dir', 'x', '--relays', 'two'], /--relays wants a whole number/],
    [['start', '--dir', 'x', '--relays', '-1'], /relays/],
    [['start', '--dir', 'x', '--relays', '0'], /at least 4 relays/],
    [['start', '--dir', 'x', '--color'], /color/],
    [['stop', '--dir', 'x', '--json'], /json/],
    [['status', '--dir', 'x', '--relays', '3'], /relays/],
  ];
  for (const [argv, message] of cases) {
    it(`burrow testnet ${argv.join(' ')}`, async () => {
      expect(await runTestnetCommand(argv)).toBe(2);
      expect(printed.err()).toMatch(message);
      expect(printed.out()).toBe('');
    });
  }
});

describe('burrow testnet --help', () => {
  for (const argv of [['--help'], ['help'], ['start', '--help'], ['status', '-h'], ['stop', '--help']]) {
    it(`burrow testnet ${argv.join(' ')} prints usage and exits 0`, async () => {
      expect(await runTestnetCommand(argv)).toBe(0);
      expect(printed.out()).toMatch(/^Usage: burrow testnet/);
    });
  }
});

describe('status and stop of a directory without a network', () => {
  it('status says so and exits 1', async () => {
    expect(await runTestnetCommand(['status', '--dir', root])).toBe(1);
    expect(printed.out()).toBe(`No private Tor network is running in ${root}.`);
  });

  it('status --json is machine-readable', async () => {
    expect(await runTestnetCommand(['status', '--dir', root, '--json'])).toBe(1);
    expect(JSON.parse(printed.out())).toEqual({ dir: root, running: false, processes: [], strays: [] });
  });

  it('stop is a no-op that says so', async () => {
    expect(await runTestnetCommand(['stop', '--dir', root])).toBe(0);
    expect(printed.out()).toBe(`No private Tor network was running in ${root}.`);
  });
});

describe('output formatting', () => {
  it('draws a progress bar', () => {
    expect(renderProgressBar({ message: 'Generating keys', fraction: 0.5 }, 10)).toBe(
      '[#####-----]  50% Generating keys',
    );
    expect(renderProgressBar({ message: 'done', fraction: 1.7 }, 4)).toBe('[####] 100% done');
    expect(renderProgressBar({ message: 'x', fraction: -1 }, 4)).toBe('[----]   0% x');
  });

  it('tells a node how to join, quoting a directory with spaces for the shell', () => {
    expect(joinHint('/tmp/net')).toBe('burrow <command> --testnet /tmp/net');
    expect(joinHint("/tmp/my net's")).toBe("burrow <command> --testnet '/tmp/my net'\\''s'");
  });

  it('lists processes and the consensus in a status report', () => {
    const text = formatStatus({
      dir: '/tmp/net',
      running: false,
      startedAt: '2026-11-21T11:30:00.000Z',
      processes: [
        { name: 'auth0', role: 'authority', pid: 101, alive: true },
        { name: 'relay0', role: 'relay', pid: 102, alive: false },
      ],
      strays: [],
      consensusRelays: 2,
      consensusValidAfter: '2026-11-21 11:30:00',
    });
    expect(text.split('\n')).toEqual([
      'Private Tor network in /tmp/net: NOT running (1 of 2 tor processes alive)',
      '  started 2026-11-21T11:30:00.000Z',
      '  auth0    authority pid 101      alive',
      '  relay0   relay     pid 102      exited',
      '  consensus lists 2 of 2 relays (valid after 2026-11-21 11:30:00 UTC)',
    ]);
  });

  it('points at leftovers of an unfinished start', () => {
    expect(
      formatStatus({ dir: '/tmp/net', running: false, processes: [], strays: [{ name: 'auth0', pid: 7 }] }),
    ).toMatch(/auth0 \(pid 7\).*burrow testnet stop --dir \/tmp\/net/);
  });
});
