/**
 * What one stranger's knock costs the listener: the responder's side of the handshake (two
 * messages in, one out: three x25519, an ephemeral key, the identity-key check and a signature
 * check), timed on this thread with no I/O. It runs on the node's event loop, which friends'
 * messages share, so a knock flood delays them by about rate × this.
 */
import { performance } from 'node:perf_hooks';
import { generateIdentity } from '../../src/crypto/identity.js';
import { createInitiator } from '../../src/protocol/handshake/initiator.js';
import { createResponder } from '../../src/protocol/handshake/responder.js';
import { percentile } from '../benchmark.js';

/** Median ms of the responder's work per handshake over `count` handshakes from fresh identities. */
export function responderHandshakeMs(count = 300): number {
  const listener = generateIdentity();
  const strangers = Array.from({ length: count }, () => generateIdentity());
  const costs: number[] = [];
  for (const stranger of strangers) {
    const initiator = createInitiator({ identity: stranger, remote: listener.onionAddress });
    const responder = createResponder({ identity: listener });
    let started = performance.now();
    const second = responder.receive(initiator.start()!).send!;
    let spent = performance.now() - started;
    const third = initiator.receive(second).send!;
    started = performance.now();
    if (!responder.receive(third).done) throw new Error('the handshake did not finish');
    spent += performance.now() - started;
    costs.push(spent);
  }
  return percentile(costs, 50);
}
