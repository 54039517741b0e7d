/**
 * The control client against a real tor with `DisableNetwork 1` (docs/TESTNET.md: it starts
 * in ~15 ms and answers the control port offline). This file launches its own tor; it does
 * not use the suite's private network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Encode } from '../../src/crypto/base32.js';
import { expandedSecretKey, identityFromSeed } from '../../src/crypto/identity.js';
import { x25519KeyPairFromSecret } from '../../src/crypto/x25519.js';
import {
  TorControlClient,
  TorControlReplyError,
  authenticateConnection,
  unquoteString,
  type ControlCommandSender,
  type ControlEvent,
} from '../../src/transport/tor/control/index.js';
import { ONION_PROOF_OF_WORK } from '../../src/transport/tor/onion-service.js';
import { findTorBinary } from '../../src/transport/tor/tor-binary.js';
import { renderTorrc } from '../../src/transport/tor/torrc.js';
import { errorNamed } from '../shared/errors.js';

/** How long tor may take to write its control-port file (it takes ~15 ms). */
const CONTROL_PORT_FILE_TIMEOUT_MS = 15_000;

let dir: string;
let tor: ChildProcess | undefined;
let port: number;
let cookieFile: string;
let client: TorControlClient;

async function waitForControlPort(file: string): Promise<number> {
  const deadline = Date.now() + CONTROL_PORT_FILE_TIMEOUT_MS;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const match = /^PORT=127\.0\.0\.1:(\d+)$/m.exec(text);
    if (match !== null) return Number(match[1]);
    if (tor?.exitCode !== null)
      throw new Error(`tor exited with ${String(tor?.exitCode)}; see ${join(dir, 'data', 'log')}`);
    if (Date.now() > deadline) throw new Error(`tor wrote no control port to ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'burrow-control-real-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  const empty = join(dir, 'empty');
  await writeFile(empty, '');
  const torrc = join(dir, 'torrc');
  await writeFile(
    torrc,
    renderTorrc([
      ['DataDirectory', dataDir],
      ['DisableNetwork', 1],
      ['SocksPort', 0],
      ['ControlPort', 'auto'],
      ['ControlPortWriteToFile', join(dataDir, 'control-port')],
      ['CookieAuthentication', 1],
      ['__OwningControllerProcess', process.pid],
      ['GeoIPFile', empty],
      ['GeoIPv6File', empty],
      ['Log', `notice file ${join(dataDir, 'log')}`],
    ]),
  );
  tor = spawn(findTorBinary(), ['--defaults-torrc', empty, '-f', torrc], { stdio: 'ignore' });
  port = await waitForControlPort(join(dataDir, 'control-port'));
  cookieFile = join(dataDir, 'control_auth_cookie');
  client = await TorControlClient.connect({ port });
  await client.authenticate();
});

afterAll(async () => {
  await client?.close();
  if (tor !== undefined && tor.exitCode === null && tor.signalCode === null) {
    const exited = new Promise((resolve) => tor!.once('exit', resolve));
    tor.kill('SIGKILL');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('TorControlClient against tor with DisableNetwork 1', () => {
  it('authenticates with SAFECOOKIE using the cookie file PROTOCOLINFO names', async () => {
    const second = await TorControlClient.connect({ port });
    try {
      const keywords: string[] = [];
      const spy: ControlCommandSender = {
        command: (keyword, args, options) => {
          keywords.push(keyword);
          return second.command(keyword, args, options);
        },
      };
      const info = await authenticateConnection(spy);
      expect(info.methods.has('SAFECOOKIE')).toBe(true);
      expect(info.cookieFile).toBe(cookieFile);
      expect(keywords).toEqual(['PROTOCOLINFO', 'AUTHCHALLENGE', 'AUTHENTICATE']);
      expect((await second.getInfo(['version'])).get('version')).toBe(info.torVersion);
    } finally {
      await second.close();
    }
  });

  it('answers GETINFO version', async () => {
    expect((await client.getInfo(['version'])).get('version')).toMatch(/^\d+\.\d+\.\d+\.\d+/);
  });

  it('gives concurrent GETINFOs their own answers', async () => {
    const keys = [
      'version',
      'config-file',
      'status/bootstrap-phase',
      'net/listeners/control',
      'config-text',
      'events/names',
    ];
    const sequential = new Map<string, string>();
    for (const key of keys) sequential.set(key, (await client.getInfo([key])).get(key)!);
    const rounds = Array.from({ length: 5 }, () =>
      keys.map((key) => client.getInfo([key]).then((values) => [key, values.get(key)] as const)),
    );
    for (const [key, value] of await Promise.all(rounds.flat())) expect(value).toBe(sequential.get(key));
    expect(unquoteString(sequential.get('net/listeners/control')!)).toBe(`127.0.0.1:${port}`);
    expect(sequential.get('config-text')).toContain('DisableNetwork 1');
  });

  it('publishes the onion address of a Burrow identity with ADD_ONION (proof-of-work defence on) and removes it with DEL_ONION', async () => {
    const seed = new Uint8Array(randomBytes(32));
    // The tor this suite runs knows the proof-of-work keywords: it takes Burrow's queue settings.
    const { serviceId, privateKey } = await client.addOnion({
      privateKey: { ed25519Expanded: expandedSecretKey(seed) },
      ports: [{ virtualPort: 80, target: '127.0.0.1:9' }],
      flags: ['DiscardPK'],
      proofOfWork: ONION_PROOF_OF_WORK,
    });
    expect(serviceId).toBe(identityFromSeed(seed).onionAddress);
    expect(privateKey).toBeUndefined();
    expect((await client.getInfo(['onions/current'])).get('onions/current')?.split('\n')).toContain(serviceId);
    await client.delOnion(serviceId);
    expect((await client.getInfo(['onions/current'])).get('onions/current')?.split('\n') ?? []).not.toContain(
      serviceId,
    );
    await expect(client.delOnion(serviceId)).rejects.toMatchObject({ code: 552 });
  });

  it('publishes a client-authorised service (ClientAuthV3) and adds, lists and removes client keys', async () => {
    const client25519 = x25519KeyPairFromSecret(new Uint8Array(randomBytes(32)));
    const seed = new Uint8Array(randomBytes(32));
    const { serviceId } = await client.addOnion({
      privateKey: { ed25519Expanded: expandedSecretKey(seed) },
      ports: [{ virtualPort: 80, target: '127.0.0.1:9' }],
      flags: ['DiscardPK'],
      clientAuthV3: [base32Encode(client25519.publicKey)],
    });
    expect(serviceId).toBe(identityFromSeed(seed).onionAddress);
    await client.delOnion(serviceId);

    const other = identityFromSeed(new Uint8Array(randomBytes(32))).onionAddress;
    await client.addClientAuth(serviceId, client25519.secretKey);
    await client.addClientAuth(other, new Uint8Array(32).fill(7));
    const all = await client.viewClientAuth();
    expect(all.map((c) => c.address).sort()).toEqual([serviceId, other].sort());
    const one = await client.viewClientAuth(serviceId);
    expect(one).toEqual([{ address: serviceId, privateKey: client25519.secretKey }]);
    // Adding again replaces (tor answers 251), it never duplicates.
    await client.addClientAuth(serviceId, client25519.secretKey);
    expect(await client.viewClientAuth(serviceId)).toHaveLength(1);
    await client.removeClientAuth(serviceId);
    await client.removeClientAuth(other);
    expect(await client.viewClientAuth()).toEqual([]);
    // Removing what is not there resolves (251): the key is gone either way.
    await client.removeClientAuth(serviceId);
    await expect(client.addClientAuth(serviceId, new Uint8Array(31))).rejects.toThrow(TypeError);
  });

  it('rejects error replies with TorControlReplyError and keeps working', async () => {
    const error = await client.getInfo(['nosuchkey']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorControlReplyError);
    expect(error).toMatchObject({ code: 552, replyText: 'Unrecognized key "nosuchkey"' });
    await expect(client.command('FROBNICATE')).rejects.toMatchObject({ code: 510 });
    expect((await client.getInfo(['version'])).has('version')).toBe(true);
  });

  it('delivers CONF_CHANGED events after SETCONF, and GETCONF reads the value back', async () => {
    const changed = new Promise<ControlEvent>((resolve) => {
      const off = client.onEvent('CONF_CHANGED', (event) => {
        off();
        resolve(event);
      });
    });
    await client.subscriptionsReady();
    await client.setConf({ ContactInfo: 'burrow "test" \\ contact' });
    const event = await changed;
    expect(event.lines.map((line) => line.text)).toContain('ContactInfo=burrow "test" \\ contact');
    expect((await client.getConf(['ContactInfo'])).get('ContactInfo')).toEqual(['burrow "test" \\ contact']);
  });

  it('rejects pending and later commands with TorControlClosedError when tor dies', async () => {
    const child = tor!;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Stopped, tor cannot answer: the command is surely pending when tor dies.
    child.kill('SIGSTOP');
    const pending = Promise.allSettled([client.getInfo(['version']), client.getInfo(['config-text'])]);
    child.kill('SIGKILL');
    await exited;
    for (const result of await pending) {
      expect(result.status).toBe('rejected');
      expect(result.status === 'rejected' ? result.reason : undefined).toEqual(errorNamed('TorControlClosedError'));
    }
    await expect(client.getInfo(['version'])).rejects.toThrow(errorNamed('TorControlClosedError'));
    expect(await client.closed).toEqual(errorNamed('TorControlClosedError'));
  });
});
