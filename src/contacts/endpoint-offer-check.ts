/**
 * Signing and checking endpoint offers (docs/PROTOCOL.md "Endpoints"). The endpoint key signs
 *
 *   "burrow-endpoint-offer-v1" ‖ offerer identity key ‖ recipient identity key
 *     ‖ endpoint key ‖ client key ‖ u64 issued_at
 *
 * so an offer proves the offerer holds the endpoint's key and is bound to the one pair it was
 * made for: a friend cannot pass on an endpoint someone else gave them, nor one made for another
 * friend. Whether it is newer than the offer we keep is the caller's check (endpoint store).
 */
import { signWithIdentity, verifyIdentitySignature } from '../crypto/identity.js';
import { onionAddressFromPublicKey, publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import type { EndpointOfferBody } from '../protocol/contacts/endpoint-offer.js';
import { endpointOfferForged } from './endpoint-errors.js';
import type { EndpointKeys } from './endpoint-keys.js';

const LABEL = new TextEncoder().encode('burrow-endpoint-offer-v1');

/** A friend's endpoint, checked: where we dial them and the key our tor needs for it. */
export interface FriendEndpoint {
  readonly address: OnionAddress;
  readonly clientKey: Uint8Array;
  readonly issuedAt: number;
}

/** Our offer of `keys` to `recipient`. */
export function signEndpointOffer(
  keys: EndpointKeys,
  offerer: OnionAddress,
  recipient: OnionAddress,
  issuedAt: number,
): EndpointOfferBody {
  const unsigned = { endpointKey: keys.service.publicKey, clientKey: keys.client.secretKey, issuedAt };
  const signature = signWithIdentity(keys.service, signedBytes(unsigned, offerer, recipient));
  return { ...unsigned, signature };
}

/**
 * Checks an offer `offerer` sent us (`recipient`). Throws 'EndpointOfferForgedError' when the
 * signature fails for this pair or the endpoint is the offerer's or our own public identity.
 */
export function checkEndpointOffer(
  offer: EndpointOfferBody,
  offerer: OnionAddress,
  recipient: OnionAddress,
): FriendEndpoint {
  const address = onionAddressFromPublicKey(offer.endpointKey);
  if (address === offerer || address === recipient) throw endpointOfferForged('names a public address');
  if (offer.clientKey.every((byte) => byte === 0)) throw endpointOfferForged('carries an all-zero client key');
  if (!verifyIdentitySignature(offer.endpointKey, signedBytes(offer, offerer, recipient), offer.signature))
    throw endpointOfferForged('is not signed by its endpoint for this pair of friends');
  return { address, clientKey: Uint8Array.from(offer.clientKey), issuedAt: offer.issuedAt };
}

function signedBytes(
  offer: Pick<EndpointOfferBody, 'endpointKey' | 'clientKey' | 'issuedAt'>,
  offerer: OnionAddress,
  recipient: OnionAddress,
): Uint8Array {
  const issuedAt = new Uint8Array(8);
  new DataView(issuedAt.buffer).setBigUint64(0, BigInt(offer.issuedAt));
  const parts = [
    LABEL,
    publicKeyFromOnionAddress(offerer),
    publicKeyFromOnionAddress(recipient),
    offer.endpointKey,
    offer.clientKey,
    issuedAt,
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
