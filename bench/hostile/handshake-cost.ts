/**
 * What one stranger's knock costs the listener: the responder's side of the handshake (two
 * messages in, one out: three x25519, an ephemeral key, the identity-key check and a signature
 * check), as CPU time of this process with no I/O (wall time on a shared machine measures the
 * other work too). It runs on the node's event loop, which friends' messages share, so a knock
 * flood keeps that loop busy for about rate × this.
 */
import { generateIdentity } from '../../src/crypto/identity.js';
import { createInitiator } from '../../src/protocol/handshake/initiator.js';
import { createResponder } from '../../src/protocol/handshake/responder.js';
import { percentile } from '../benchmark.js';

/** CPU ms since `since` (a `process.cpuUsage()`). */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

/** Median CPU ms of the responder's work per handshake over `count` handshakes from fresh identities. */
export function responderHandshakeMs(count = 300): number {
  const listener = generateIdentity();
  const strangers = Array.from({ length: count }, () => generateIdentity());
  const costs: number[] = [];
  for (const stranger of strangers) {
    const initiator = createInitiator({ identity: stranger, remote: listener.onionAddress });
    const responder = createResponder({ identity: listener });
    const first = initiator.start()!;
    let started = process.cpuUsage();
    const second = responder.receive(first).send!;
    let spent = cpuMsSince(started);
    const third = initiator.receive(second).send!;
    started = process.cpuUsage();
    if (!responder.receive(third).done) throw new Error('the handshake did not finish');
    spent += cpuMsSince(started);
    costs.push(spent);
  }
  return percentile(costs, 50);
}
