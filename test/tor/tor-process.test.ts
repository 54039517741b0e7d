/**
 * The tor process manager against real tor 0.4.9: launching, restarting, stopping, attaching
 * and the ways a start fails. Most tors here run with `DisableNetwork 1` (offline, up in
 * milliseconds); the last test joins the suite's private Tor network and bootstraps to 100 %.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { AbortedError } from '../../src/errors.js';
import { readTestnet, testnetClientTorrc } from '../../src/testnet/index.js';
import { parseControlPortFile, torProcessPaths } from '../../src/transport/tor/tor-process-config.js';
import {
  TorExitedError,
  TorProcess,
  type BootstrapStatus,
  type TorStartFailed,
} from '../../src/transport/tor/tor-process.js';
import type { TorrcEntry } from '../../src/transport/tor/torrc.js';
import { torMissing } from '../../src/transport/tor/tor-binary.js';
import { errorNamed } from '../shared/errors.js';

const root = mkdtempSync(join(tmpdir(), 'burrow-tor-process-'));
const running: TorProcess[] = [];
let dirCount = 0;

/** A fresh, not yet existing data directory under this file's temporary root. */
function dataDir(): string {
  dirCount += 1;
  return join(root, `tor-${dirCount}`);
}

/**
 * A network tor can "enable" without leaving the machine: one fake directory authority on a
 * closed loopback port. With it, `SETCONF DisableNetwork=0` opens the SOCKS port but never
 * dials the internet.
 */
const OFFLINE_NETWORK: TorrcEntry[] = [
  ['TestingTorNetwork', 1],
  ['DirAuthority', `nowhere orport=1 no-v2 v3ident=${'A'.repeat(40)} 127.0.0.1:1 ${'B'.repeat(40)}`],
  ['DisableNetwork', 1],
];

async function launch(options: Partial<Parameters<typeof TorProcess.launch>[0]> = {}): Promise<TorProcess> {
  const tor = await TorProcess.launch({ dataDir: dataDir(), extraTorrc: OFFLINE_NETWORK, ...options });
  running.push(tor);
  return tor;
}

/** Pids of live processes whose command line mentions `text` (to prove no tor was left behind). */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A TCP port held by this process until the server closes. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((tor) => tor.stop()));
});

afterAll(async () => {
  // Safety net: no tor started from this file may outlive it.
  for (const pid of processesMentioning(root)) process.kill(pid, 'SIGKILL');
  await rm(root, { recursive: true, force: true });
});

describe('TorProcess.launch', () => {
  it('starts tor offline: control works, DataDirectory is 0700, the SOCKS port appears once the network is enabled', async () => {
    const dir = dataDir();
    await mkdir(dir, { mode: 0o755 });
    const tor = await launch({ dataDir: dir });

    expect((await tor.control.getInfo(['version'])).get('version')).toMatch(/^0\.4\./);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(tor.bootstrap).toEqual({ progress: 0, tag: 'starting', summary: 'Starting' });
    expect(tor.pid).toBeGreaterThan(0);
    // tor opens no SOCKS listener while DisableNetwork is set.
    expect(() => tor.socksEndpoint).toThrow(errorNamed('TorSocksUnavailableError'));

    await tor.control.setConf([['DisableNetwork', '0']]);
    // CONF_CHANGED makes the manager re-read net/listeners/socks.
    const socks = await vi.waitFor(() => tor.socksEndpoint, { timeout: 10_000, interval: 50 });
    expect(socks.host).toBe('127.0.0.1');
    expect(await canConnect(socks.host, socks.port)).toBe(true);
    expect(await tor.refreshSocksEndpoint()).toEqual(socks);
  });

  it('relaunches tor after kill -9 and tells listeners; control works again', async () => {
    const tor = await launch();
    const firstPid = tor.pid!;
    const firstControl = tor.control;
    const restarted = new Promise<void>((resolve) => tor.on('restarted', resolve));
    const exited = vi.fn();
    tor.on('exited', exited);

    process.kill(firstPid, 'SIGKILL');
    await restarted;

    expect(tor.pid).toBeGreaterThan(0);
    expect(tor.pid).not.toBe(firstPid);
    expect(tor.control).not.toBe(firstControl);
    expect((await tor.control.getInfo(['version'])).get('version')).toMatch(/^0\.4\./);
    expect(exited).not.toHaveBeenCalled();
  });

  it('kills and relaunches a tor that hangs (SIGSTOP), and says so in its status meanwhile', async () => {
    const tor = await launch({ liveness: { intervalMs: 200, timeoutMs: 500, misses: 2 } });
    const hungPid = tor.pid!;
    const summaries: string[] = [];
    tor.on('bootstrap', (status) => summaries.push(status.summary));
    const restarted = new Promise<void>((resolve) => tor.on('restarted', resolve));

    process.kill(hungPid, 'SIGSTOP');
    await restarted;

    expect(isAlive(hungPid)).toBe(false);
    expect(tor.pid).not.toBe(hungPid);
    expect(summaries).toContain('tor stopped answering and was killed; restarting it');
    expect((await tor.control.getInfo(['version'])).get('version')).toMatch(/^0\.4\./);
  });

  it('with restart: false, a dead tor is reported once through "exited" and waitForBootstrap rejects', async () => {
    const tor = await launch({ restart: false });
    const onExited = vi.fn();
    tor.on('exited', onExited);
    const exited = new Promise<Error>((resolve) => tor.on('exited', resolve));
    const waiting = tor.waitForBootstrap();
    process.kill(tor.pid!, 'SIGKILL');

    const error = await exited;
    expect(error).toBeInstanceOf(TorExitedError);
    expect(error.message).toContain('SIGKILL');
    await expect(waiting).rejects.toBeInstanceOf(TorExitedError);
    await tor.stop();
    expect(onExited).toHaveBeenCalledTimes(1);
  });

  it('gives up after a bounded number of failed relaunches and says why', async () => {
    // A fixed SocksPort that we grab while tor is dead makes every relaunch fail.
    const { server, port } = await holdPort();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const dir = dataDir();
    const tor = await launch({ dataDir: dir, extraTorrc: [['SocksPort', `127.0.0.1:${port}`]] });
    const restarted = vi.fn();
    tor.on('restarted', restarted);
    const exited = new Promise<Error>((resolve) => tor.on('exited', resolve));

    process.kill(tor.pid!, 'SIGKILL');
    const blocker = await vi.waitFor(
      async () => {
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', resolve);
        });
        return server;
      },
      { timeout: 5_000, interval: 10 },
    );
    try {
      const error = await exited;
      expect(error).toBeInstanceOf(TorExitedError);
      expect(error.message).toMatch(/gave up after \d+ restarts/);
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(restarted).not.toHaveBeenCalled();
      expect(processesMentioning(dir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('stop() shuts tor down and waits for it; later waits reject', async () => {
    const dir = dataDir();
    const tor = await launch({ dataDir: dir });
    const pid = tor.pid!;
    const exited = vi.fn();
    tor.on('exited', exited);

    await tor.stop();

    expect(isAlive(pid)).toBe(false);
    expect(processesMentioning(dir)).toEqual([]);
    await expect(tor.waitForBootstrap()).rejects.toBeInstanceOf(TorExitedError);
    await tor.stop(); // idempotent
    expect(exited).not.toHaveBeenCalled();
  });

  it('names the install command when no tor is found (the usual places are searched too, so only the message is checked here)', () => {
    const error = torMissing();
    expect(error).toEqual(errorNamed('TorMissingError'));
    expect(error.message).toContain('apt-get install -y tor');
  });

  it('says what is wrong with BURROW_TOR when it does not point at an executable', async () => {
    const error = await TorProcess.launch({ dataDir: dataDir(), env: { BURROW_TOR: '/nonexistent' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toEqual(errorNamed('TorMissingError'));
    expect((error as Error).message).toContain('BURROW_TOR is set to /nonexistent');
  });

  it('fails with TorStartError quoting tor when a port is taken, and leaves no tor behind', async () => {
    const { server, port } = await holdPort();
    const dir = dataDir();
    try {
      const error = await TorProcess.launch({
        dataDir: dir,
        extraTorrc: [['SocksPort', `127.0.0.1:${port}`]],
        startTimeoutMs: 20_000,
      }).catch((e: unknown) => e);
      expect(error).toEqual(errorNamed('TorStartError'));
      expect((error as TorStartFailed).reason).toBe('port-in-use');
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect((error as TorStartFailed).torOutput.join('\n')).toContain('Address already in use');
      expect(processesMentioning(dir)).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('fails with TorStartError when "tor" exits at once without a word', async () => {
    const error = await TorProcess.launch({ dataDir: dataDir(), env: { BURROW_TOR: '/bin/false' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toEqual(errorNamed('TorStartError'));
    expect((error as TorStartFailed).reason).toBe('exited');
    expect((error as Error).message).toBe('tor exited during startup (exit code 1)');
  });

  it('fails with TorStartError when tor refuses an option', async () => {
    const error = await TorProcess.launch({ dataDir: dataDir(), extraTorrc: [['NoSuchTorOption', 1]] }).catch(
      (e: unknown) => e,
    );
    expect(error).toEqual(errorNamed('TorStartError'));
    expect((error as TorStartFailed).reason).toBe('config');
    expect((error as Error).message).toContain("Unknown option 'NoSuchTorOption'");
  });

  it('refuses extra torrc lines that would take the control port out of its hands', async () => {
    await expect(TorProcess.launch({ dataDir: dataDir(), extraTorrc: [['ControlPort', 9051]] })).rejects.toThrow(
      /may not set ControlPort/,
    );
  });

  it('says so when another tor holds the data directory, without waiting past the start timeout', async () => {
    const dir = dataDir();
    const first = await launch({ dataDir: dir });
    const started = Date.now();
    const error = await TorProcess.launch({ dataDir: dir, extraTorrc: OFFLINE_NETWORK, startTimeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    );
    // tor waits 5 s for the lock before giving up; the launch must end at its own time limit.
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(error).toEqual(errorNamed('TorStartError'));
    expect((error as TorStartFailed).reason).toBe('data-dir-locked');
    expect((error as Error).message).toContain(dir);
    // The first tor is unharmed.
    expect((await first.control.getInfo(['version'])).get('version')).toMatch(/^0\.4\./);
    expect(processesMentioning(dir)).toEqual([first.pid]);
  });

  it('honours an AbortSignal during the launch and leaves no tor behind', async () => {
    const dir = dataDir();
    const controller = new AbortController();
    const launching = TorProcess.launch({ dataDir: dir, extraTorrc: OFFLINE_NETWORK, signal: controller.signal });
    // A launch takes far longer than 5 ms (spawn, control-port file polled every 20 ms, SAFECOOKIE).
    setTimeout(() => controller.abort(), 5);
    await expect(launching).rejects.toBeInstanceOf(AbortedError);
    expect(processesMentioning(dir)).toEqual([]);
    await expect(TorProcess.launch({ dataDir: dataDir(), signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    );
  });
});

describe('TorProcess.attach', () => {
  it("attaches to a running tor's control port; stop() leaves that tor running; its end fires 'exited'", async () => {
    const dir = dataDir();
    const owner = await launch({ dataDir: dir });
    const paths = torProcessPaths(dir);
    const endpoint = parseControlPortFile(readFileSync(paths.controlPortFile, 'utf8'))!;

    const attached = await TorProcess.attach({ controlPort: endpoint.port, cookieFile: paths.cookieFile });
    running.push(attached);
    expect(attached.pid).toBeUndefined();
    expect(attached.bootstrap.tag).toBe('starting');
    expect((await attached.control.getInfo(['version'])).get('version')).toMatch(/^0\.4\./);

    await attached.stop();
    expect(isAlive(owner.pid!)).toBe(true);
    expect((await owner.control.getInfo(['version'])).get('version')).toMatch(/^0\.4\./);

    const second = await TorProcess.attach({ controlPort: endpoint.port });
    running.push(second);
    const exited = new Promise<Error>((resolve) => second.on('exited', resolve));
    await owner.stop();
    expect(await exited).toBeInstanceOf(TorExitedError);
  });

  it('fails cleanly when nothing listens on the port', async () => {
    const { server, port } = await holdPort();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(TorProcess.attach({ controlPort: port, timeoutMs: 5_000 })).rejects.toThrow(
      errorNamed('TorControlConnectError'),
    );
  });
});

describe('bootstrap over the private Tor network', () => {
  it('reports bootstrap events rising to 100 %', async () => {
    const info = readTestnet(inject('testnetDir'));
    const tor = await TorProcess.launch({ dataDir: dataDir(), extraTorrc: testnetClientTorrc(info) });
    running.push(tor);
    const seen: BootstrapStatus[] = [tor.bootstrap];
    tor.on('bootstrap', (status) => seen.push(status));

    await tor.waitForBootstrap({ timeoutMs: 90_000 });

    const progress = seen.map((s) => s.progress);
    expect(progress.at(-1)).toBe(100);
    expect(tor.bootstrap).toMatchObject({ progress: 100, tag: 'done' });
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThan(2);
    expect(await canConnect(tor.socksEndpoint.host, tor.socksEndpoint.port)).toBe(true);
  });
});
