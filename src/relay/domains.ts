/**
 * Domain separation for everything the relay hashes, MACs or derives: every hash, MAC and KDF
 * input starts with a label naming its purpose, which no other Burrow format uses
 * (src/groups/domains.ts does the same for groups).
 */
const label = (text: string): Uint8Array => new TextEncoder().encode(`burrow/relay/v1/${text}\0`);

/** HKDF salt of the keys one sender shares with one recipient (pair-keys.ts). */
export const PAIR_KEYS_SALT = label('pair-keys');
/** HKDF salt of a holder's own secret coin for continuing the stem (stem.ts). */
export const STEM_KEY_SALT = label('stem-coin');
/** HKDF info of the envelope key, nonce and receipt secret (seal-keys.ts). */
export const SEAL_INFO = label('seal');
/** Prefix of the bytes an inner payload's MAC covers (then envelope id ‖ recipient key ‖ authenticated bytes). */
export const INNER_MAC_LABEL = label('inner-mac');
/** Prefix of the bytes a receipt's MAC covers (then envelope id ‖ "delivered"). */
export const RECEIPT_MAC_LABEL = label('receipt-mac');
/** Prefix of the hash that commits to a receipt secret. */
export const RECEIPT_COMMITMENT_LABEL = label('receipt-commitment');
/** The word a receipt's MAC covers after the id, so the MAC can only ever mean "delivered". */
export const DELIVERED = new TextEncoder().encode('delivered');
