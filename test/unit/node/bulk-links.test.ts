/**
 * The bulk session table (src/node/bulk-links.ts) with stand-in sessions: the duplicate rule
 * among bulk sessions, the backoff after a failed dial, and closing a friend's bulk sessions.
 */
import { describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { BULK_RETRY_BASE_MS, BulkLinks } from '../../../src/node/bulk-links.js';
import type { SecureSession } from '../../../src/session/secure-session.js';

const [small, large] = [generateIdentity().onionAddress, generateIdentity().onionAddress].sort() as [
  OnionAddress,
  OnionAddress,
];

/** A stand-in for an open session with `peer`, dialed by us ('initiator') or by them. */
function fakeSession(peer: OnionAddress, role: 'initiator' | 'responder'): SecureSession & { closedByUs: boolean } {
  let resolveClosed!: () => void;
  const closed = new Promise<undefined>((resolve) => (resolveClosed = () => resolve(undefined)));
  const session = {
    peer,
    role,
    purpose: 'bulk',
    isOpen: true,
    closedByUs: false,
    closed,
    close: () => {
      session.isOpen = false;
      session.closedByUs = true;
      resolveClosed();
      return Promise.resolve();
    },
  };
  return session as unknown as SecureSession & { closedByUs: boolean };
}

function table(self: OnionAddress, dial: (peer: OnionAddress) => Promise<SecureSession>) {
  let now = 1_000;
  const tasks: Promise<unknown>[] = [];
  const links = new BulkLinks({
    self,
    now: () => now,
    dial,
    read: (link) => link.session.closed.then(() => undefined),
    dialable: () => true,
    track: (task) => void tasks.push(task),
    closed: () => undefined,
    signal: new AbortController().signal,
  });
  return { links, advance: (ms: number) => (now += ms), settled: () => Promise.allSettled(tasks) };
}

describe('BulkLinks', () => {
  it('keeps the bulk session dialed by the smaller address, as both sides do', () => {
    // We are the smaller address: our own dial wins over theirs, whichever came first.
    const { links } = table(small, () => Promise.reject(new Error('unused')));
    const theirs = fakeSession(large, 'responder');
    const ours = fakeSession(large, 'initiator');
    links.add(theirs);
    links.add(ours);
    expect(links.ready(large)?.session).toBe(ours);
    expect(theirs.closedByUs).toBe(true);
    // Seen from the larger side, the same session (dialed by the smaller) survives.
    const other = table(large, () => Promise.reject(new Error('unused')));
    const dialedBySmall = fakeSession(small, 'responder');
    const dialedByLarge = fakeSession(small, 'initiator');
    other.links.add(dialedBySmall);
    other.links.add(dialedByLarge);
    expect(other.links.ready(small)?.session).toBe(dialedBySmall);
    expect(dialedByLarge.closedByUs).toBe(true);
  });

  it('waits out a backoff after a failed dial, then dials again', async () => {
    let dials = 0;
    const { links, advance, settled } = table(small, () => {
      dials++;
      return dials === 1 ? Promise.reject(new Error('refused')) : Promise.resolve(fakeSession(large, 'initiator'));
    });
    links.want(large);
    await settled();
    links.want(large);
    expect(dials).toBe(1);
    advance(BULK_RETRY_BASE_MS);
    links.want(large);
    await settled();
    expect(dials).toBe(2);
    expect(links.ready(large)).toBeDefined();
    links.want(large);
    expect(dials).toBe(2);
  });

  it('closes a friend’s bulk sessions when they are dropped', async () => {
    const { links, settled } = table(small, () => Promise.reject(new Error('unused')));
    const session = fakeSession(large, 'responder');
    links.add(session);
    links.drop(large);
    await settled();
    expect(session.closedByUs).toBe(true);
    expect(links.ready(large)).toBeUndefined();
  });
});
