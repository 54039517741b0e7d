import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { preferredSession } from '../../../src/node/peer-link.js';
import { gateVerdict, mayReceive } from '../../../src/contacts/feature/standing.js';

const [small, large] = [generateIdentity().onionAddress, generateIdentity().onionAddress].sort() as [
  OnionAddress,
  OnionAddress,
];
const dialedBy = (dialer: OnionAddress, self: OnionAddress, peer: OnionAddress) => ({
  session: { role: dialer === self ? ('initiator' as const) : ('responder' as const), peer },
});

describe('preferredSession', () => {
  it('keeps the session dialed by the smaller address, on both sides', () => {
    // Seen from the smaller side: its own dial is 'initiator'.
    expect(preferredSession(dialedBy(small, small, large), dialedBy(large, small, large), small)).toBe('current');
    expect(preferredSession(dialedBy(large, small, large), dialedBy(small, small, large), small)).toBe('candidate');
    // Seen from the larger side: the same session wins.
    expect(preferredSession(dialedBy(small, large, small), dialedBy(large, large, small), large)).toBe('current');
    expect(preferredSession(dialedBy(large, large, small), dialedBy(small, large, small), large)).toBe('candidate');
  });

  it('prefers the newer of two sessions dialed by the same side', () => {
    expect(preferredSession(dialedBy(small, small, large), dialedBy(small, small, large), small)).toBe('candidate');
  });

  it('both sides always agree on which dialer survives', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (firstBySmall, secondBySmall) => {
        fc.pre(firstBySmall !== secondBySmall);
        const dialers = [firstBySmall ? small : large, secondBySmall ? small : large] as const;
        const survivor = (self: OnionAddress, peer: OnionAddress): OnionAddress => {
          const pick = preferredSession(dialedBy(dialers[0], self, peer), dialedBy(dialers[1], self, peer), self);
          return pick === 'current' ? dialers[0] : dialers[1];
        };
        expect(survivor(small, large)).toBe(small);
        expect(survivor(large, small)).toBe(small);
      }),
    );
  });
});

describe('standing', () => {
  it('lets strangers, the rejected and the blocked send only a contact request (they look alike from outside)', () => {
    expect(mayReceive('stranger', 'contact-request')).toBe(true);
    for (const kind of ['contact-accept', 'chat-message', 'ack', 'read-receipt', 'ping', 'pong'] as const) {
      expect(mayReceive('stranger', kind)).toBe(false);
      expect(mayReceive('incoming-request', kind)).toBe(false);
      expect(mayReceive('rejected', kind)).toBe(false);
      expect(mayReceive('friend', kind)).toBe(true);
      expect(mayReceive('blocked', kind)).toBe(false);
    }
    expect(mayReceive('outgoing-request', 'contact-accept')).toBe(true);
    expect(mayReceive('outgoing-request', 'chat-message')).toBe(false);
    expect(gateVerdict('friend')).toBe('allow');
    expect(mayReceive('blocked', 'contact-request')).toBe(true);
    expect(gateVerdict('blocked')).toBe('contact-request-only');
    expect(gateVerdict('stranger')).toBe('contact-request-only');
  });
});
