/**
 * The only way from an {@link UnverifiedInnerMessage} to a {@link VerifiedInnerMessage}
 * (arti's tor-checkable habit, docs/ARCHITECTURE.md "Conventions"): the signature must verify for the key the payload
 * names, over this envelope id and our own key, and the signer must be someone who may send us
 * that kind of message — a friend for chat, a friend or a member of the group for group items
 * (the node decides through {@link RelaySenderPolicy}, since it knows contacts and groups).
 */
import { verifyIdentitySignature } from '../crypto/identity.js';
import { isValidIdentityPublicKey } from '../crypto/identity-key-check.js';
import { onionAddressFromPublicKey, type OnionAddress } from '../crypto/onion-address.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import type { InnerContent, InnerKind } from '../protocol/relay/inner-codec.js';
import { InnerSignatureError, UnauthorizedRelaySenderError } from './errors.js';
import { innerSignatureInput, type UnverifiedInnerMessage } from './seal.js';

/** What a sender is asking to do: write to us directly, or post into a group (by id; undefined for a group's `create` op). */
export type RelaySenderScope =
  { readonly kind: 'direct' } | { readonly kind: 'group'; readonly groupId: Uint8Array | undefined };

/** Decides whether `sender` may send a relayed message of `scope` (true: accept). */
export type RelaySenderPolicy = (sender: OnionAddress, scope: RelaySenderScope) => boolean;

declare const verifiedBrand: unique symbol;

/** A relayed message whose signature verified and whose sender may send it. Only {@link verifyInner} makes one. */
export type VerifiedInnerMessage = {
  readonly envelopeId: Uint8Array;
  /** Who signed it: the conversation it belongs to. */
  readonly sender: OnionAddress;
  readonly kind: InnerKind;
  /** The sender's clock when sealing, unix ms (untrusted: for display only). */
  readonly createdAt: number;
  /** For group kinds the group item is still unverified at the group level (its own signature and epoch). */
  readonly content: InnerContent;
} & { readonly [verifiedBrand]: true };

/** The scope a payload's content asks for. */
export function senderScopeOf(content: InnerContent): RelaySenderScope {
  switch (content.kind) {
    case 'chat-message':
      return { kind: 'direct' };
    case 'group-message':
      return { kind: 'group', groupId: content.message.header.groupId };
    case 'group-op':
      return { kind: 'group', groupId: content.op.body.groupId };
  }
}

/**
 * Checks an opened payload. Throws {@link InnerSignatureError} (bad or foreign signature, an
 * unusable sender key, a payload claiming to be from us) or {@link UnauthorizedRelaySenderError}.
 *
 * @example
 * ```ts
 * const message = verifyInner(openEnvelope(envelope, identity), (sender, scope) =>
 *   scope.kind === 'direct' ? contacts.isFriend(sender) : groups.mayPost(scope.groupId, sender));
 * ```
 */
export function verifyInner(unverified: UnverifiedInnerMessage, policy: RelaySenderPolicy): VerifiedInnerMessage {
  const { claimedSender, recipientKey, envelopeId, signedBytes, signature } = unverified;
  if (!isValidIdentityPublicKey(claimedSender) || constantTimeEqual(claimedSender, recipientKey))
    throw new InnerSignatureError();
  if (!verifyIdentitySignature(claimedSender, innerSignatureInput(envelopeId, recipientKey, signedBytes), signature))
    throw new InnerSignatureError();
  const sender = onionAddressFromPublicKey(claimedSender);
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
