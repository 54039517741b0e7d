/**
 * Contact requests while our public address is closed (docs/PROTOCOL.md "Visibility"). A
 * contact answers our request on a session: one we dialed, or one they dial to our public
 * address. Closed, only the first kind can carry it, so a contact who has our request and has
 * not answered keeps being dialed (with the usual backoff) instead of being left alone once
 * it was delivered, and is dialed again at once when the address closes.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { ContactStanding } from './contact-standing.js';
import type { PublicAddress } from './public-address.js';

/** `standing` as the host follows it: the same answers, but for whom to dial while the address is closed. */
export function dialingForAnswers(
  standing: ContactStanding,
  publicAddress: Pick<PublicAddress, 'current' | 'onClosed'>,
  connections: { want(peer: OnionAddress): void },
): ContactStanding {
  const closed = (): boolean => publicAddress.current().state === 'closed';
  publicAddress.onClosed(() => {
    for (const peer of standing.wanted()) if (standing.awaitsAnswer(peer)) connections.want(peer);
  });
  return {
    gate: (peer) => standing.gate(peer),
    checkReceive: (peer, kind) => standing.checkReceive(peer, kind),
    isFriend: (peer) => standing.isFriend(peer),
    awaitsAnswer: (peer) => standing.awaitsAnswer(peer),
    friends: () => standing.friends(),
    wanted: () => standing.wanted(),
    needsDial: (peer) => standing.needsDial(peer) || (closed() && standing.awaitsAnswer(peer)),
    useDialed: (session) => standing.useDialed(session),
    greeting: () => standing.greeting(),
  };
}
