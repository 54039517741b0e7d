/**
 * The knock flood's attacker, in a worker thread so that its key generation and handshakes do
 * not run on the nodes' event loop (knock-flood.ts). The memory network lives in the main
 * thread: the worker asks it to dial, and the bytes of each connection cross as messages.
 *
 * Worker data: { target: onion address, perSecond, seconds (identities to make ahead) }. From the parent: { type: 'open' | 'data'
 * | 'end', id, bytes? } and { type: 'stop' }. To the parent: { type: 'dial' | 'data' | 'end',
 * id, bytes? }, { type: 'ready' } when the flood starts and, after 'stop', { type: 'done',
 * opened, failed, dialed }.
 */
import { performance } from 'node:perf_hooks';
import { Duplex } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { generateIdentity } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';

type FromParent =
  | { readonly type: 'open' | 'end'; readonly id: number }
  | { readonly type: 'data'; readonly id: number; readonly bytes: Uint8Array }
  | { readonly type: 'stop' };

const port = parentPort!;
const { target, perSecond, seconds } = workerData as { target: OnionAddress; perSecond: number; seconds: number };
// Throwaway identities cost the attacker a key generation each, made ahead so the knock rate is the handshakes'.
const identities = Array.from({ length: perSecond * seconds }, () => generateIdentity());
const streams = new Map<number, Duplex>();
let dialed = 0;
let opened = 0;
let failed = 0;

/** One connection's end in this thread: writes go to the parent, the parent's bytes come out. */
function streamFor(id: number): Duplex {
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      port.postMessage({ type: 'data', id, bytes: new Uint8Array(chunk) });
      callback();
    },
    final(callback) {
      port.postMessage({ type: 'end', id });
      callback();
    },
    destroy(error, callback) {
      if (streams.delete(id)) port.postMessage({ type: 'end', id });
      callback(error);
    },
  });
  streams.set(id, stream);
  return stream;
}

function knock(id: number): void {
  port.postMessage({ type: 'dial', id });
}

async function handshake(id: number): Promise<void> {
  const stream = streamFor(id);
  try {
    // The session stays open and silent until Ada closes it or the flood stops.
    await upgradeOutbound(stream, { identity: identities.pop() ?? generateIdentity(), remote: target });
    opened += 1;
  } catch {
    failed += 1;
    stream.destroy();
  }
}

const started = performance.now();
port.postMessage({ type: 'ready' });
const timer = setInterval(() => {
  const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
  for (; dialed < due; dialed += 1) knock(dialed);
}, 10);

port.on('message', (message: FromParent) => {
  if (message.type === 'stop') {
    clearInterval(timer);
    for (const stream of streams.values()) stream.destroy();
    port.postMessage({ type: 'done', opened, failed, dialed });
    return;
  }
  if (message.type === 'open') {
    void handshake(message.id);
    return;
  }
  const stream = streams.get(message.id);
  if (message.type === 'data') stream?.push(Buffer.from(message.bytes));
  else if (message.type === 'end') {
    if (stream === undefined)
      failed += 1; // the dial itself failed
    else {
      streams.delete(message.id);
      stream.push(null);
      stream.destroy();
    }
  }
});
