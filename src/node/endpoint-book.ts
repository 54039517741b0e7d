/**
 * Private endpoints as the session host needs them (docs/PROTOCOL.md "Endpoints"), declared
 * here so the host depends on no service: the contacts service's endpoints feature implements
 * it and app/compose.ts hands it over (`SessionHost.useEndpoints`).
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';

/** An endpoint we publish: an onion service only `friend`'s tor can find. */
export interface OwnEndpoint {
  readonly friend: OnionAddress;
  /** The service's key; its onion address is the endpoint's. */
  readonly service: IdentityKeyPair;
  /** The x25519 public key of the friend's client-authorisation key. */
  readonly clientPublicKey: Uint8Array;
}

/** An endpoint a friend gave us, with the key our tor needs to find it. */
export interface PeerEndpoint {
  readonly friend: OnionAddress;
  readonly address: OnionAddress;
  readonly clientKey: Uint8Array;
}

/** Where the host publishes, what keys its tor holds, and where it dials. */
export interface EndpointBook {
  /** Our endpoints (one per friend) and theirs, as they should be now. */
  current(): { readonly own: readonly OwnEndpoint[]; readonly theirs: readonly PeerEndpoint[] };
  /** Their endpoint for a friend who gave us one, else undefined (dial their public address). */
  endpointOf(peer: OnionAddress): OnionAddress | undefined;
}

/** The book of a node without endpoints (tests of the host alone): everyone is dialed at their public address. */
export const NO_ENDPOINTS: EndpointBook = Object.freeze({
  current: () => ({ own: [], theirs: [] }),
  endpointOf: () => undefined,
});
