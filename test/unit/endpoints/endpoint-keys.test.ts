import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkEndpointOffer, signEndpointOffer } from '../../../src/contacts/endpoint-offer-check.js';
import { deriveEndpointKeys } from '../../../src/contacts/endpoint-keys.js';
import { identityFromSeed, signWithIdentity } from '../../../src/crypto/identity.js';
import { publicKeyFromOnionAddress } from '../../../src/crypto/onion-address.js';
import { errorNamed } from '../../shared/errors.js';

const ALICE = identityFromSeed(new Uint8Array(32).fill(1));
const BOB = identityFromSeed(new Uint8Array(32).fill(2));
const CAROL = identityFromSeed(new Uint8Array(32).fill(4));
const SALT = new Uint8Array(16).fill(3);
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('endpoint keys', () => {
  it('are derived from the identity seed, the friend and the salt (pinned vector, cross-checked with node:crypto HKDF)', () => {
    const keys = deriveEndpointKeys(ALICE.seed, BOB.onionAddress, SALT);
    expect(keys.service.onionAddress).toBe('nfni6h4b5w5ikwkvjawvvlwiihyxkoxcbb5goiugrdi5s3ng4hf34bad');
    expect(toHex(keys.client.secretKey)).toBe('50dcf17cde40b9cc07d8ec27adef1f3e012fc6c23805630ce9a66882f6b77d5e');
    expect(toHex(keys.client.publicKey)).toBe('dcad101e896fa3debae3a61388daad54ca8e77b52522eb247e076d1fdece0255');
    const info = Buffer.concat([
      Buffer.from('burrow-endpoint-v1 service'),
      publicKeyFromOnionAddress(BOB.onionAddress),
    ]);
    const seed = new Uint8Array(hkdfSync('sha256', ALICE.seed, SALT, info, 32));
    expect(keys.service.onionAddress).toBe(identityFromSeed(seed).onionAddress);
  });

  it('differ per friend and per salt, so a re-added friend gets an unrelated endpoint', () => {
    const forBob = deriveEndpointKeys(ALICE.seed, BOB.onionAddress, SALT);
    const forCarol = deriveEndpointKeys(ALICE.seed, CAROL.onionAddress, SALT);
    const bobAgain = deriveEndpointKeys(ALICE.seed, BOB.onionAddress, new Uint8Array(16).fill(9));
    const addresses = new Set([forBob, forCarol, bobAgain].map((k) => k.service.onionAddress));
    expect(addresses.size).toBe(3);
    expect(addresses.has(ALICE.onionAddress)).toBe(false);
    expect(deriveEndpointKeys(ALICE.seed, BOB.onionAddress, SALT).service.onionAddress).toBe(
      forBob.service.onionAddress,
    );
    expect(() => deriveEndpointKeys(ALICE.seed, BOB.onionAddress, new Uint8Array(15))).toThrow(TypeError);
  });
});

describe('endpoint offers', () => {
  const keys = deriveEndpointKeys(ALICE.seed, BOB.onionAddress, SALT);
  const offer = signEndpointOffer(keys, ALICE.onionAddress, BOB.onionAddress, 1_700_000_000_000);

  it('check out for the pair they were made for', () => {
    expect(checkEndpointOffer(offer, ALICE.onionAddress, BOB.onionAddress)).toEqual({
      address: keys.service.onionAddress,
      clientKey: keys.client.secretKey,
      issuedAt: 1_700_000_000_000,
    });
  });

  it('are refused when passed on by someone else, to someone else, or altered', () => {
    const forged = errorNamed('EndpointOfferForgedError');
    // Bob hands Alice's endpoint for him on to Carol as if it were his.
    expect(() => checkEndpointOffer(offer, BOB.onionAddress, CAROL.onionAddress)).toThrow(forged);
    expect(() => checkEndpointOffer(offer, ALICE.onionAddress, CAROL.onionAddress)).toThrow(forged);
    expect(() =>
      checkEndpointOffer({ ...offer, issuedAt: offer.issuedAt + 1 }, ALICE.onionAddress, BOB.onionAddress),
    ).toThrow(forged);
    const otherClient = Uint8Array.from(offer.clientKey);
    otherClient[0]! ^= 1;
    expect(() =>
      checkEndpointOffer({ ...offer, clientKey: otherClient }, ALICE.onionAddress, BOB.onionAddress),
    ).toThrow(forged);
    expect(() =>
      checkEndpointOffer({ ...offer, signature: new Uint8Array(64) }, ALICE.onionAddress, BOB.onionAddress),
    ).toThrow(forged);
    expect(() =>
      checkEndpointOffer(
        { ...offer, endpointKey: new Uint8Array(32).fill(0xff) },
        ALICE.onionAddress,
        BOB.onionAddress,
      ),
    ).toThrow(forged);
  });

  it('are refused when the endpoint is a public identity or the client key is all zero', () => {
    const forged = errorNamed('EndpointOfferForgedError');
    const selfOffer = signEndpointOffer(
      { service: ALICE, client: keys.client },
      ALICE.onionAddress,
      BOB.onionAddress,
      1,
    );
    expect(() => checkEndpointOffer(selfOffer, ALICE.onionAddress, BOB.onionAddress)).toThrow(forged);
    const zero = { ...offer, clientKey: new Uint8Array(32) };
    const signature = signWithIdentity(keys.service, new Uint8Array(0));
    expect(() => checkEndpointOffer({ ...zero, signature }, ALICE.onionAddress, BOB.onionAddress)).toThrow(forged);
  });
});
