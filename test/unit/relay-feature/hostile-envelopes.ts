/**
 * Hostile relay traffic for the relay feature's tests (memory and Tor): a session that speaks
 * as a friend and records what it gets back, and envelopes an honest sender never makes —
 * from a stranger, with a forged signature, garbage inside, expired, oversized.
 */
import { randomBytes } from 'node:crypto';
import { generateIdentity, signWithIdentity, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../../../src/crypto/onion-address.js';
import { encodeMessage } from '../../../src/protocol/envelope/index.js';
import type { RelayEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import { encodeInnerBody, encodeInnerPadded, encodeInnerSigned } from '../../../src/protocol/relay/inner-codec.js';
import type { RelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
import type { RelayVerdict } from '../../../src/protocol/relay/verdicts.js';
import { innerSignatureInput, sealEnvelope } from '../../../src/relay/seal.js';
import type { HostilePeer } from '../../shared/hostile-peer.js';
import { sealPlaintext } from '../relay/raw-seal.js';

const id = (): Uint8Array => new Uint8Array(randomBytes(16));
const nowS = (): number => Math.floor(Date.now() / 1000);

/** A hostile peer speaking as a friend on the relay: what it sends, and the verdicts it got back. */
export interface Impostor {
  readonly peer: HostilePeer;
  send(message: RelayMessage): Promise<void>;
  /** The verdict the target stored for `envelopeId`, if it has said yet. */
  verdict(envelopeId: Uint8Array): RelayVerdict | undefined;
  /** Receipts received. */
  receipts(): number;
}

/** Speaks on `peer` (holding a friend's identity) as that friend. */
export async function impostor(peer: HostilePeer): Promise<Impostor> {
  // Speak first, as a node does: the target then counts us online and answers.
  await peer.greetAsFriend();
  return {
    peer,
    send: (message) => peer.sendService('relay', message),
    verdict: (envelopeId) => {
      let verdict: RelayVerdict | undefined;
      for (const reply of peer.messages('relay')) {
        if (reply.type !== 'relay-stored') continue;
        const entry = reply.verdicts.find((v) => Buffer.from(v.id).equals(Buffer.from(envelopeId)));
        if (entry !== undefined) verdict = entry.verdict;
      }
      return verdict;
    },
    receipts: () => peer.messages('relay').filter((reply) => reply.type === 'relay-receipt').length,
  };
}

/** An honest envelope with a chat message from `sender` to `recipient`, expiring at `expiry` (unix s). */
export function chatEnvelope(
  sender: IdentityKeyPair,
  recipient: OnionAddress,
  text: string,
  expiry = nowS() + 3600,
): RelayEnvelope {
  return sealEnvelope({
    sender,
    recipient,
    content: { kind: 'chat-message', message: { id: id(), text } },
    createdAt: (expiry - 3600) * 1000,
    expiry,
  }).envelope;
}

/** An envelope to `recipient` that claims to come from `claimed` but is signed by someone else. */
export function forgedEnvelope(claimed: IdentityKeyPair, recipient: OnionAddress, text: string): RelayEnvelope {
  const envelopeId = id();
  const content = { kind: 'chat-message', message: { id: id(), text } } as const;
  const signed = encodeInnerSigned({
    sender: claimed.publicKey,
    kind: 'chat-message',
    createdAt: Date.now(),
    body: encodeInnerBody(content),
  });
  const signature = signWithIdentity(
    generateIdentity(),
    innerSignatureInput(envelopeId, publicKeyFromOnionAddress(recipient), signed),
  );
  return sealPlaintext(recipient, encodeInnerPadded(signed, signature), { id: envelopeId, expiry: nowS() + 3600 });
}

/** An envelope to `recipient` whose ciphertext opens to random bytes. */
export function garbageEnvelope(recipient: OnionAddress): RelayEnvelope {
  return sealPlaintext(recipient, new Uint8Array(randomBytes(1024)), { expiry: nowS() + 3600 });
}

/** An envelope from a stranger. */
export function strangerEnvelope(recipient: OnionAddress): RelayEnvelope {
  return chatEnvelope(generateIdentity(), recipient, 'buy my stuff');
}

/** An envelope for someone nobody here knows (a holder's business, not a recipient's). */
export function envelopeForSomeoneElse(): RelayEnvelope {
  return chatEnvelope(generateIdentity(), generateIdentity().onionAddress, 'for someone else');
}

/**
 * The wire bytes of a relay-envelope message whose ciphertext is longer than the largest
 * padded size (`like` with its ciphertext stretched): no decoder accepts it.
 */
export function oversizedEnvelopeMessage(like: RelayEnvelope, ciphertextLength = 40_000): Uint8Array {
  const honest = encodeMessage({ kind: 'relay', id: id(), message: { type: 'relay-envelope', envelope: like } });
  const head = honest.length - like.ciphertext.length;
  const oversized = new Uint8Array(head + ciphertextLength);
  oversized.set(honest.subarray(0, head));
  // The u16 length sits just before the ciphertext.
  new DataView(oversized.buffer).setUint16(head - 2, ciphertextLength);
  return oversized;
}
