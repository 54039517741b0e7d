/**
 * The only way from an {@link UnverifiedInnerMessage} to a {@link VerifiedInnerMessage}
 * (arti's tor-checkable habit, docs/ARCHITECTURE.md "Conventions"): the MAC must verify under
 * the pair key (pair-keys.ts) of the sender the payload names and us, over this envelope id and
 * our own key, and the sender must be someone who may send us
 * that kind of message — a friend for chat, a friend or a member of the group for group items
 * (the node decides through {@link RelaySenderPolicy}, since it knows contacts and groups).
 */
import { constantTimeEqual } from '../crypto/constant-time.js';
import { WeakKeyError } from '../crypto/crypto-errors.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import { isValidIdentityPublicKey } from '../crypto/identity-key-check.js';
import { onionAddressFromPublicKey, type OnionAddress } from '../crypto/onion-address.js';
import type { InnerContent, InnerKind } from '../protocol/relay/inner-codec.js';
import { InnerAuthenticationError, UnauthorizedRelaySenderError } from './errors.js';
import { pairKeys, type PairKeys } from './pair-keys.js';
import { innerMac, type UnverifiedInnerMessage } from './seal.js';

/** What a sender is asking to do: write to us directly, or post into a group (by id; undefined for a group's `create` op). */
export type RelaySenderScope =
  { readonly kind: 'direct' } | { readonly kind: 'group'; readonly groupId: Uint8Array | undefined };

/** Decides whether `sender` may send a relayed message of `scope` (true: accept). */
export type RelaySenderPolicy = (sender: OnionAddress, scope: RelaySenderScope) => boolean;

declare const verifiedBrand: unique symbol;

/** A relayed message whose MAC verified and whose sender may send it. Only {@link verifyInner} makes one. */
export type VerifiedInnerMessage = {
  readonly envelopeId: Uint8Array;
  /** Who wrote it (as far as we can tell: only they and we know the MAC key): the conversation it belongs to. */
  readonly sender: OnionAddress;
  readonly kind: InnerKind;
  /** The sender's clock when sealing, unix ms (untrusted: for display only). */
  readonly createdAt: number;
  /** For group kinds the group item is still unverified at the group level (its own signature and epoch). */
  readonly content: InnerContent;
} & { readonly [verifiedBrand]: true };

/**
 * The inner MAC an honest `claimedSender` would have made for `unverified`, or undefined for an
 * unusable key. `known` are the pair keys of `claimedSender` if the caller holds them already.
 */
function expectedMac(
  unverified: UnverifiedInnerMessage,
  identity: IdentityKeyPair,
  known: PairKeys | undefined,
): Uint8Array | undefined {
  if (known !== undefined)
    return innerMac(known.innerMacKey, unverified.envelopeId, unverified.recipientKey, unverified.authenticatedBytes);
  let macKey: Uint8Array;
  try {
    macKey = pairKeys(identity, unverified.claimedSender, 'from-peer').innerMacKey;
  } catch (error) {
    if (error instanceof WeakKeyError) return undefined;
    throw error;
  }
  const mac = innerMac(macKey, unverified.envelopeId, unverified.recipientKey, unverified.authenticatedBytes);
  macKey.fill(0);
  return mac;
}

/** The scope a payload's content asks for. */
export function senderScopeOf(content: InnerContent): RelaySenderScope {
  switch (content.kind) {
    case 'chat-message':
    case 'wall-item':
      return { kind: 'direct' };
    case 'group-message':
      return { kind: 'group', groupId: content.message.header.groupId };
    case 'group-op':
      return { kind: 'group', groupId: content.op.body.groupId };
  }
}

/**
 * Checks an opened payload opened with `identity` (ours). Throws {@link InnerAuthenticationError}
 * (a MAC that does not verify for the sender it names, an unusable sender key, a payload
 * claiming to be from us) or {@link UnauthorizedRelaySenderError}.
 *
 * @example
 * ```ts
 * const message = verifyInner(openEnvelope(envelope, identity), identity, (sender, scope) =>
 *   scope.kind === 'direct' ? contacts.isFriend(sender) : groups.mayPost(scope.groupId, sender));
 * ```
 */
export function verifyInner(
  unverified: UnverifiedInnerMessage,
  identity: IdentityKeyPair,
  policy: RelaySenderPolicy,
  /** The pair keys we hold for a sender (tag.ts `pairKeysFrom`): used when `unverified` names that sender. */
  known?: { readonly sender: OnionAddress; readonly keys: PairKeys },
): VerifiedInnerMessage {
  const { claimedSender, recipientKey } = unverified;
  if (!isValidIdentityPublicKey(claimedSender) || constantTimeEqual(claimedSender, recipientKey))
    throw new InnerAuthenticationError();
  if (!constantTimeEqual(recipientKey, identity.publicKey)) throw new InnerAuthenticationError();
  const sender = onionAddressFromPublicKey(claimedSender);
  const expected = expectedMac(unverified, identity, known?.sender === sender ? known.keys : undefined);
  if (expected === undefined || !constantTimeEqual(expected, unverified.mac)) throw new InnerAuthenticationError();
  if (policy(sender, senderScopeOf(unverified.content)) !== true)
    throw new UnauthorizedRelaySenderError(unverified.kind);
  return {
    envelopeId: unverified.envelopeId,
    sender,
    kind: unverified.kind,
    createdAt: unverified.createdAt,
    content: unverified.content,
  } as VerifiedInnerMessage;
}
