// Fixed identities and helpers shared by the relay tests.
import { identityFromSeed, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { InnerContent } from '../../../src/protocol/relay/inner-codec.js';
import { DEFAULT_ENVELOPE_LIFETIME_S } from '../../../src/relay/limits.js';
import { sealEnvelope, type SealedEnvelope, type SealOptions } from '../../../src/relay/seal.js';
import { counting } from './vector-inputs.js';

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'mallory', 'trent'] as const;

/** A person in the tests. */
export type Name = (typeof NAMES)[number];

/** One fixed identity per name (seed = 32 counting bytes from a per-name start). */
export const people: Readonly<Record<Name, IdentityKeyPair>> = Object.freeze(
  Object.fromEntries(NAMES.map((name, index) => [name, identityFromSeed(counting(0x10 * index + 1, 32))])) as Record<
    Name,
    IdentityKeyPair
  >,
);

/** The onion address of `name`. */
export const onion = (name: Name): OnionAddress => people[name].onionAddress;

/** Now, in unix ms, for tests that do not care: 2023-11-14T22:13:20Z. */
export const T0_MS = 1_700_000_000_000;
/** {@link T0_MS} in unix seconds. */
export const T0_S = T0_MS / 1000;

let nextMessageId = 0;

/** A relayed chat message with a fresh id. */
export function chat(text: string, id: Uint8Array = counting(0x100 + nextMessageId++, 16)): InnerContent {
  return { kind: 'chat-message', message: { id, text } };
}

/** Seals `text` from `from` to `to` at {@link T0_MS}, with `overrides`. */
export function seal(from: Name, to: Name, text = 'hello', overrides: Partial<SealOptions> = {}): SealedEnvelope {
  return sealEnvelope({
    sender: people[from],
    recipient: onion(to),
    content: chat(text),
    createdAt: T0_MS,
    expiry: T0_S + DEFAULT_ENVELOPE_LIFETIME_S,
    ...overrides,
  });
}
