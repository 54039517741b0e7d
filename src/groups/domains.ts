/**
 * Domain separation for everything the group service hashes, signs or derives. The identity key
 * also authenticates sessions and the relay, so each signature here starts with a label no other
 * Burrow format uses (a signed group op can never pass for anything else), and every hash and
 * KDF input names its purpose.
 */
import { sha256 } from '../crypto/sha256.js';

const label = (text: string): Uint8Array => new TextEncoder().encode(`burrow/groups/v1/${text}\0`);

/** Prefix of the bytes an op's author signs (the op's signed bytes follow). */
export const OP_SIGNATURE_LABEL = label('op-signature');
/** Prefix of a message's signature input. */
export const MESSAGE_SIGNATURE_LABEL = label('message-signature');
/** HKDF info for sealing an epoch key to one member (their identity key follows). */
export const EPOCH_SEAL_INFO = label('epoch-key-seal');
/** HKDF info for the message key of an epoch. */
export const MESSAGE_KEY_INFO = label('message-key');

const OP_ID_LABEL = label('op-id');
const MESSAGE_ID_LABEL = label('message-id');
const KEY_COMMITMENT_LABEL = label('epoch-key-commitment');

/** An op's id (and, for a `create` op, the group's id): SHA-256 over its signed bytes. */
export function opIdOf(signedBytes: Uint8Array): Uint8Array {
  return sha256(OP_ID_LABEL, signedBytes);
}

/**
 * A message's id: SHA-256 over its signed bytes. The signature is left out on purpose: ed25519
 * lets a signer make many valid signatures of one text, and they must not make many ids.
 */
export function messageIdOf(signedBytes: Uint8Array): Uint8Array {
  return sha256(MESSAGE_ID_LABEL, signedBytes);
}

/** The public commitment to an epoch key that every recipient checks their copy against. */
export function epochKeyCommitment(key: Uint8Array): Uint8Array {
  return sha256(KEY_COMMITMENT_LABEL, key);
}
