/**
 * The Tor transport over the suite's private Tor network: the shared compliance suite between
 * two client tors, the acceptance test (an onion service published from Burrow's own key is
 * reached through another tor's SOCKS port), re-publication after a tor restart, and the tor
 * behaviour that makes Burrow frame its streams.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SocksClient } from 'socks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity, identityFromSeed } from '../../src/crypto/identity.js';
import { onionAddressFromPublicKey } from '../../src/crypto/onion-address.js';
import { BURROW_ONION_PORT } from '../../src/transport/tor/onion-service.js';
import { TorTransport } from '../../src/transport/tor/tor-transport.js';
import { STREAM_PREAMBLE } from '../../src/transport/tor/tor-transport-stream.js';
import type { Connection } from '../../src/transport/transport.js';
import { readBytes, readToEnd, runTransportCompliance } from '../shared/transport-compliance.js';
import { launchTestTor, type TestTor } from './helpers/launch-test-tor.js';

let alice: TestTor | undefined;
let bob: TestTor | undefined;

beforeAll(async () => {
  [alice, bob] = await Promise.all([launchTestTor(), launchTestTor()]);
});

afterAll(async () => {
  await Promise.all([alice?.stop(), bob?.stop()]);
});

runTransportCompliance(
  'tor',
  () => {
    // Fresh transports (and so fresh isolation salts and onion services) per test, over the two shared tors.
    const a = new TorTransport({ tor: alice!.tor });
    const b = new TorTransport({ tor: bob!.tor });
    return Promise.resolve({
      a,
      b,
      identityA: generateIdentity(),
      identityB: generateIdentity(),
      unpublished: generateIdentity().onionAddress,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
      },
    });
  },
  { failingDialTimeoutMs: 8_000, dialTimeoutMs: 60_000 },
);

/** A plain SOCKS5 CONNECT through `tor`'s SOCKS port, without Burrow's dialer. */
async function rawSocksConnect(tor: TestTor, host: string, port: number): Promise<Socket> {
  const { socket } = await SocksClient.createConnection({
    command: 'connect',
    proxy: {
      host: tor.tor.socksEndpoint.host,
      port: tor.tor.socksEndpoint.port,
      type: 5,
      userId: 'acceptance',
      password: host,
    },
    destination: { host, port },
    timeout: 60_000,
  });
  return socket;
}

/** Connects, retrying while tor says "descriptor not found yet" (a fresh service needs ~2 s). */
async function rawSocksConnectWhenPublished(tor: TestTor, host: string, port: number): Promise<Socket> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    try {
      return await rawSocksConnect(tor, host, port);
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

describe("acceptance: an onion service published from Burrow's own key", () => {
  it("is reached through another tor's SOCKS port", async () => {
    // A fixed seed: the address is computed here from the key alone, independently of tor.
    const identity = identityFromSeed(Buffer.alloc(32, 0x42));
    const expectedAddress = onionAddressFromPublicKey(identity.publicKey);
    const transport = new TorTransport({ tor: alice!.tor, waitForPublication: true });
    const inbound: Connection[] = [];
    try {
      const listener = await transport.listen(identity, (connection) => {
        inbound.push(connection);
        // Answer in Burrow's framing: read one chunk, echo it upper-cased, then end.
        connection.once('data', (chunk: Buffer) => connection.end(chunk.toString().toUpperCase()));
      });
      expect(listener.address).toBe(expectedAddress);
      // tor itself lists the service this control connection added.
      const current = await alice!.tor.control.getInfo(['onions/current']);
      expect(current.get('onions/current')?.split('\n')).toContain(expectedAddress);

      // Bob's tor, plain SOCKS: no Burrow code on the dialing side.
      const socket = await rawSocksConnectWhenPublished(bob!, `${expectedAddress}.onion`, BURROW_ONION_PORT);
      // Burrow's wire format by hand: the preamble, then one chunk (u16 length + bytes).
      socket.write(Buffer.concat([STREAM_PREAMBLE, Buffer.from([0, 5]), Buffer.from('hello')]));
      // Expect the framed reply: [0,5]"HELLO" then the fin [0,0].
      const reply = await readBytes(socket, 9);
      expect(reply).toEqual(Buffer.concat([Buffer.from([0, 5]), Buffer.from('HELLO'), Buffer.from([0, 0])]));
      socket.destroy();
      expect(inbound).toHaveLength(1);
    } finally {
      await transport.close();
    }
  });
});

describe('two transports on one tor', () => {
  it("cannot both publish one identity: tor's collision becomes ListenError('in-use')", async () => {
    const identity = generateIdentity();
    const first = new TorTransport({ tor: alice!.tor });
    const second = new TorTransport({ tor: alice!.tor });
    try {
      await first.listen(identity, () => undefined);
      await expect(second.listen(identity, () => undefined)).rejects.toMatchObject({
        name: 'ListenError',
        reason: 'in-use',
      });
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe('tor restarts', () => {
  it('the onion service is published again after its tor was killed and relaunched', async () => {
    const identity = generateIdentity();
    const listening = new TorTransport({ tor: alice!.tor });
    const dialing = new TorTransport({ tor: bob!.tor });
    try {
      await listening.listen(identity, (connection) => connection.pipe(connection));
      const before = await dialing.dial(identity.onionAddress, { timeoutMs: 60_000 });
      before.on('error', () => undefined);
      before.write('ping');
      expect((await readBytes(before, 4)).toString()).toBe('ping');

      const restarted = new Promise<void>((resolve) => alice!.tor.on('restarted', resolve));
      process.kill(alice!.tor.pid!, 'SIGKILL');
      // The stream through the dead tor ends (no error event: the peer is simply gone).
      const ended = once(before, 'end');
      before.resume();
      await ended;
      await restarted;

      const after = await dialing.dial(identity.onionAddress, { timeoutMs: 90_000 });
      after.write('pong');
      expect((await readBytes(after, 4)).toString()).toBe('pong');
      after.destroy();
    } finally {
      await Promise.all([listening.close(), dialing.close()]);
    }
  }, 180_000);
});

describe('why Burrow frames its Tor streams', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    server?.close();
  });

  it('tor closes a whole stream when one side half-closes (no TCP half-close across Tor)', async () => {
    // A plain onion service (tor's own key, no Burrow) whose target answers after the client's EOF.
    const answered = new Promise<void>((resolve) => {
      server = createServer({ allowHalfOpen: true }, (socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        // Tor may also hand over a stillborn stream (see tor-transport-stream.ts): only the one that asked counts.
        let asked = false;
        socket.on('data', (chunk: Buffer) => (asked ||= chunk.toString().includes('question')));
        socket.on('end', () => {
          if (!asked) return;
          socket.end('too late');
          resolve();
        });
      });
    });
    await new Promise<void>((resolve) => server!.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (server!.address() as AddressInfo).port;
    const { serviceId } = await alice!.tor.control.addOnion({
      privateKey: 'NEW',
      ports: [{ virtualPort: 80, target: `127.0.0.1:${port}` }],
      flags: ['DiscardPK'],
    });
    try {
      const socket = await rawSocksConnectWhenPublished(bob!, `${serviceId}.onion`, 80);
      sockets.add(socket);
      socket.on('error', () => undefined);
      const received = readToEnd(socket);
      socket.end('question');
      await answered;
      // The answer written after our FIN never arrives: tor ended the stream in both directions.
      expect((await received).length).toBe(0);
    } finally {
      await alice!.tor.control.delOnion(serviceId);
    }
  });
});
