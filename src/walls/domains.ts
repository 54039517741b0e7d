/**
 * Domain separation for what walls sign, hash and derive (docs/PROTOCOL.md "Walls"): the
 * identity key also signs group ops and authenticates sessions, so every signed wall entry
 * starts with a label no other Burrow format uses.
 */
import { sha256 } from '../crypto/sha256.js';

const label = (text: string): Uint8Array => new TextEncoder().encode(`burrow/walls/v1/${text}\0`);

/** Prefix of the bytes an entry's author signs. */
export const ENTRY_SIGNATURE_LABEL = label('entry-signature');
/** HKDF info of an epoch's item key (the owner's key follows). */
export const ITEM_KEY_INFO = label('item-key');
/** Prefix of an item's associated data (owner key, epoch and seq follow). */
export const ITEM_AAD_LABEL = label('item-aad');

const ENTRY_ID_LABEL = label('entry-id');

/** An entry's id: SHA-256 over its signed bytes (not the signature: one text, one id). */
export function entryIdOf(signedBytes: Uint8Array): Uint8Array {
  return sha256(ENTRY_ID_LABEL, signedBytes);
}
