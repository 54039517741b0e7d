/**
 * The suite's shared private Tor network (started by global-setup.ts): it runs, every relay
 * serves a full consensus, and a client tor configured with `testnetClientTorrc` joins it and
 * becomes ready for onion services. Starts no network itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runTestnetCommand } from '../../src/cli/testnet.js';
import { closeQuietly, openControl } from '../../src/testnet/control.js';
import { listsEvery, parseRouterStatuses, countMicrodescriptors } from '../../src/testnet/consensus.js';
import {
  readTestnet,
  startTestnet,
  testnetClientTorrc,
  testnetStatus,
  waitForOnionReadiness,
} from '../../src/testnet/index.js';
import { nodePaths } from '../../src/testnet/layout.js';
import { TorControlClient } from '../../src/transport/tor/control/index.js';
import { findTorBinary } from '../../src/transport/tor/tor-binary.js';
import { parseControlPortFile } from '../../src/transport/tor/tor-process-config.js';
import { renderTorrc } from '../../src/transport/tor/torrc.js';
import { printedBy } from '../shared/console-capture.js';
import { errorNamed } from '../shared/errors.js';

const dir = inject('testnetDir');
const scratch = mkdtempSync(join(tmpdir(), 'burrow-testnet-client-'));

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the shared private Tor network', () => {
  it('runs: every process alive, and the consensus lists every relay', async () => {
    const info = readTestnet(dir);
    const status = await testnetStatus(dir);
    expect(status.running).toBe(true);
    expect(status.processes.map((p) => [p.name, p.alive])).toEqual(info.nodes.map((node) => [node.name, true]));
    expect(status.consensusRelays).toBe(info.nodes.length);
    expect(info.nodes.filter((node) => node.role === 'authority')).toHaveLength(3);
    expect(info.nodes.filter((node) => node.role === 'relay')).toHaveLength(2);
  });

  it('has every relay serving a consensus that lists all relays as HSDirs, with all microdescriptors', async () => {
    const info = readTestnet(dir);
    const fingerprints = info.nodes.map((node) => node.fingerprint);
    for (const node of info.nodes) {
      const control = await openControl(node.controlPort, nodePaths(dir, node.name).cookieFile);
      try {
        const answers = await control.getInfo(['ns/all', 'md/all']);
        expect(listsEvery(parseRouterStatuses(answers.get('ns/all') ?? ''), fingerprints, 'HSDir'), node.name).toBe(
          true,
        );
        expect(countMicrodescriptors(answers.get('md/all') ?? ''), node.name).toBeGreaterThanOrEqual(info.nodes.length);
      } finally {
        await closeQuietly(control);
      }
    }
  });

  it('refuses to start a second network in its directory, and leaves it running', async () => {
    await expect(startTestnet({ dir })).rejects.toThrow(errorNamed('TestnetAlreadyRunningError'));
    expect((await testnetStatus(dir)).running).toBe(true);
  });

  it('reports itself through `burrow testnet status`', async () => {
    const printed = await printedBy(() => runTestnetCommand(['status', '--dir', dir, '--json']));
    expect(printed.result).toBe(0);
    const status = JSON.parse(printed.out) as { running: boolean; consensusRelays: number };
    expect(status).toMatchObject({ running: true, consensusRelays: readTestnet(dir).nodes.length });
  });

  it('lets a client tor with testnetClientTorrc join and become ready for onion services', async () => {
    const info = readTestnet(dir);
    const dataDir = join(scratch, 'client');
    const controlPortFile = join(dataDir, 'control-port');
    const torrc = join(scratch, 'client-torrc');
    const empty = join(scratch, 'empty');
    writeFileSync(empty, '');
    writeFileSync(
      torrc,
      renderTorrc([
        ['DataDirectory', dataDir],
        ['ControlPort', 'auto'],
        ['ControlPortWriteToFile', controlPortFile],
        ['CookieAuthentication', 1],
        ['SocksPort', 'auto ExtendedErrors'],
        ['DisableNetwork', 0],
        ['__OwningControllerProcess', process.pid],
        ['Log', `notice file ${join(scratch, 'client.log')}`],
        ...testnetClientTorrc(info),
      ]),
    );
    const tor = spawn(findTorBinary(), ['--defaults-torrc', empty, '-f', torrc], { stdio: 'ignore' });
    let control: TorControlClient | undefined;
    try {
      const began = Date.now();
      const endpoint = await waitForControlPort(controlPortFile, tor);
      control = await TorControlClient.connect({ ...endpoint, timeoutMs: 5_000 });
      await control.authenticate({ cookieFile: join(dataDir, 'control_auth_cookie') });
      await waitForOnionReadiness(control, info.nodes.length, { timeoutMs: 90_000 });
      console.log(`client tor ready for onion services ${((Date.now() - began) / 1000).toFixed(1)} s after launch`);
      const phase = (await control.getInfo(['status/bootstrap-phase'])).get('status/bootstrap-phase');
      expect(phase).toContain('PROGRESS=100');
    } finally {
      if (control !== undefined) await closeQuietly(control);
      await stopChild(tor);
    }
  });
});

/** Polls the file ControlPortWriteToFile writes; fails fast if tor exits first. */
async function waitForControlPort(file: string, tor: ChildProcess): Promise<{ host: string; port: number }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (tor.exitCode !== null) throw new Error(`the client tor exited with status ${tor.exitCode}`);
    const endpoint = parseControlPortFile(await readFile(file, 'utf8').catch(() => ''));
    if (endpoint !== undefined) return endpoint;
    await sleep(50);
  }
  throw new Error(`${file} never appeared`);
}

/** SIGTERM, then SIGKILL if the child has not exited within 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
