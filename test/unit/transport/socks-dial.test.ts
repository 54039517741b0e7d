import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import { DialDeadline, DialError } from '../../../src/transport/errors.js';
import { socksConnect, socksDialWithRetry } from '../../../src/transport/tor/socks-dial.js';
import { isolationCredential } from '../../../src/transport/tor/socks-isolation.js';
import { dialFailureReason, socks5ReplyCode, SocksReply } from '../../../src/transport/tor/socks-reply.js';
import { readBytes } from '../../shared/transport-compliance.js';
import { startFakeSocksServer, type FakeSocksServer } from './fake-socks-server.js';

const ONION = 'pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion';
const credential = isolationCredential(Buffer.alloc(16), ONION);

let server: FakeSocksServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function dialOnce(port: number, signal: AbortSignal = new AbortController().signal) {
  return socksConnect({
    proxy: { host: '127.0.0.1', port },
    destination: { host: ONION, port: 9878 },
    credential,
    signal,
    handshakeTimeoutMs: 10_000,
  });
}

function dialWithRetry(proxy: () => { host: string; port: number } | undefined, deadline: DialDeadline) {
  return socksDialWithRetry({
    proxy,
    destination: { host: ONION, port: 9878 },
    credential,
    deadline,
    handshakeTimeoutMs: 10_000,
    retryIntervalMs: 10,
  });
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('socks5ReplyCode', () => {
  it('reads REP after method selection, with and without username/password auth', () => {
    expect(socks5ReplyCode(Uint8Array.of(5, 2, 1, 0, 5, 0xf0))).toBe(0xf0);
    expect(socks5ReplyCode(Uint8Array.of(5, 0, 5, 0x04))).toBe(0x04);
  });

  it('is undefined until the reply code has arrived, or for bytes that are not SOCKS5', () => {
    expect(socks5ReplyCode(Uint8Array.of())).toBeUndefined();
    expect(socks5ReplyCode(Uint8Array.of(5, 2, 1, 0, 5))).toBeUndefined();
    expect(socks5ReplyCode(Uint8Array.of(4, 0x5a))).toBeUndefined();
    expect(socks5ReplyCode(Uint8Array.of(5, 2, 1, 0, 4, 0))).toBeUndefined();
  });

  it("maps tor's extended codes (socks-extensions / proposal 304) and RFC 1928's to reasons", () => {
    expect(dialFailureReason(SocksReply.onionDescriptorNotFound)).toBe('descriptor-not-found');
    expect(dialFailureReason(SocksReply.onionIntroFailed)).toBe('intro-failed');
    expect(dialFailureReason(SocksReply.onionIntroTimedOut)).toBe('intro-failed');
    expect(dialFailureReason(SocksReply.onionRendezvousFailed)).toBe('rendezvous-failed');
    expect(dialFailureReason(SocksReply.onionClientAuthMissing)).toBe('client-auth');
    expect(dialFailureReason(SocksReply.onionClientAuthBad)).toBe('client-auth');
    expect(dialFailureReason(SocksReply.onionBadAddress)).toBe('bad-address');
    expect(dialFailureReason(SocksReply.connectionRefused)).toBe('refused');
    expect(dialFailureReason(SocksReply.ttlExpired)).toBe('unreachable');
    expect(dialFailureReason(0xf8)).toBe('protocol');
  });
});

describe('isolationCredential', () => {
  it('differs per key and per salt, is stable otherwise, and fits RFC 1929', () => {
    const salt = Buffer.alloc(16, 1);
    const a = isolationCredential(salt, 'friend-a');
    expect(isolationCredential(salt, 'friend-a')).toEqual(a);
    expect(isolationCredential(salt, 'friend-b').password).not.toBe(a.password);
    expect(isolationCredential(Buffer.alloc(16, 2), 'friend-a').password).not.toBe(a.password);
    expect(a.password).not.toContain('friend');
    expect(a.username.length).toBeGreaterThan(0);
    expect(a.password.length).toBeLessThanOrEqual(255);
    expect(() => isolationCredential(salt, '')).toThrow(TypeError);
  });
});

describe('socksConnect', () => {
  it('sends the onion as a hostname (never resolved locally) with the isolation credential', async () => {
    server = await startFakeSocksServer(() => 0);
    const socket = await dialOnce(server.port);
    socket.destroy();
    expect(server.requests).toEqual([
      {
        methods: expect.arrayContaining([2]) as number[],
        username: credential.username,
        password: credential.password,
        addressType: 3,
        host: ONION,
        port: 9878,
      },
    ]);
  });

  it('hands over bytes the peer sent together with the SOCKS reply', async () => {
    server = await startFakeSocksServer(() => 0, Buffer.from('early bytes'));
    const socket = await dialOnce(server.port);
    expect((await readBytes(socket, 11)).toString()).toBe('early bytes');
    socket.write('echo me');
    expect((await readBytes(socket, 7)).toString()).toBe('echo me');
    socket.destroy();
  });

  it("turns tor's extended reply 0xF4 into DialError('client-auth') with the code", async () => {
    server = await startFakeSocksServer(() => SocksReply.onionClientAuthMissing);
    const error = await dialOnce(server.port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect(error).toMatchObject({ reason: 'client-auth', socksReply: 0xf4, action: 'tell-user' });
    expect((error as DialError).message).toMatch(/authoriz/);
  });

  it("a closed SOCKS port is DialError('tor-unavailable')", async () => {
    const error = await dialOnce(await closedPort()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DialError', reason: 'tor-unavailable' });
  });

  it('an abort during the handshake rejects with the signal reason and closes the socket', async () => {
    server = await startFakeSocksServer(() => 'silent');
    const controller = new AbortController();
    const dialing = dialOnce(server.port, controller.signal);
    await expect.poll(() => server!.requests.length).toBe(1);
    controller.abort(new AbortedError('dial'));
    await expect(dialing).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('socksDialWithRetry', () => {
  it('retries "descriptor not found" until tor has the descriptor', async () => {
    server = await startFakeSocksServer((attempt) => (attempt < 3 ? SocksReply.onionDescriptorNotFound : 0));
    const port = server.port;
    const deadline = new DialDeadline('dial', { timeoutMs: 10_000 });
    try {
      const socket = await dialWithRetry(() => ({ host: '127.0.0.1', port }), deadline);
      socket.destroy();
    } finally {
      deadline.dispose();
    }
    expect(server.requests).toHaveLength(3);
  });

  it('retries an introduction failure (a restarted peer has new introduction points)', async () => {
    server = await startFakeSocksServer((attempt) => (attempt === 1 ? SocksReply.onionIntroFailed : 0));
    const port = server.port;
    const deadline = new DialDeadline('dial', { timeoutMs: 10_000 });
    try {
      (await dialWithRetry(() => ({ host: '127.0.0.1', port }), deadline)).destroy();
    } finally {
      deadline.dispose();
    }
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry an answer that will not change (0xF4 client authorization missing)', async () => {
    server = await startFakeSocksServer(() => SocksReply.onionClientAuthMissing);
    const port = server.port;
    const deadline = new DialDeadline('dial', { timeoutMs: 10_000 });
    try {
      await expect(dialWithRetry(() => ({ host: '127.0.0.1', port }), deadline)).rejects.toMatchObject({
        reason: 'client-auth',
        socksReply: 0xf4,
      });
    } finally {
      deadline.dispose();
    }
    expect(server.requests).toHaveLength(1);
  });

  it("gives tor's last answer when the time runs out, saying how long it tried", async () => {
    server = await startFakeSocksServer(() => SocksReply.onionDescriptorNotFound);
    const port = server.port;
    const deadline = new DialDeadline('dial', { timeoutMs: 300 });
    try {
      const error = await dialWithRetry(() => ({ host: '127.0.0.1', port }), deadline).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DialError', reason: 'descriptor-not-found', socksReply: 0xf0 });
      expect((error as DialError).message).toMatch(/kept trying for 0\.3 s/);
      expect((error as DialError).cause).toBeInstanceOf(TimeoutError);
    } finally {
      deadline.dispose();
    }
  });

  it('with no answer at all, times out with TimeoutError', async () => {
    server = await startFakeSocksServer(() => 'silent');
    const port = server.port;
    const deadline = new DialDeadline('dial', { timeoutMs: 200 });
    try {
      await expect(dialWithRetry(() => ({ host: '127.0.0.1', port }), deadline)).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      deadline.dispose();
    }
  });

  it('keeps trying while tor is down (no SOCKS endpoint) and connects once it is back', async () => {
    server = await startFakeSocksServer(() => 0);
    const port = server.port;
    let calls = 0;
    const deadline = new DialDeadline('dial', { timeoutMs: 10_000 });
    try {
      const socket = await dialWithRetry(() => (++calls < 3 ? undefined : { host: '127.0.0.1', port }), deadline);
      socket.destroy();
    } finally {
      deadline.dispose();
    }
    expect(calls).toBe(3);
  });

  it('an abort while waiting between attempts rejects with AbortedError', async () => {
    server = await startFakeSocksServer(() => SocksReply.onionDescriptorNotFound);
    const port = server.port;
    const controller = new AbortController();
    const deadline = new DialDeadline('dial', { signal: controller.signal, timeoutMs: 10_000 });
    try {
      const dialing = dialWithRetry(() => ({ host: '127.0.0.1', port }), deadline);
      await expect.poll(() => server!.requests.length).toBeGreaterThanOrEqual(2);
      controller.abort();
      await expect(dialing).rejects.toBeInstanceOf(AbortedError);
    } finally {
      deadline.dispose();
    }
  });
});
