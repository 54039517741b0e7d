// Releases nothing answers (withdrawals, receipts, dropped notices) are owed to a friend until
// they handled them: one the friend's session swallowed (a duplicate session being dropped, a
// friend going offline mid-send) is sent again, at once on their new session or at the next.
import { describe, expect, it } from 'vitest';
import type { RelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
import { OWED_UNTIL_HANDLED, RelayEngine, type RelayAction } from '../../../src/relay/engine.js';
import { onion, people, T0_MS } from './fixtures.js';
import { fakeEnvelope } from './fake-envelopes.js';

const sendsTo = (actions: readonly RelayAction[], to: string): RelayMessage[] =>
  actions.flatMap((action) => (action.type === 'send' && action.to === to ? [action.message] : []));

/** Bob holds Alice's envelope; Dave brings the withdrawal that releases it, owed to Alice. */
function bobWithARelease() {
  const bob = new RelayEngine({
    identity: people.bob,
    friends: ['alice', 'dave'].map((name) => onion(name as 'alice' | 'dave')),
    senderPolicy: () => true,
  });
  const { envelope, secret } = fakeEnvelope();
  bob.receive(onion('alice'), { type: 'relay-envelope', envelope }, T0_MS);
  bob.friendConnected(onion('alice'), T0_MS);
  const withdrawal: RelayMessage = { type: 'relay-withdraw', withdrawal: { id: envelope.id, secret } };
  const actions = bob.receive(onion('dave'), withdrawal, T0_MS);
  expect(sendsTo(actions, onion('alice'))).toEqual([withdrawal]);
  return { bob, withdrawal };
}

describe('what nothing answers is owed until handled', () => {
  it('covers receipts, withdrawals and dropped notices, and nothing that is answered', () => {
    expect([...OWED_UNTIL_HANDLED].sort()).toEqual(['relay-dropped', 'relay-receipt', 'relay-withdraw']);
  });

  it('sends a swallowed withdrawal again at once while the friend is connected on another session', () => {
    const { bob, withdrawal } = bobWithARelease();
    expect(bob.owedTo(onion('alice'))).toEqual([]);
    bob.undelivered(onion('alice'), withdrawal);
    expect(sendsTo(bob.owedTo(onion('alice')), onion('alice'))).toEqual([withdrawal]);
    // Owed once: asking again sends nothing more until it is lost again.
    expect(bob.owedTo(onion('alice'))).toEqual([]);
  });

  it('keeps it for the next connection when the friend is gone', () => {
    const { bob, withdrawal } = bobWithARelease();
    bob.friendDisconnected(onion('alice'));
    bob.undelivered(onion('alice'), withdrawal);
    expect(bob.owedTo(onion('alice'))).toEqual([]);
    expect(sendsTo(bob.friendConnected(onion('alice'), T0_MS), onion('alice'))).toEqual([withdrawal]);
  });

  it('sends nothing again for a message that is answered (an offer is made again on the next connection anyway)', () => {
    const { bob } = bobWithARelease();
    const offer: RelayMessage = { type: 'relay-offer', entries: [] };
    bob.undelivered(onion('alice'), offer);
    expect(bob.owedTo(onion('alice'))).toEqual([]);
  });
});
