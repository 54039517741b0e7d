// PeerLink.whenHandled: a message written to a session is only known to have reached the friend
// once they answered a ping sent after it (a session is read and handled in order); a session
// that closes first says it may not have.
import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { PeerLink } from '../../../src/node/peer-link.js';
import { decodeMessage, encodeMessage } from '../../../src/protocol/envelope/index.js';
import type { SecureSession } from '../../../src/session/secure-session.js';
import { upgradeInbound, upgradeOutbound } from '../../../src/session/upgrade.js';
import { socketPair } from '../session/loopback.js';

const open: SecureSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((session) => session.close()));
});

async function linkedPair(): Promise<{ link: PeerLink; friend: SecureSession }> {
  const [alice, bob] = [generateIdentity(), generateIdentity()];
  const [dialer, listener] = await socketPair();
  const [ours, theirs] = await Promise.all([
    upgradeOutbound(dialer, { identity: alice, remote: bob.onionAddress }),
    upgradeInbound(listener, { identity: bob, gate: () => 'allow' }),
  ]);
  open.push(ours, theirs);
  return { link: new PeerLink(ours, Date.now()), friend: theirs };
}

const outcome = (link: PeerLink, pingId: Uint8Array): Promise<boolean> =>
  new Promise((resolve) => link.whenHandled(pingId, resolve));

describe('PeerLink.whenHandled', () => {
  it('says handled once the friend answers the ping that follows the message', async () => {
    const { link, friend } = await linkedPair();
    await link.send({ kind: 'ping', id: new Uint8Array(16).fill(1) }); // stands for any message
    const handled = outcome(link, new Uint8Array(16).fill(2));
    const frames = friend[Symbol.asyncIterator]();
    expect(decodeMessage((await frames.next()).value as Uint8Array).kind).toBe('ping');
    const ping = decodeMessage((await frames.next()).value as Uint8Array);
    expect(ping).toMatchObject({ kind: 'ping', id: new Uint8Array(16).fill(2) });
    // A pong for some other ping settles nothing.
    link.pong(new Uint8Array(16).fill(9));
    await friend.send(encodeMessage({ kind: 'pong', id: new Uint8Array(16).fill(3), pingId: ping.id }));
    for await (const body of link.session) {
      const message = decodeMessage(body);
      if (message.kind === 'pong') link.pong(message.pingId);
      break;
    }
    await expect(handled).resolves.toBe(true);
  });

  it('lets callers with nothing sent between them share one ping; a message between needs its own', async () => {
    const { link, friend } = await linkedPair();
    const first = outcome(link, new Uint8Array(16).fill(6));
    const second = outcome(link, new Uint8Array(16).fill(7)); // nothing sent since the first ping
    await link.send({ kind: 'ping', id: new Uint8Array(16).fill(8) }); // stands for any message
    const third = outcome(link, new Uint8Array(16).fill(10));
    const frames = friend[Symbol.asyncIterator]();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(decodeMessage((await frames.next()).value as Uint8Array));
    expect(ids.map((message) => (message.kind === 'ping' ? message.id[0] : -1))).toEqual([6, 8, 10]);
    link.pong(new Uint8Array(16).fill(6));
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    let thirdSettled = false;
    void third.then(() => (thirdSettled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdSettled).toBe(false);
    link.pong(new Uint8Array(16).fill(10));
    await expect(third).resolves.toBe(true);
  });

  it('says not handled when the session closes before the friend answered', async () => {
    const { link, friend } = await linkedPair();
    const handled = outcome(link, new Uint8Array(16).fill(4));
    const sharing = outcome(link, new Uint8Array(16).fill(11));
    await friend.close();
    await expect(Promise.all([handled, sharing])).resolves.toEqual([false, false]);
  });

  it('says not handled at once on a session already closed', async () => {
    const { link } = await linkedPair();
    await link.close();
    await expect(outcome(link, new Uint8Array(16).fill(5))).resolves.toBe(false);
  });
});
