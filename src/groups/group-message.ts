/**
 * Checked group messages (docs/ARCHITECTURE.md "Conventions": unverified data has its own type). An
 * `UnverifiedGroupMessage` from the wire becomes a {@link VerifiedGroupMessage}, which holds the
 * decrypted content, only through {@link verifyGroupMessage}. It checks, cheapest first:
 *
 * 1. the message names this group;
 * 2. the epoch it names is an op that granted a key, and the sender received that key (else
 *    they cannot have written it);
 * 3. the sender may post it: a member, or a former member whose departure op names it or a
 *    message it leads to through the `prev` chain (resolve.ts R5, departure-chain.ts);
 * 4. the sender's signature over domain label ‖ header ‖ nonce ‖ length ‖ ciphertext;
 * 5. we hold the epoch's key, and the ciphertext opens under it (XChaCha20-Poly1305, the header
 *    as associated data) to valid content.
 *
 * The message key is HKDF(epoch key, salt = epoch id, info = MESSAGE_KEY_INFO): the epoch key
 * itself encrypts nothing. Nonces are random (24 bytes, draft-irtf-cfrg-xchacha §3.1), not
 * derived from (sender, seq): a sender who lost state and reused a seq must not reuse a nonce.
 */
import { DecryptionFailedError } from '../crypto/crypto-errors.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { signWithIdentity, verifyIdentitySignature, type IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import { xchachaPolyOpen, xchachaPolySeal } from '../crypto/xchacha20-poly1305.js';
import { DecodeError } from '../protocol/bytes.js';
import {
  decodeGroupContent,
  encodeGroupContent,
  encodeGroupMessage,
  encodeGroupMessageHeader,
  encodeGroupMessageSignedBytes,
  type GroupContent,
  type GroupMessageHeader,
  NO_PREVIOUS_MESSAGE,
  type UnverifiedGroupMessage,
} from '../protocol/groups/group-message-codec.js';
import { GROUP_MESSAGE_NONCE_BYTES } from '../protocol/groups/limits.js';
import { MESSAGE_KEY_INFO, MESSAGE_SIGNATURE_LABEL, messageIdOf } from './domains.js';
import {
  groupMessageUndecryptable,
  groupMessageRefused,
  groupMessageSignatureInvalid,
  groupMessageUnreadable,
} from './errors.js';
import type { VerifiedGroupOp } from './group-op.js';
import { postVerdict } from './departure-chain.js';
import type { GroupState } from './group-state.js';
import { decodeRedactedRecord, encodeRedactedRecord } from './redacted-record.js';
import { fromHexId, memberFromKey, toHexId, type HexId } from './ids.js';

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The key messages of an epoch are encrypted with, from the epoch key.
 * @example const key = messageKeyOf(epochKey, epochOp.id)
 */
export function messageKeyOf(epochKey: Uint8Array, epoch: HexId): Uint8Array {
  return hkdfSha256(epochKey, fromHexId(epoch), MESSAGE_KEY_INFO, 32);
}

/** The id of a message, hex, whatever its validity (for dedupe before the costly checks). */
export function groupMessageId(message: UnverifiedGroupMessage): HexId {
  return toHexId(messageIdOf(message.signedBytes));
}

/** Whether the message's signature verifies against its sender key (step 4 alone, for keeping forgeries out of a backlog). */
export function hasValidGroupMessageSignature(message: UnverifiedGroupMessage): boolean {
  return verifyIdentitySignature(
    message.header.sender,
    concat(MESSAGE_SIGNATURE_LABEL, message.signedBytes),
    message.signature,
  );
}

let construct: (wire: UnverifiedGroupMessage, content: GroupContent, redacted?: Redaction) => VerifiedGroupMessage;

/** A redacted message's id, and whether it is gone from history here. */
interface Redaction {
  readonly id: HexId;
  readonly gone: boolean;
}

/** A group message whose sender, signature and ciphertext were checked, with its content. */
export class VerifiedGroupMessage {
  /** The message id (SHA-256 of its signed bytes), hex. */
  readonly id: HexId;
  readonly groupId: HexId;
  /** The id of the op whose key it is encrypted under. */
  readonly epoch: HexId;
  readonly sender: OnionAddress;
  readonly seq: number;
  /** The id of the sender's previous message in this epoch, hex (all zeros for seq 1). */
  readonly prev: HexId;
  readonly lamport: number;
  /** The sender's clock, unix ms (untrusted: for display only). */
  readonly createdAt: number;
  readonly content: GroupContent;
  /** The message as it travels (for storage and forwarding); header fields only when {@link redacted}. */
  readonly wire: UnverifiedGroupMessage;
  /**
   * Its text is gone (redacted-record.ts): the content keeps the action but no text, and the
   * message is never sent again (sync and forwarding skip it).
   */
  readonly redacted: boolean;
  /** Redacted and gone from history on this device (expired, deleted for me): not even a tombstone. */
  readonly gone: boolean;
  readonly #verified = true;

  static {
    construct = (wire, content, redacted) => new VerifiedGroupMessage(wire, content, redacted);
  }

  private constructor(wire: UnverifiedGroupMessage, content: GroupContent, redacted?: Redaction) {
    const { header } = wire;
    this.wire = wire;
    this.redacted = redacted !== undefined;
    this.gone = redacted?.gone === true;
    this.id = redacted?.id ?? groupMessageId(wire);
    this.groupId = toHexId(header.groupId);
    this.epoch = toHexId(header.epoch);
    this.sender = memberFromKey(header.sender);
    this.seq = header.seq;
    this.prev = toHexId(header.prev);
    this.lamport = header.lamport;
    this.createdAt = header.createdAt;
    this.content = content;
  }

  /** Whether `value` is a VerifiedGroupMessage made by {@link verifyGroupMessage}. */
  static is(value: unknown): value is VerifiedGroupMessage {
    return typeof value === 'object' && value !== null && #verified in value;
  }

  /** The message's wire bytes, or its redacted record (what our store keeps of it). */
  encoded(): Uint8Array {
    if (!this.redacted) return encodeGroupMessage(this.wire);
    const { headerBytes } = this.wire;
    return encodeRedactedRecord({ headerBytes, id: fromHexId(this.id), action: this.content.action, gone: this.gone });
  }

  /** The same message without its text (nonce, ciphertext and signature dropped too); `gone`: out of history too. */
  redact(gone = false): VerifiedGroupMessage {
    if (this.redacted && (this.gone || !gone)) return this;
    return redactedMessage(this.wire.header, this.wire.headerBytes, { id: this.id, gone }, this.content.action);
  }
}

const EMPTY = new Uint8Array(0);

function redactedMessage(
  header: GroupMessageHeader,
  headerBytes: Uint8Array,
  redaction: Redaction,
  action: GroupContent['action'],
): VerifiedGroupMessage {
  const wire = { header, headerBytes, nonce: EMPTY, ciphertext: EMPTY, signedBytes: EMPTY, signature: EMPTY };
  return construct(wire, { type: 'text', text: '', ...(action === undefined ? {} : { action }) }, redaction);
}

/**
 * A redacted message from our own store (redacted-record.ts): trusted like the ops we stored
 * (it was verified before its text was dropped). Throws only `DecodeError`s.
 */
export function restoreRedactedMessage(bytes: Uint8Array): VerifiedGroupMessage {
  const record = decodeRedactedRecord(bytes);
  return redactedMessage(
    record.header,
    record.headerBytes,
    { id: toHexId(record.id), gone: record.gone },
    record.action,
  );
}

/** What a message is checked against. */
export interface MessageVerificationContext {
  readonly groupId: HexId;
  /** The group's resolved state (who may post). */
  readonly state: GroupState;
  /** The op the message's header names as its epoch (the caller keeps a message whose epoch it lacks waiting). */
  readonly epochOp: VerifiedGroupOp;
  /** Our message key for that epoch ({@link messageKeyOf}), if we hold the epoch key. */
  readonly messageKey: Uint8Array | undefined;
  /** The `prev` of the held message after this one (same sender and epoch, seq + 1), if any. */
  readonly successorPrev?: HexId | undefined;
}

/**
 * Checks a message and decrypts it. Throws `GroupMessageRefusedError`,
 * `GroupMessageSignatureError`, `GroupMessageUnreadableError` or
 * `GroupMessageDecryptionError`.
 */
export function verifyGroupMessage(
  message: UnverifiedGroupMessage,
  context: MessageVerificationContext,
): VerifiedGroupMessage {
  const { header } = message;
  if (toHexId(header.groupId) !== context.groupId || context.epochOp.groupId !== context.groupId)
    throw groupMessageRefused('wrong-group');
  const epoch = toHexId(header.epoch);
  if (context.epochOp.id !== epoch) throw new TypeError('verifyGroupMessage: epochOp is not the op the message names');
  const recipients = context.epochOp.recipients;
  if (recipients === undefined) throw groupMessageRefused('not-an-epoch');
  const sender = memberFromKey(header.sender);
  if (!recipients.has(sender)) throw groupMessageRefused('sender-not-recipient');
  const facts = { id: groupMessageId(message), epoch, sender, seq: header.seq };
  if (postVerdict(context.state, facts, context.successorPrev) !== 'counts')
    throw groupMessageRefused('sender-departed');
  if (!hasValidGroupMessageSignature(message)) throw groupMessageSignatureInvalid();
  if (context.messageKey === undefined) throw groupMessageUnreadable();
  let plaintext: Uint8Array;
  try {
    plaintext = xchachaPolyOpen(context.messageKey, message.nonce, message.ciphertext, message.headerBytes);
  } catch (error) {
    if (error instanceof DecryptionFailedError) throw groupMessageUndecryptable();
    throw error;
  }
  let content: GroupContent;
  try {
    content = decodeGroupContent(plaintext);
  } catch (error) {
    if (error instanceof DecodeError) throw groupMessageRefused('bad-content', error);
    throw error;
  } finally {
    plaintext.fill(0);
  }
  return construct(message, content);
}

/** What a local sender fills in. */
export interface GroupMessageDraft {
  readonly groupId: HexId;
  readonly epoch: HexId;
  /** {@link messageKeyOf} the epoch's key. */
  readonly messageKey: Uint8Array;
  readonly seq: number;
  /** The id of our message `seq − 1` of this epoch (absent for seq 1). */
  readonly prev?: HexId | undefined;
  readonly lamport: number;
  readonly createdAt: number;
  readonly content: GroupContent;
}

/**
 * Encrypts and signs a message as `identity`. The result is unverified: pass it to
 * {@link verifyGroupMessage} like any other. Throws `InvalidArgumentError` for content the
 * decoder would refuse (check the text's length first).
 */
export function sealGroupMessage(
  identity: IdentityKeyPair,
  draft: GroupMessageDraft,
  random: RandomSource,
): UnverifiedGroupMessage {
  const header: GroupMessageHeader = {
    groupId: fromHexId(draft.groupId),
    epoch: fromHexId(draft.epoch),
    sender: identity.publicKey,
    seq: draft.seq,
    prev: draft.prev === undefined ? NO_PREVIOUS_MESSAGE : fromHexId(draft.prev),
    lamport: draft.lamport,
    createdAt: draft.createdAt,
  };
  const headerBytes = encodeGroupMessageHeader(header);
  const nonce = random(GROUP_MESSAGE_NONCE_BYTES);
  const plaintext = encodeGroupContent(draft.content);
  const ciphertext = xchachaPolySeal(draft.messageKey, nonce, plaintext, headerBytes);
  plaintext.fill(0);
  const signedBytes = encodeGroupMessageSignedBytes(headerBytes, nonce, ciphertext);
  const signature = signWithIdentity(identity, concat(MESSAGE_SIGNATURE_LABEL, signedBytes));
  return { header, nonce, ciphertext, headerBytes, signedBytes, signature };
}
