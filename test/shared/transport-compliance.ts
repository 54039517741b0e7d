/**
 * One compliance suite every {@link Transport} implementation passes (js-libp2p's habit): the
 * in-memory transport in test/unit/transport/memory.test.ts and the Tor transport over the
 * private Tor network in test/tor/transport.test.ts. Code written against the memory transport
 * can then rely on the same behaviour over Tor.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityKeyPair } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import { AbortedError, TimeoutError } from '../../src/errors.js';
import { DialError } from '../../src/transport/errors.js';
import type { Connection, Listener, Transport } from '../../src/transport/transport.js';
import { errorNamed } from './errors.js';

/** Two transports (two "nodes") and the identities they may listen with. */
export interface TransportTestEnv {
  readonly a: Transport;
  readonly b: Transport;
  readonly identityA: IdentityKeyPair;
  readonly identityB: IdentityKeyPair;
  /** A valid onion address nobody publishes. */
  readonly unpublished: OnionAddress;
  /** Closes the transports and anything else the env made. */
  cleanup(): Promise<void>;
}

/** Knobs for slower transports. */
export interface ComplianceOptions {
  /** `timeoutMs` for dials that are meant to fail (default 8 s, enough for Tor's SOCKS round trips on a loaded machine). */
  readonly failingDialTimeoutMs?: number;
  /** `timeoutMs` for dials that are meant to succeed (default 60 s). */
  readonly dialTimeoutMs?: number;
}

const TEN_MEGABYTES = 10 * 1024 * 1024;
/** How much later than its `timeoutMs` a failing dial may settle (event-loop lag on a loaded machine). */
const SETTLE_SLACK_MS = 5_000;
/** How long the "abort during dial" test lets a dial run before aborting it. */
const ABORT_AFTER_MS = 50;

/** Reads until `length` bytes have arrived (more may be left in the stream). */
export function readBytes(stream: Connection, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) {
        cleanup();
        stream.pause();
        const all = Buffer.concat(chunks);
        if (all.length > length) stream.unshift(all.subarray(length));
        resolve(all.subarray(0, length));
      }
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error(`stream ended after ${total} of ${length} bytes`));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
    stream.resume();
  });
}

/** Reads everything until 'end'. */
export function readToEnd(stream: Connection): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.resume();
  });
}

/** SHA-256 of everything read until 'end', and how many bytes that was (without keeping them). */
function hashToEnd(stream: Connection): Promise<{ length: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let length = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    stream.once('end', () => resolve({ length, sha256: hash.digest('hex') }));
    stream.once('error', reject);
    stream.resume();
  });
}

/** A promise of the next inbound connection on a listener, and the handler that feeds it. */
function inboundQueue(): { handler: (connection: Connection) => void; next(): Promise<Connection> } {
  const waiting: ((connection: Connection) => void)[] = [];
  const arrived: Connection[] = [];
  return {
    handler: (connection) => {
      const taker = waiting.shift();
      if (taker === undefined) arrived.push(connection);
      else taker(connection);
    },
    next: () => {
      const ready = arrived.shift();
      return ready === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(ready);
    },
  };
}

function isDialFailure(error: unknown): boolean {
  return error instanceof DialError || error instanceof TimeoutError;
}

/**
 * Registers the suite. `makeEnv` runs before each test (fresh transports and identities) and
 * its `cleanup` after it; connections a test opened are destroyed before that.
 */
export function runTransportCompliance(
  name: string,
  makeEnv: () => Promise<TransportTestEnv>,
  options: ComplianceOptions = {},
): void {
  const failingTimeoutMs = options.failingDialTimeoutMs ?? 8_000;
  const dialTimeoutMs = options.dialTimeoutMs ?? 60_000;

  describe(`${name}: Transport compliance`, () => {
    let env: TransportTestEnv;
    const opened: Connection[] = [];
    const listeners: Listener[] = [];

    beforeEach(async () => {
      env = await makeEnv();
    });

    afterEach(async () => {
      for (const connection of opened.splice(0)) {
        connection.on('error', () => undefined);
        connection.destroy();
      }
      await Promise.allSettled(listeners.splice(0).map((listener) => listener.close()));
      await env.cleanup();
    });

    /** A listens with identityA; B dials it. Returns both ends. */
    async function connect(): Promise<{
      listener: Listener;
      dialed: Connection;
      inbound: Connection;
      queue: ReturnType<typeof inboundQueue>;
    }> {
      const queue = inboundQueue();
      const listener = await env.a.listen(env.identityA, queue.handler);
      listeners.push(listener);
      const dialed = await env.b.dial(env.identityA.onionAddress, { timeoutMs: dialTimeoutMs });
      opened.push(dialed);
      const inbound = await queue.next();
      opened.push(inbound);
      return { listener, dialed, inbound, queue };
    }

    it("listen publishes the identity's onion address and dial reaches it", async () => {
      const { listener, dialed, inbound } = await connect();
      expect(listener.address).toBe(env.identityA.onionAddress);
      expect(dialed.readable && dialed.writable).toBe(true);
      expect(inbound.readable && inbound.writable).toBe(true);
    });

    it('carries bytes both ways', async () => {
      const { dialed, inbound } = await connect();
      dialed.write('hello from b');
      expect((await readBytes(inbound, 12)).toString()).toBe('hello from b');
      inbound.write('and hello from a');
      expect((await readBytes(dialed, 16)).toString()).toBe('and hello from a');
    });

    it('delivers a 10 MB write intact (SHA-256) with backpressure', async () => {
      const { dialed, inbound } = await connect();
      const data = randomBytes(TEN_MEGABYTES);
      const received = hashToEnd(inbound);
      // One big write: the writable buffers it and reports backpressure until the reader catches up.
      expect(dialed.write(data)).toBe(false);
      dialed.end();
      const { length, sha256 } = await received;
      expect(length).toBe(TEN_MEGABYTES);
      expect(sha256).toBe(createHash('sha256').update(data).digest('hex'));
    });

    it('half-close: after A ends, B still writes back and A reads it', async () => {
      const { dialed, inbound } = await connect();
      dialed.end('question');
      expect((await readToEnd(inbound)).toString()).toBe('question');
      expect(inbound.writable).toBe(true);
      // Several writes after the peer's FIN, to be sure the stream stayed open in our direction.
      inbound.write('ans');
      await delay(20);
      inbound.end('wer');
      expect((await readToEnd(dialed)).toString()).toBe('answer');
    });

    it('destroying one end ends the other', async () => {
      const { dialed, inbound } = await connect();
      inbound.on('error', () => undefined);
      dialed.write('last words');
      expect((await readBytes(inbound, 10)).toString()).toBe('last words');
      dialed.destroy();
      const ended = once(inbound, 'end');
      inbound.resume();
      await ended;
    });

    it('serves several connections to one listener at once, each its own stream', async () => {
      const queue = inboundQueue();
      listeners.push(await env.a.listen(env.identityA, queue.handler));
      const dials = await Promise.all(
        [1, 2, 3].map(() => env.b.dial(env.identityA.onionAddress, { timeoutMs: dialTimeoutMs })),
      );
      opened.push(...dials);
      const inbound = await Promise.all(dials.map(() => queue.next()));
      opened.push(...inbound);
      // Each inbound connection echoes with its own tag; each dialer must get back its own tag.
      inbound.forEach((connection, index) => {
        connection.once('data', (chunk: Buffer) => connection.write(`${chunk.toString()}:${index}`));
      });
      const tags = await Promise.all(
        dials.map(async (connection, index) => {
          connection.write(`dial${index}`);
          return (await readBytes(connection, `dial${index}:0`.length)).toString();
        }),
      );
      const echoedBy = tags.map((tag, index) => {
        expect(tag.startsWith(`dial${index}:`)).toBe(true);
        return tag.slice(tag.indexOf(':') + 1);
      });
      expect(new Set(echoedBy).size).toBe(3);
    });

    it(
      'listener.close() stops new dials but keeps open connections',
      async () => {
        const { listener, dialed, inbound } = await connect();
        await listener.close();
        dialed.write('still');
        expect((await readBytes(inbound, 5)).toString()).toBe('still');
        inbound.write('here');
        expect((await readBytes(dialed, 4)).toString()).toBe('here');
        const failure = await env.b.dial(env.identityA.onionAddress, { timeoutMs: failingTimeoutMs }).then(
          (connection) => {
            opened.push(connection);
            return undefined;
          },
          (error: unknown) => error,
        );
        expect(isDialFailure(failure), String(failure)).toBe(true);
      },
      dialTimeoutMs + failingTimeoutMs + SETTLE_SLACK_MS,
    );

    it('refuses a second listener for the same identity with ListenError', async () => {
      listeners.push(await env.a.listen(env.identityA, () => undefined));
      await expect(env.a.listen(env.identityA, () => undefined)).rejects.toThrow(errorNamed('ListenError'));
    });

    it('abort before dial: rejects with AbortedError at once', async () => {
      listeners.push(await env.a.listen(env.identityA, () => undefined));
      const controller = new AbortController();
      controller.abort();
      await expect(
        env.b.dial(env.identityA.onionAddress, { signal: controller.signal, timeoutMs: dialTimeoutMs }),
      ).rejects.toBeInstanceOf(AbortedError);
    });

    it(
      'abort during dial: rejects with AbortedError',
      async () => {
        const controller = new AbortController();
        // An unpublished address keeps the dial busy (retrying, or in the simulated delay).
        const dialing = env.b.dial(env.unpublished, { signal: controller.signal, timeoutMs: 10 * failingTimeoutMs });
        await delay(ABORT_AFTER_MS);
        controller.abort();
        await expect(dialing).rejects.toBeInstanceOf(AbortedError);
      },
      ABORT_AFTER_MS + SETTLE_SLACK_MS,
    );

    // The test's own time limit is the "no hang past its timeout" check.
    it(
      'dialing an unpublished onion rejects with a typed error within the timeout',
      async () => {
        const failure = await env.b.dial(env.unpublished, { timeoutMs: failingTimeoutMs }).then(
          (connection) => {
            opened.push(connection);
            return undefined;
          },
          (error: unknown) => error,
        );
        expect(isDialFailure(failure), String(failure)).toBe(true);
        const error = failure as DialError | TimeoutError;
        expect(error.action).toBe('retry');
        expect(error.message).not.toContain(env.unpublished);
        if (error instanceof DialError) expect(error.reason).toBe('descriptor-not-found');
      },
      failingTimeoutMs + SETTLE_SLACK_MS,
    );

    it('close() makes later dial and listen reject with TransportClosedError', async () => {
      await env.b.close();
      await expect(env.b.dial(env.identityA.onionAddress, { timeoutMs: failingTimeoutMs })).rejects.toThrow(
        errorNamed('TransportClosedError'),
      );
      await expect(env.b.listen(env.identityB, () => undefined)).rejects.toThrow(errorNamed('TransportClosedError'));
    });
  });
}
