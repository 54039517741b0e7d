import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { TimeoutError } from '../../../src/errors.js';
import { configureLogging } from '../../../src/log.js';
import { DialError } from '../../../src/transport/errors.js';
import { createMemoryConnectionPair, MemoryNetwork } from '../../../src/transport/memory/index.js';
import type { Connection } from '../../../src/transport/transport.js';
import { readBytes, readToEnd, runTransportCompliance } from '../../shared/transport-compliance.js';
import { errorNamed } from '../../shared/errors.js';

// Longer than the compliance suite's "abort during dial" pause, so that dial is still running when it aborts.
const SIMULATED_DIAL_DELAY_MS = 200;

runTransportCompliance(
  'memory',
  () => {
    const network = new MemoryNetwork({ dialDelayMs: SIMULATED_DIAL_DELAY_MS });
    const a = network.transport();
    const b = network.transport();
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
  { failingDialTimeoutMs: 2_000, dialTimeoutMs: 5_000 },
);

describe('MemoryConnection', () => {
  it('applies backpressure: a writer stalls until the reader reads', async () => {
    const [a, b] = createMemoryConnectionPair();
    b.pause();
    let writes = 0;
    while (a.write(Buffer.alloc(1024))) writes++;
    // The writer's and the reader's buffers (16 KiB each by default) fill up, then write() says stop.
    expect(writes).toBeLessThan(64);
    let drained = false;
    a.once('drain', () => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    b.resume();
    await once(a, 'drain');
    a.destroy();
    b.destroy();
  });

  it('delivers a copy: changing the buffer after write() does not change what arrives', async () => {
    const [a, b] = createMemoryConnectionPair();
    const buffer = Buffer.from('original');
    a.write(buffer);
    buffer.write('mutated!');
    expect((await readBytes(b, 8)).toString()).toBe('original');
    a.destroy();
    b.destroy();
  });

  it('after the peer is destroyed: reads what arrived, then end and close; writes fail with ConnectionLostError', async () => {
    const [a, b] = createMemoryConnectionPair();
    a.end('bye');
    a.destroy();
    const closed = once(b, 'close');
    expect((await readToEnd(b)).toString()).toBe('bye');
    await closed;
    const [c, d] = createMemoryConnectionPair();
    c.destroy();
    // d keeps its writable side open until its reader consumed the end; its writes must fail.
    const failed = once(d, 'error');
    d.write('anyone there?');
    const [error] = (await failed) as [unknown];
    expect(error).toEqual(errorNamed('ConnectionLostError'));
  });

  it('closes both ends once both directions are finished', async () => {
    const [a, b] = createMemoryConnectionPair();
    const closed = Promise.all([once(a, 'close'), once(b, 'close')]);
    a.end('x');
    b.end('y');
    a.resume();
    b.resume();
    await closed;
  });
});

describe('MemoryNetwork', () => {
  it('goOffline destroys the node connections, unpublishes it, and the node can come back', async () => {
    const network = new MemoryNetwork();
    const alice = network.transport();
    const bob = network.transport();
    const identity = generateIdentity();
    const inbound: Connection[] = [];
    await alice.listen(identity, (connection) => inbound.push(connection));
    const dialed = await bob.dial(identity.onionAddress);
    dialed.write('hi');
    await expect.poll(() => inbound.length).toBe(1);

    expect(await network.goOffline(identity.onionAddress)).toBe(true);
    expect(network.isPublished(identity.onionAddress)).toBe(false);
    const ended = once(dialed, 'end');
    dialed.resume();
    await ended;
    expect(inbound[0]!.destroyed).toBe(true);
    await expect(bob.dial(identity.onionAddress)).rejects.toMatchObject({
      name: 'DialError',
      reason: 'descriptor-not-found',
    });

    await alice.listen(identity, (connection) => inbound.push(connection));
    (await bob.dial(identity.onionAddress)).destroy();
    await expect.poll(() => inbound.length).toBe(2);
    expect(await network.goOffline(generateIdentity().onionAddress)).toBe(false);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a dial shorter than the simulated delay times out with TimeoutError', async () => {
    const network = new MemoryNetwork({ dialDelayMs: 10_000 });
    const transport = network.transport();
    await expect(transport.dial(generateIdentity().onionAddress, { timeoutMs: 50 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    await transport.close();
  });

  it('an unpublished address fails with DialError descriptor-not-found and a message a user can act on', async () => {
    const transport = new MemoryNetwork().transport();
    const error = await transport.dial(generateIdentity().onionAddress).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).message).toMatch(/offline|not published/);
    await transport.close();
  });

  it('a connection handler that throws gets its connection destroyed, not a crash', async () => {
    const logged: string[] = [];
    configureLogging({ sink: (line) => logged.push(line) });
    try {
      const network = new MemoryNetwork();
      const alice = network.transport();
      const identity = generateIdentity();
      await alice.listen(identity, () => {
        throw new Error('handler bug');
      });
      const dialed = await network.transport().dial(identity.onionAddress);
      const ended = once(dialed, 'end');
      dialed.resume();
      await ended;
      await alice.close();
      expect(logged.join('\n')).toMatch(/connection handler threw.*handler bug/);
    } finally {
      configureLogging({ sink: (line) => process.stderr.write(line + '\n') });
    }
  });

  it('rejects a negative dial delay', () => {
    expect(() => new MemoryNetwork({ dialDelayMs: -1 })).toThrow(TypeError);
  });
});
