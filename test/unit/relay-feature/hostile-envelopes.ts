/**
 * Hostile relay traffic for the relay feature's tests (memory and Tor): a session that speaks
 * as a friend and records what it gets back, and envelopes an honest sender never makes —
 * from a stranger, with a forged MAC, garbage inside, expired, oversized.
 *
 * A recipient recognises an envelope only by a tag that its sender's pair key makes
 * (src/relay/tag.ts), so an attacker who wants one of these taken as addressed to the recipient
 * copies the tag (and expiry) of a genuine envelope it saw on the way: `seen` below.
 */
import { randomBytes } from 'node:crypto';
import { generateIdentity, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../../../src/crypto/onion-address.js';
import { encodeMessage } from '../../../src/protocol/envelope/index.js';
import type { RelayEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import {
  encodeInnerAuthenticated,
  encodeInnerBody,
  encodeInnerPadded,
} from '../../../src/protocol/relay/inner-codec.js';
import type { RelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
import type { RelayVerdict } from '../../../src/protocol/relay/verdicts.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { innerMac, sealEnvelope } from '../../../src/relay/seal.js';
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

/**
 * A chat payload claiming to be from `claimed`, MACed by `macBy` (with its own pair key with
 * the recipient), sealed to `recipient` under the tag and expiry of `seen`.
 */
function copyingTag(
  seen: RelayEnvelope,
  recipient: OnionAddress,
  claimed: IdentityKeyPair,
  macBy: IdentityKeyPair,
  text: string,
): RelayEnvelope {
  const envelopeId = id();
  const recipientKey = publicKeyFromOnionAddress(recipient);
  const content = { kind: 'chat-message', message: { id: id(), text } } as const;
  const authenticated = encodeInnerAuthenticated({
    sender: claimed.publicKey,
    kind: 'chat-message',
    createdAt: Date.now(),
    body: encodeInnerBody(content),
  });
  const mac = innerMac(pairKeys(macBy, recipientKey, 'to-peer').innerMacKey, envelopeId, recipientKey, authenticated);
  return sealPlaintext(recipient, encodeInnerPadded(authenticated, mac), {
    id: envelopeId,
    tag: seen.tag,
    expiry: seen.expiry,
  });
}

/** An envelope to `recipient` that claims to come from `claimed` but is MACed by someone else, under `seen`'s tag. */
export function forgedEnvelope(
  claimed: IdentityKeyPair,
  recipient: OnionAddress,
  text: string,
  seen: RelayEnvelope,
): RelayEnvelope {
  return copyingTag(seen, recipient, claimed, generateIdentity(), text);
}

/** An envelope to `recipient` under `seen`'s tag whose ciphertext opens to random bytes. */
export function garbageEnvelope(recipient: OnionAddress, seen: RelayEnvelope): RelayEnvelope {
  return sealPlaintext(recipient, new Uint8Array(randomBytes(1024)), { tag: seen.tag, expiry: seen.expiry });
}

/**
 * A stranger's envelope to `recipient`, honestly MACed by the stranger, under `seen`'s tag (a
 * friend's): taken as addressed to the recipient, and refused. (With its own tag, nobody can
 * tell it is for the recipient: it is held and passed on as anyone else's, and never opened.)
 */
export function strangerEnvelope(recipient: OnionAddress, seen: RelayEnvelope): RelayEnvelope {
  const stranger = generateIdentity();
  return copyingTag(seen, recipient, stranger, stranger, 'buy my stuff');
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
