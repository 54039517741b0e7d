// Sealing and opening: round trips, what a relay can and cannot learn, and every kind of
// forged or broken envelope refused with a typed error.
import { describe, expect, it } from 'vitest';
import { verifyIdentitySignature, x25519SecretFromSeed, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { xchachaPolyOpen } from '../../../src/crypto/xchacha20-poly1305.js';
import { x25519PublicFromEd25519 } from '../../../src/crypto/identity.js';
import { x25519SharedSecret } from '../../../src/crypto/x25519.js';
import {
  decodeGroupMessage,
  encodeGroupMessageHeader,
  encodeGroupMessageSignedBytes,
} from '../../../src/protocol/groups/index.js';
import {
  encodeEnvelope,
  envelopeAssociatedData,
  type RelayEnvelope,
} from '../../../src/protocol/relay/envelope-codec.js';
import {
  encodeInnerAuthenticated,
  encodeInnerPadded,
  encodeRelayedChatMessage,
  type InnerContent,
} from '../../../src/protocol/relay/inner-codec.js';
import { MAX_MESSAGE_BYTES } from '../../../src/protocol/envelope/limits.js';
import {
  EnvelopeUnreadableError,
  InnerAuthenticationError,
  UnauthorizedRelaySenderError,
} from '../../../src/relay/errors.js';
import { DEFAULT_ENVELOPE_LIFETIME_S } from '../../../src/relay/limits.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { innerMac, openEnvelope, type UnverifiedInnerMessage } from '../../../src/relay/seal.js';
import { deriveSealKeys } from '../../../src/relay/seal-keys.js';
import { verifyInner, type RelaySenderPolicy, type RelaySenderScope } from '../../../src/relay/verify-inner.js';
import { chat, onion, people, seal, T0_MS, T0_S, type Name } from './fixtures.js';
import { sealPlaintext } from './raw-seal.js';
import { counting } from './vector-inputs.js';
import { errorNamed } from '../../shared/errors.js';

const friendsOf = (...names: Name[]): RelaySenderPolicy => {
  const friends = new Set(names.map(onion));
  return (sender, scope) => scope.kind === 'direct' && friends.has(sender);
};

function expectThrowsNamed(
  run: () => unknown,
  errorClass: abstract new (...args: never[]) => Error,
  reason?: string,
): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(errorClass);
  if (reason !== undefined) expect((thrown as { reason?: string }).reason).toBe(reason);
}

/** A plaintext MACed by `signer` (its pair key with `recipient`) claiming to come from `claimed`, bound to `id` and `recipient`. */
function forgedPlaintext(options: {
  signer: Name;
  claimed: Name;
  recipient: Name;
  id: Uint8Array;
  content?: InnerContent;
}): Uint8Array {
  const content = options.content ?? chat('forged');
  const body = content.kind === 'chat-message' ? encodeRelayedChatMessage(content.message) : new Uint8Array(0);
  const authenticated = encodeInnerAuthenticated({
    sender: people[options.claimed].publicKey,
    kind: content.kind,
    createdAt: T0_MS,
    body,
  });
  const recipientKey = people[options.recipient].publicKey;
  const macKey = pairKeys(people[options.signer], recipientKey, 'to-peer').innerMacKey;
  return encodeInnerPadded(authenticated, innerMac(macKey, options.id, recipientKey, authenticated));
}

/** The whole plaintext of an envelope, as its recipient `identity` can show it to anyone. */
function plaintextAt(envelope: RelayEnvelope, identity: IdentityKeyPair): Uint8Array {
  const shared = x25519SharedSecret(x25519SecretFromSeed(identity.seed), envelope.ephemeralKey);
  const keys = deriveSealKeys(shared, envelope.ephemeralKey, x25519PublicFromEd25519(identity.publicKey));
  return xchachaPolyOpen(keys.key, keys.nonce, envelope.ciphertext, envelopeAssociatedData(envelope));
}

describe('seal and open', () => {
  it('round-trips a chat message from a friend', () => {
    const { envelope } = seal('alice', 'carol', 'meet at noon');
    const message = verifyInner(openEnvelope(envelope, people.carol), people.carol, friendsOf('alice'));
    expect(message.sender).toBe(onion('alice'));
    expect(message.envelopeId).toEqual(envelope.id);
    expect(message.createdAt).toBe(T0_MS);
    expect(message.content).toMatchObject({ kind: 'chat-message', message: { text: 'meet at noon' } });
  });

  it('carries the hop limit minus the first hand-off, and an expiry within the lifetime', () => {
    expect(seal('alice', 'carol').envelope.hops).toBe(3);
    expect(seal('alice', 'carol', 'x', { hopLimit: 1 }).envelope.hops).toBe(0);
    expect(seal('alice', 'carol', 'x', { hopLimit: 4 }).envelope.hops).toBe(3);
    expect(seal('alice', 'carol').envelope.expiry).toBe(T0_S + DEFAULT_ENVELOPE_LIFETIME_S);
  });

  it('gives a relay without the key nothing: it cannot open it, and neither the sender nor the text is in the bytes', () => {
    const { envelope } = seal('alice', 'carol', 'the secret plan');
    for (const relay of [people.bob, people.dave, people.alice])
      expectThrowsNamed(() => openEnvelope(envelope, relay), EnvelopeUnreadableError, 'undecryptable');
    const wire = Buffer.from(encodeEnvelope(envelope));
    expect(wire.includes(Buffer.from(people.alice.publicKey))).toBe(false);
    expect(wire.includes(Buffer.from(people.carol.publicKey))).toBe(false);
    expect(wire.includes(Buffer.from('the secret plan'))).toBe(false);
    expect(wire.includes(Buffer.from(onion('alice')))).toBe(false);
  });

  it('pads to a bucket, so a short and a longer message look alike', () => {
    const short = seal('alice', 'carol', 'k').envelope;
    const longer = seal('alice', 'carol', 'x'.repeat(800)).envelope;
    expect(short.ciphertext.length).toBe(1024 + 16);
    expect(longer.ciphertext.length).toBe(1024 + 16);
    expect(seal('alice', 'carol', 'x'.repeat(2000)).envelope.ciphertext.length).toBe(4096 + 16);
    const padded = seal('alice', 'carol', 'k', { padTo: 16_384 }).envelope;
    expect(padded.ciphertext.length).toBe(16_384 + 16);
    expect(verifyInner(openEnvelope(padded, people.carol), people.carol, friendsOf('alice')).content).toMatchObject({
      message: { text: 'k' },
    });
  });

  it('refuses an envelope whose authenticated header was altered, but not one whose hops were counted down', () => {
    const { envelope } = seal('alice', 'carol');
    const flip = (bytes: Uint8Array): Uint8Array => {
      const copy = Uint8Array.from(bytes);
      copy[0]! ^= 1;
      return copy;
    };
    for (const altered of [
      { ...envelope, id: flip(envelope.id) },
      { ...envelope, tag: flip(envelope.tag) },
      { ...envelope, expiry: envelope.expiry + 1 },
      { ...envelope, commitment: flip(envelope.commitment) },
      { ...envelope, ephemeralKey: flip(envelope.ephemeralKey) },
      { ...envelope, ciphertext: flip(envelope.ciphertext) },
    ]) {
      expectThrowsNamed(() => openEnvelope(altered, people.carol), EnvelopeUnreadableError, 'undecryptable');
    }
    expect(openEnvelope({ ...envelope, hops: 0 }, people.carol).content.kind).toBe('chat-message');
  });

  it('refuses a low-order ephemeral key as undecryptable', () => {
    const { envelope } = seal('alice', 'carol');
    expectThrowsNamed(
      () => openEnvelope({ ...envelope, ephemeralKey: new Uint8Array(32) }, people.carol),
      EnvelopeUnreadableError,
      'undecryptable',
    );
  });
});

describe('forged and broken payloads', () => {
  const id = counting(0xa0, 16);

  it('refuses garbage that decrypts: random bytes, a non-zero padding, an unknown kind, a bad body', () => {
    const random = Uint8Array.from({ length: 1024 }, (_, i) => (i * 131 + 7) & 0xff);
    expectThrowsNamed(
      () => openEnvelope(sealPlaintext(onion('carol'), random), people.carol),
      EnvelopeUnreadableError,
      'malformed',
    );
    const good = forgedPlaintext({ signer: 'alice', claimed: 'alice', recipient: 'carol', id });
    const dirtyPadding = Uint8Array.from(good);
    dirtyPadding[1023] = 1;
    expectThrowsNamed(
      () => openEnvelope(sealPlaintext(onion('carol'), dirtyPadding, { id }), people.carol),
      EnvelopeUnreadableError,
      'malformed',
    );
    const unknownKind = Uint8Array.from(good);
    unknownKind[33] = 9;
    expectThrowsNamed(
      () => openEnvelope(sealPlaintext(onion('carol'), unknownKind, { id }), people.carol),
      EnvelopeUnreadableError,
      'malformed',
    );
    const notAPaddedSize = good.slice(0, 1000);
    expectThrowsNamed(
      () => openEnvelope(sealPlaintext(onion('carol'), notAPaddedSize, { id }), people.carol),
      EnvelopeUnreadableError,
      'malformed',
    );
    const emptyChat = encodeInnerPadded(
      encodeInnerAuthenticated({
        sender: people.alice.publicKey,
        kind: 'chat-message',
        createdAt: 0,
        body: counting(0, 18).fill(0, 16),
      }),
      new Uint8Array(32),
    );
    expectThrowsNamed(
      () => openEnvelope(sealPlaintext(onion('carol'), emptyChat, { id }), people.carol),
      EnvelopeUnreadableError,
      'malformed',
    );
  });

  it('refuses a sealer that committed to anything but its receipt secret', () => {
    const plaintext = forgedPlaintext({ signer: 'alice', claimed: 'alice', recipient: 'carol', id });
    expectThrowsNamed(
      () =>
        openEnvelope(sealPlaintext(onion('carol'), plaintext, { id, commitment: new Uint8Array(32) }), people.carol),
      EnvelopeUnreadableError,
      'commitment',
    );
  });

  it('opens an honest raw seal (the helper itself is sound)', () => {
    const plaintext = forgedPlaintext({ signer: 'alice', claimed: 'alice', recipient: 'carol', id });
    expect(
      verifyInner(
        openEnvelope(sealPlaintext(onion('carol'), plaintext, { id }), people.carol),
        people.carol,
        friendsOf('alice'),
      ).sender,
    ).toBe(onion('alice'));
  });

  it('refuses a MAC by someone other than the claimed sender', () => {
    const plaintext = forgedPlaintext({ signer: 'mallory', claimed: 'alice', recipient: 'carol', id });
    const opened = openEnvelope(sealPlaintext(onion('carol'), plaintext, { id }), people.carol);
    expectThrowsNamed(() => verifyInner(opened, people.carol, friendsOf('alice', 'mallory')), InnerAuthenticationError);
  });

  it('refuses a payload moved into another envelope id (a replay under a fresh id)', () => {
    const plaintext = forgedPlaintext({ signer: 'alice', claimed: 'alice', recipient: 'carol', id });
    const opened = openEnvelope(sealPlaintext(onion('carol'), plaintext, { id: counting(0xb0, 16) }), people.carol);
    expectThrowsNamed(() => verifyInner(opened, people.carol, friendsOf('alice')), InnerAuthenticationError);
  });

  it('refuses a payload the recipient re-sealed to someone else as if from the sender', () => {
    const { envelope } = seal('alice', 'carol', 'for carol only');
    const opened: UnverifiedInnerMessage = openEnvelope(envelope, people.carol);
    // Carol passes Alice's MACed payload on to Dave, under the same id, as if Alice sent it to him.
    const resealed = sealPlaintext(onion('dave'), encodeInnerPadded(opened.authenticatedBytes, opened.mac), {
      id: envelope.id,
    });
    const atDave = openEnvelope(resealed, people.dave);
    expect(atDave.claimedSender).toEqual(people.alice.publicKey);
    expectThrowsNamed(() => verifyInner(atDave, people.dave, friendsOf('alice')), InnerAuthenticationError);
  });

  it('refuses a payload that claims to come from the recipient itself, or from an invalid key', () => {
    const fromSelf = forgedPlaintext({ signer: 'carol', claimed: 'carol', recipient: 'carol', id });
    expectThrowsNamed(
      () =>
        verifyInner(
          openEnvelope(sealPlaintext(onion('carol'), fromSelf, { id }), people.carol),
          people.carol,
          () => true,
        ),
      InnerAuthenticationError,
    );
    const authenticated = encodeInnerAuthenticated({
      sender: new Uint8Array(32),
      kind: 'chat-message',
      createdAt: 0,
      body: encodeRelayedChatMessage({ id, text: 'x' }),
    });
    const zeroKey = encodeInnerPadded(authenticated, new Uint8Array(32));
    expectThrowsNamed(
      () =>
        verifyInner(
          openEnvelope(sealPlaintext(onion('carol'), zeroKey, { id }), people.carol),
          people.carol,
          () => true,
        ),
      InnerAuthenticationError,
    );
  });

  it('refuses a sender the policy does not allow, and asks the policy with the right scope', () => {
    const { envelope } = seal('mallory', 'carol', 'hi, I am not your friend');
    const opened = openEnvelope(envelope, people.carol);
    expectThrowsNamed(() => verifyInner(opened, people.carol, friendsOf('alice')), UnauthorizedRelaySenderError);

    const groupId = counting(0xc0, 32);
    const headerBytes = encodeGroupMessageHeader({
      groupId,
      epoch: counting(0xe0, 32),
      sender: people.mallory.publicKey,
      seq: 1,
      prev: new Uint8Array(32),
      lamport: 1,
      createdAt: T0_MS,
    });
    const signedBytes = encodeGroupMessageSignedBytes(headerBytes, counting(0, 24), counting(0, 40));
    const groupMessage = decodeGroupMessage(Uint8Array.from([...signedBytes, ...new Uint8Array(64)]));
    const groupEnvelope = seal('mallory', 'carol', 'x', {
      content: { kind: 'group-message', message: groupMessage },
    }).envelope;
    const scopes: RelaySenderScope[] = [];
    const message = verifyInner(openEnvelope(groupEnvelope, people.carol), people.carol, (sender, scope) => {
      scopes.push(scope);
      return sender === onion('mallory');
    });
    expect(scopes).toEqual([{ kind: 'group', groupId }]);
    expect(message.content).toEqual({ kind: 'group-message', message: groupMessage });
  });
});

describe('deniability: what the recipient can show a third party', () => {
  const oldSignatureLabel = new TextEncoder().encode('burrow/relay/v1/inner-signature\0');

  it('holds no signature by the sender: nothing in the plaintext verifies with the sender’s public key', () => {
    const { envelope } = seal('alice', 'carol', 'I was there');
    // Carol cooperates with the third party: she hands over the whole plaintext and the envelope.
    const plaintext = plaintextAt(envelope, people.carol);
    const opened = openEnvelope(envelope, people.carol);
    const signedInput = Uint8Array.from([
      ...oldSignatureLabel,
      ...envelope.id,
      ...people.carol.publicKey,
      ...opened.authenticatedBytes,
    ]);
    // Format 1 put Alice's signature over exactly this right after the fields: it verified.
    for (let offset = 0; offset + 64 <= plaintext.length; offset += 1)
      expect(verifyIdentitySignature(people.alice.publicKey, signedInput, plaintext.slice(offset, offset + 64))).toBe(
        false,
      );
  });

  it('holds nothing the recipient could not have made: Carol forges an identical MAC for words Alice never wrote', () => {
    const { envelope } = seal('alice', 'carol', 'I was there');
    const genuine = openEnvelope(envelope, people.carol);
    // Carol, alone, from her own secret and Alice's public key:
    const macKey = pairKeys(people.carol, people.alice.publicKey, 'from-peer').innerMacKey;
    expect(innerMac(macKey, envelope.id, people.carol.publicKey, genuine.authenticatedBytes)).toEqual(genuine.mac);
    const invented = encodeInnerAuthenticated({
      sender: people.alice.publicKey,
      kind: 'chat-message',
      createdAt: T0_MS,
      body: encodeRelayedChatMessage({ id: counting(0x70, 16), text: 'I was never there' }),
    });
    const id = counting(0x71, 16);
    const forged = sealPlaintext(
      onion('carol'),
      encodeInnerPadded(invented, innerMac(macKey, id, people.carol.publicKey, invented)),
      { id, tagFrom: people.alice },
    );
    // It passes the very check that convinced Carol of the genuine one.
    const message = verifyInner(openEnvelope(forged, people.carol), people.carol, friendsOf('alice'));
    expect(message.sender).toBe(onion('alice'));
    expect(message.content).toMatchObject({ message: { text: 'I was never there' } });
  });
});

describe('sealing refuses caller bugs', () => {
  it('refuses oversized content, a bad hop limit, a bad expiry, a bad padding bucket', () => {
    expect(() => seal('alice', 'carol', 'x'.repeat(MAX_MESSAGE_BYTES + 1))).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => seal('alice', 'carol', 'x', { hopLimit: 0 })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => seal('alice', 'carol', 'x', { hopLimit: 5 })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => seal('alice', 'carol', 'x', { expiry: T0_S })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => seal('alice', 'carol', 'x', { expiry: T0_S - 1 })).toThrow(errorNamed('InvalidArgumentError'));
    // A message written long ago can still be sealed now, with a fresh expiry.
    expect(seal('alice', 'carol', 'x', { createdAt: T0_MS - 30 * 86_400_000 }).envelope.expiry).toBe(
      T0_S + DEFAULT_ENVELOPE_LIFETIME_S,
    );
    expect(() => seal('alice', 'carol', 'x'.repeat(2000), { padTo: 1024 })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => seal('alice', 'carol', 'x', { padTo: 2048 })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => seal('alice', 'carol', '')).toThrow(errorNamed('InvalidArgumentError'));
    expect(seal('alice', 'carol', 'x'.repeat(MAX_MESSAGE_BYTES)).envelope.ciphertext.length).toBe(32_768 + 16);
  });
});
