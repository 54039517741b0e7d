/**
 * Domain separation for everything the relay hashes, signs or derives. The identity key also
 * signs session handshakes and group ops, so every signature here starts with a label no other
 * Burrow format uses (src/groups/domains.ts does the same for groups), and every hash and KDF
 * input names its purpose.
 */
const label = (text: string): Uint8Array => new TextEncoder().encode(`burrow/relay/v1/${text}\0`);

/** HKDF salt of the per-recipient tag key (tag.ts). */
export const TAG_KEY_SALT = label('recipient-tag');
/** HKDF info of the envelope key, nonce and receipt secret (seal-keys.ts). */
export const SEAL_INFO = label('seal');
/** Prefix of the bytes a sender signs for an inner payload (then envelope id ‖ recipient key ‖ signed bytes). */
export const INNER_SIGNATURE_LABEL = label('inner-signature');
/** Prefix of the bytes a recipient signs for a receipt (then envelope id ‖ "delivered"). */
export const RECEIPT_SIGNATURE_LABEL = label('receipt-signature');
/** Prefix of the hash that commits to a receipt secret. */
export const RECEIPT_COMMITMENT_LABEL = label('receipt-commitment');
/** The word a receipt signs after the id, so the signature can only ever mean "delivered". */
export const DELIVERED = new TextEncoder().encode('delivered');
