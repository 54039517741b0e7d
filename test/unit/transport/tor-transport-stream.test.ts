import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '../../../src/errors.js';
import { STREAM_PREAMBLE, TorStreamConnection } from '../../../src/transport/tor/tor-transport-stream.js';
import { readBytes, readToEnd } from '../../shared/transport-compliance.js';
import { errorNamed } from '../../shared/errors.js';

/**
 * Two sockets joined by a relay that behaves like a Tor stream: bytes pass both ways, but an
 * EOF from either side closes the whole stream (tor sends RELAY_END and closes both edges
 * after flushing), so plain TCP half-close does not survive it.
 */
async function torLikeSockets(): Promise<{ dialer: Socket; service: Socket; close(): Promise<void> }> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const remember = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    return socket;
  };
  const listen = async (server: Server): Promise<number> => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    return (server.address() as AddressInfo).port;
  };
  let serviceSocket: (socket: Socket) => void = () => undefined;
  const accepted = new Promise<Socket>((resolve) => (serviceSocket = resolve));
  const servicePort = await listen(createServer({ allowHalfOpen: true }, (socket) => serviceSocket(remember(socket))));
  const relayPort = await listen(
    createServer({ allowHalfOpen: true }, (client) => {
      remember(client);
      const upstream = remember(connect({ host: '127.0.0.1', port: servicePort, allowHalfOpen: true }));
      const closeBoth = (): void => {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.end();
        upstream.end();
      };
      client.pipe(upstream, { end: false });
      upstream.pipe(client, { end: false });
      client.on('end', closeBoth);
      upstream.on('end', closeBoth);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    }),
  );
  const dialer = remember(connect({ host: '127.0.0.1', port: relayPort, allowHalfOpen: true }));
  await once(dialer, 'connect');
  return {
    dialer,
    service: await accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function framedPair(): Promise<{ a: TorStreamConnection; b: TorStreamConnection; rawA: Socket; rawB: Socket }> {
  const { dialer, service, close } = await torLikeSockets();
  cleanup = close;
  const a = TorStreamConnection.dialed(dialer);
  return { a, b: await TorStreamConnection.accepted(service), rawA: dialer, rawB: service };
}

describe('TorStreamConnection preamble', () => {
  it('the listening side starts once the preamble arrives, even split, and keeps the bytes after it', async () => {
    const { dialer, service, close } = await torLikeSockets();
    cleanup = close;
    const accepting = TorStreamConnection.accepted(service);
    dialer.write(STREAM_PREAMBLE.subarray(0, 2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    dialer.write(
      Buffer.concat([STREAM_PREAMBLE.subarray(2), Buffer.from([0, 2]), Buffer.from('hi'), Buffer.from([0, 0])]),
    );
    expect((await readToEnd(await accepting)).toString()).toBe('hi');
  });

  it('a stream that closes before its preamble is dropped (ConnectionLostError)', async () => {
    const { dialer, service, close } = await torLikeSockets();
    cleanup = close;
    const accepting = TorStreamConnection.accepted(service);
    dialer.destroy();
    await expect(accepting).rejects.toThrow(errorNamed('ConnectionLostError'));
    expect(service.destroyed).toBe(true);
  });

  it('a stream that starts with other bytes is dropped (TransportProtocolError)', async () => {
    const { dialer, service, close } = await torLikeSockets();
    cleanup = close;
    const accepting = TorStreamConnection.accepted(service);
    dialer.write('GET / HTTP/1.1\r\n');
    await expect(accepting).rejects.toThrow(errorNamed('TransportProtocolError'));
  });

  it('a silent stream is dropped after the timeout (TimeoutError)', async () => {
    const { service, close } = await torLikeSockets();
    cleanup = close;
    await expect(TorStreamConnection.accepted(service, 50)).rejects.toBeInstanceOf(TimeoutError);
    expect(service.destroyed).toBe(true);
  });
});

describe('TorStreamConnection over a stream that closes on EOF (as Tor does)', () => {
  it('keeps half-close working: after A ends, B still answers', async () => {
    const { a, b } = await framedPair();
    const closed = Promise.all([once(a, 'close'), once(b, 'close')]);
    a.end('question');
    expect((await readToEnd(b)).toString()).toBe('question');
    b.write('ans');
    await new Promise((resolve) => setTimeout(resolve, 20));
    b.end('wer');
    expect((await readToEnd(a)).toString()).toBe('answer');
    // Both fins exchanged: both ends close by themselves.
    await closed;
  });

  it('carries 10 MB intact, in chunks larger than one frame', async () => {
    const { a, b } = await framedPair();
    const data = randomBytes(10 * 1024 * 1024);
    const received = readToEnd(b);
    a.end(data);
    const got = await received;
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('reads frames whose length and payload arrive split across reads', async () => {
    const { b, rawA } = await framedPair();
    // "hi" then fin, one byte per TCP write.
    for (const byte of [0, 2, 0x68, 0x69, 0, 0]) {
      rawA.write(Buffer.of(byte));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await readToEnd(b)).toString()).toBe('hi');
  });

  it('a peer that destroys its end: the other reads what arrived, then end and close; its next write fails', async () => {
    const { a, b } = await framedPair();
    a.write('last words');
    expect((await readBytes(b, 10)).toString()).toBe('last words');
    a.destroy();
    const closed = once(b, 'close');
    await readToEnd(b);
    await closed;
    expect(b.destroyed).toBe(true);
  });

  it('writes after the stream died fail with ConnectionLostError', async () => {
    const { a, rawA, rawB } = await framedPair();
    // A's readable stays unconsumed, so A stays open after its socket is gone.
    const rawEnded = once(rawA, 'end');
    rawB.destroy();
    await rawEnded;
    // Like EPIPE on a socket: the write's callback and an 'error' event both report it.
    const errorEvent = once(a, 'error');
    const failed = new Promise<unknown>((resolve) => a.write('anyone?', resolve));
    expect((await errorEvent)[0]).toEqual(errorNamed('ConnectionLostError'));
    expect(await failed).toEqual(errorNamed('ConnectionLostError'));
  });

  it('data after the peer said fin is a protocol error', async () => {
    const { b, rawA } = await framedPair();
    const failed = once(b, 'error');
    b.resume();
    rawA.write(Buffer.of(0, 0, 0, 1, 0x78));
    const [error] = (await failed) as [unknown];
    expect(error).toEqual(errorNamed('TransportProtocolError'));
  });
});
