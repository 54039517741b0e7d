/**
 * Typed errors of endpoints (docs/PROTOCOL.md "Endpoints"). An offer only a friend can send
 * on their own session, so every fault in one is theirs: action 'drop-peer' closes that session,
 * and nothing of the offer is kept or published.
 */
import { BurrowFailure } from '../errors.js';

/** 'EndpointOfferForgedError': the signature does not hold for this pair, or the endpoint is a public identity. */
export function endpointOfferForged(reason: string): BurrowFailure {
  return new BurrowFailure(
    'EndpointOfferForgedError',
    `A friend sent an endpoint offer that ${reason}. Closed the session.`,
    {
      action: 'drop-peer',
    },
  );
}

/** 'StaleEndpointOfferError': the offer is older than (or conflicts with) the one we keep for that friend. */
export function staleEndpointOffer(): BurrowFailure {
  return new BurrowFailure(
    'StaleEndpointOfferError',
    'A friend sent an endpoint offer older than the one already kept for them (a replay). Closed the session.',
    { action: 'drop-peer' },
  );
}
