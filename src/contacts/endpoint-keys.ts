/**
 * The keys of the endpoint we publish for one friend (docs/PROTOCOL.md "Endpoints"): an onion
 * service only that friend can find (Tor v3 client authorisation) and the x25519 key that lets
 * their tor find it. Both come from our identity seed, the friend's public key and a random
 * 16-byte salt kept in the encrypted store:
 *
 *   endpoint seed = HKDF-SHA256(ikm = identity seed, salt, info = "burrow-endpoint-v1 service" ‖ friend key)
 *   client key    = HKDF-SHA256(ikm = identity seed, salt, info = "burrow-endpoint-v1 client"  ‖ friend key), clamped
 *
 * The store holds no secret key of its own, and a new salt (re-adding a removed friend) gives a
 * new, unrelated endpoint. Pure: bytes in, keys out.
 */
import { hkdfSha256 } from '../crypto/hkdf.js';
import { identityFromSeed, type IdentityKeyPair } from '../crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { x25519KeyPairFromSecret, type X25519KeyPair } from '../crypto/x25519.js';

/** Bytes of the per-friend random salt. */
export const ENDPOINT_SALT_BYTES = 16;

const SERVICE_INFO = new TextEncoder().encode('burrow-endpoint-v1 service');
const CLIENT_INFO = new TextEncoder().encode('burrow-endpoint-v1 client');

/** Our endpoint for one friend. */
export interface EndpointKeys {
  /** The endpoint's onion service key; its `onionAddress` is the endpoint's address. */
  readonly service: IdentityKeyPair;
  /** The friend's client-authorisation key: the private half goes to them, the public half to our tor. */
  readonly client: X25519KeyPair;
}

/** Derives our endpoint for `friend` from our identity seed and the stored salt. */
export function deriveEndpointKeys(identitySeed: Uint8Array, friend: OnionAddress, salt: Uint8Array): EndpointKeys {
  if (!(salt instanceof Uint8Array) || salt.length !== ENDPOINT_SALT_BYTES)
    throw new TypeError(`an endpoint salt is ${ENDPOINT_SALT_BYTES} bytes`);
  const friendKey = publicKeyFromOnionAddress(friend);
  const serviceSeed = hkdfSha256(identitySeed, salt, concat(SERVICE_INFO, friendKey), 32);
  const clientSecret = hkdfSha256(identitySeed, salt, concat(CLIENT_INFO, friendKey), 32);
  // RFC 7748 §5 clamping, so the key tor is handed is already in its canonical form.
  clientSecret[0]! &= 248;
  clientSecret[31]! &= 127;
  clientSecret[31]! |= 64;
  const keys = { service: identityFromSeed(serviceSeed), client: x25519KeyPairFromSecret(clientSecret) };
  serviceSeed.fill(0);
  return keys;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
