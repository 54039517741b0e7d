import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { HandshakeError } from '../../../src/protocol/handshake/handshake-errors.js';
import { createInitiator } from '../../../src/protocol/handshake/initiator.js';
import { FrameEncoder } from '../../../src/protocol/frame/frame-encoder.js';
import { FrameError } from '../../../src/protocol/frame/frame-errors.js';
import { MAX_FRAME_BODY } from '../../../src/protocol/frame/frame-limits.js';
import type { SecureSession } from '../../../src/session/secure-session.js';
import { PeerClosedError, SessionClosedError } from '../../../src/session/session-errors.js';
import { upgradeInbound, upgradeOutbound, type GateDecision } from '../../../src/session/upgrade.js';
import { createMemoryConnectionPair } from '../../../src/transport/memory/index.js';
import { socketPair } from './loopback.js';
import { errorNamed } from '../../shared/errors.js';

const alice = generateIdentity();
const bob = generateIdentity();
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const open: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const s of open.splice(0)) s.destroy();
});

async function sockets(): Promise<[Socket, Socket]> {
  const pair = await socketPair();
  open.push(...pair);
  return pair;
}

async function connected(
  gate: GateDecision = 'allow',
): Promise<{ a: SecureSession; b: SecureSession; dialer: Socket; listener: Socket }> {
  const [dialer, listener] = await sockets();
  const [a, b] = await Promise.all([
    upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress }),
    upgradeInbound(listener, { identity: bob, gate: () => gate }),
  ]);
  return { a, b, dialer, listener };
}

async function next(session: SecureSession): Promise<Uint8Array> {
  const result = await session[Symbol.asyncIterator]().next();
  if (result.done === true) throw new Error('session ended');
  return result.value;
}

/** Drives a raw initiator over `socket` and returns its session keys, so a test can write raw frames. */
async function rawHandshake(socket: Socket): Promise<FrameEncoder> {
  const initiator = createInitiator({ identity: alice, remote: bob.onionAddress });
  socket.write(initiator.start()!);
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      const progress = initiator.receive(chunk);
      if (progress.done) {
        socket.write(progress.send!);
        resolve(new FrameEncoder(progress.result.sendKey));
      }
    });
  });
}

describe('upgrade', () => {
  it('authenticates both sides and carries bodies both ways over TCP', async () => {
    const [dialer, listener] = await sockets();
    const noDelay = vi.spyOn(dialer, 'setNoDelay');
    const gate = vi.fn((): GateDecision => 'allow');
    const [a, b] = await Promise.all([
      upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress }),
      upgradeInbound(listener, { identity: bob, gate }),
    ]);
    expect(noDelay).toHaveBeenCalledWith(true);
    expect(gate).toHaveBeenCalledWith(alice.onionAddress, 'main');
    expect([a.peer, b.peer]).toEqual([bob.onionAddress, alice.onionAddress]);
    expect(a.sessionId).toEqual(b.sessionId);
    expect([a.access, b.access, a.role, b.role]).toEqual(['full', 'full', 'initiator', 'responder']);
    await a.send(utf8('hello bob'));
    await b.send(utf8('hello alice'));
    expect(await next(b)).toEqual(utf8('hello bob'));
    expect(await next(a)).toEqual(utf8('hello alice'));
  });

  it('works over the in-memory transport connection too', async () => {
    const [x, y] = createMemoryConnectionPair();
    open.push(x, y);
    const [a, b] = await Promise.all([
      upgradeOutbound(x, { identity: alice, remote: bob.onionAddress }),
      upgradeInbound(y, { identity: bob, gate: () => 'allow' }),
    ]);
    await a.send(utf8('over memory'));
    expect(await next(b)).toEqual(utf8('over memory'));
    await a.close();
    expect(await b.closed).toBeInstanceOf(PeerClosedError);
  });

  it('marks an unknown peer contact-request-only, from an async gate', async () => {
    const [dialer, listener] = await sockets();
    const [, b] = await Promise.all([
      upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress }),
      upgradeInbound(listener, { identity: bob, gate: () => Promise.resolve<GateDecision>('contact-request-only') }),
    ]);
    expect(b.access).toBe('contact-request-only');
  });

  it('refuses a blocked peer right after the handshake', async () => {
    const [dialer, listener] = await sockets();
    const inbound = upgradeInbound(listener, { identity: bob, gate: () => 'refuse' });
    const a = await upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress });
    await expect(inbound).rejects.toThrow(errorNamed('PeerRefusedError'));
    expect(await a.closed).toBeInstanceOf(PeerClosedError);
    await expect(a.send(utf8('anyone?'))).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('fails both sides when the listener is not the identity dialed', async () => {
    const [dialer, listener] = await sockets();
    const outbound = upgradeOutbound(dialer, { identity: alice, remote: generateIdentity().onionAddress });
    await expect(upgradeInbound(listener, { identity: bob, gate: () => 'allow' })).rejects.toThrow(
      errorNamed('HandshakeDecryptError', {}, HandshakeError),
    );
    await expect(outbound).rejects.toBeInstanceOf(PeerClosedError);
    expect(listener.destroyed).toBe(true);
  });

  it('refuses a peer that is not speaking Burrow', async () => {
    const [dialer, listener] = await sockets();
    const inbound = upgradeInbound(listener, { identity: bob, gate: () => 'allow' });
    dialer.write('GET / HTTP/1.1\r\n\r\n');
    await expect(inbound).rejects.toThrow(errorNamed('HandshakeMalformedError', {}, HandshakeError));
  });

  it('times out a silent dialer and destroys the connection', async () => {
    const [, listener] = await sockets();
    await expect(
      upgradeInbound(listener, { identity: bob, gate: () => 'allow', timeoutMs: 50 }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(listener.destroyed).toBe(true);
  });

  it('times out a gate that never answers', async () => {
    const [dialer, listener] = await sockets();
    const inbound = upgradeInbound(listener, {
      identity: bob,
      gate: () => new Promise<GateDecision>(() => undefined),
      timeoutMs: 200,
    });
    void upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress }).catch(() => undefined);
    await expect(inbound).rejects.toBeInstanceOf(TimeoutError);
  });

  it('aborts through the signal, before or during the handshake', async () => {
    const [dialer, listener] = await sockets();
    await expect(
      upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress, signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortedError);
    const controller = new AbortController();
    const inbound = upgradeInbound(listener, { identity: bob, gate: () => 'allow', signal: controller.signal });
    controller.abort();
    await expect(inbound).rejects.toBeInstanceOf(AbortedError);
    expect(dialer.destroyed && listener.destroyed).toBe(true);
  });

  it('reports a dialer that hangs up mid-handshake', async () => {
    const [dialer, listener] = await sockets();
    const inbound = upgradeInbound(listener, { identity: bob, gate: () => 'allow' });
    dialer.end(Uint8Array.of(0, 54, 0x42));
    await expect(inbound).rejects.toBeInstanceOf(PeerClosedError);
  });

  it('reports a half-close mid-handshake on a half-open connection', async () => {
    const [x, y] = createMemoryConnectionPair();
    open.push(x, y);
    const inbound = upgradeInbound(y, { identity: bob, gate: () => 'allow' });
    x.end(Uint8Array.of(0, 54, 0x42));
    await expect(inbound).rejects.toBeInstanceOf(PeerClosedError);
  });
});

describe('secure session', () => {
  it('closes with FrameTooLargeError on an oversized frame, ending the reader with it', async () => {
    const { a, b, dialer } = await connected();
    dialer.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(await b.closed).toEqual(errorNamed('FrameTooLargeError', {}, FrameError));
    await expect(next(b)).rejects.toThrow(errorNamed('FrameTooLargeError', {}, FrameError));
    expect(await a.closed).toBeInstanceOf(PeerClosedError);
  });

  it('delivers good frames, then closes on a replayed one', async () => {
    const [dialer, listener] = await sockets();
    const [encoder, b] = await Promise.all([
      rawHandshake(dialer),
      upgradeInbound(listener, { identity: bob, gate: () => 'allow' }),
    ]);
    const frame = encoder.encode(utf8('once'));
    dialer.write(frame);
    dialer.write(frame);
    expect(await next(b)).toEqual(utf8('once'));
    expect(await b.closed).toEqual(errorNamed('FrameDecryptError', {}, FrameError));
  });

  it('closes on a tampered frame', async () => {
    const [dialer, listener] = await sockets();
    const [encoder, b] = await Promise.all([
      rawHandshake(dialer),
      upgradeInbound(listener, { identity: bob, gate: () => 'allow' }),
    ]);
    const frame = encoder.encode(utf8('tampered'));
    frame[10]! ^= 1;
    dialer.write(frame);
    expect(await b.closed).toEqual(errorNamed('FrameDecryptError', {}, FrameError));
  });

  it('keeps order and loses nothing when the reader is slower than the sender', async () => {
    const { a, b } = await connected();
    const count = 40; // 40 × 60 KiB is more than the receive queue, so the receiver pauses
    const sending = (async () => {
      for (let i = 0; i < count; i++) await a.send(new Uint8Array(60 * 1024).fill(i));
    })();
    const received: number[] = [];
    for await (const body of b) {
      received.push(body[0]!);
      expect(body.length).toBe(60 * 1024);
      if (received.length === count) break;
    }
    await sending;
    expect(received).toEqual([...Array(count).keys()]);
  });

  it('closes cleanly: our reason is undefined, the peer sees PeerClosedError and its reader ends', async () => {
    const { a, b } = await connected();
    await a.send(utf8('last words'));
    await a.close();
    expect(await a.closed).toBeUndefined();
    expect(a.isOpen).toBe(false);
    const bodies: Uint8Array[] = [];
    for await (const body of b) bodies.push(body);
    expect(bodies).toEqual([utf8('last words')]);
    expect(await b.closed).toBeInstanceOf(PeerClosedError);
    await expect(a.send(utf8('too late'))).rejects.toBeInstanceOf(SessionClosedError);
    await a.close();
  });

  it('reports an abrupt disconnect', async () => {
    const { a, b, dialer } = await connected();
    dialer.destroy();
    expect(await b.closed).toBeInstanceOf(PeerClosedError);
    expect(a.isOpen).toBe(false);
  });

  it('refuses an oversized body without closing the session', async () => {
    const { a, b } = await connected();
    await expect(a.send(new Uint8Array(MAX_FRAME_BODY + 1))).rejects.toThrow(
      errorNamed('FrameBodyTooLargeError', {}, FrameError),
    );
    await a.send(new Uint8Array(MAX_FRAME_BODY));
    expect((await next(b)).length).toBe(MAX_FRAME_BODY);
  });

  it('delivers frames that arrived in the same chunk as the last handshake message', async () => {
    const [dialer, listener] = await sockets();
    const initiator = createInitiator({ identity: alice, remote: bob.onionAddress });
    const inbound = upgradeInbound(listener, { identity: bob, gate: () => 'allow' });
    dialer.write(initiator.start()!);
    const message2 = await new Promise<Buffer>((resolve) => dialer.once('data', resolve));
    const progress = initiator.receive(message2);
    if (!progress.done) throw new Error('handshake not finished');
    dialer.write(
      Uint8Array.from([...progress.send!, ...new FrameEncoder(progress.result.sendKey).encode(utf8('early'))]),
    );
    expect(await next(await inbound)).toEqual(utf8('early'));
  });
});
