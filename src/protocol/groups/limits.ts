/**
 * Every size limit of the group wire format, in one place (docs/ARCHITECTURE.md "Conventions": limits are named
 * constants). The largest value any codec here produces is a `group-items` batch, kept under
 * MAX_GROUP_ITEMS_BYTES so that a batch plus the 18-byte message envelope fits one session
 * frame (MAX_FRAME_BODY, 65 532 bytes, src/protocol/frame/frame-limits.ts).
 */

/** Bytes of a SHA-256 id: group ids, op ids, message ids. */
export const GROUP_HASH_BYTES = 32;

/** Bytes of a member's ed25519 identity public key (the key inside their onion address). */
export const MEMBER_KEY_BYTES = 32;

/** Bytes of an ed25519 signature (RFC 8032 §5.1.6). */
export const GROUP_SIGNATURE_BYTES = 64;

/** Bytes of an invite id: 16 random bytes. */
export const GROUP_INVITE_ID_BYTES = 16;

/** Bytes of the random nonce in a `create` op, so two groups never share an id. */
export const GROUP_CREATE_NONCE_BYTES = 16;

/** Bytes of an x25519 public key (RFC 7748 §5). */
export const GROUP_EPHEMERAL_KEY_BYTES = 32;

/** Bytes of an epoch key and of its commitment. */
export const GROUP_EPOCH_KEY_BYTES = 32;

/** Bytes of an epoch key sealed to one member: the 32-byte key ‖ a 16-byte Poly1305 tag. */
export const GROUP_SEALED_KEY_BYTES = GROUP_EPOCH_KEY_BYTES + 16;

/** Most members a group holds (and so most recipients of one epoch key). */
export const MAX_GROUP_MEMBERS = 256;

/** Most parents one membership operation names (an honest author names the current heads). */
export const MAX_GROUP_OP_PARENTS = 16;

/**
 * Most per-epoch cut-off points one `remove` or `leave` carries (32 × 68 bytes, so a `remove`
 * for a full group stays under MAX_GROUP_OP_BYTES).
 */
export const MAX_GROUP_CUTOFFS = 32;

/** Longest group name (and announced member name), in UTF-8 bytes: a display name's limit. */
export const MAX_GROUP_NAME_BYTES = 64;

/** Longest text of one group message, in UTF-8 bytes (16 KiB, as for 1:1 chat). */
export const MAX_GROUP_TEXT_BYTES = 16 * 1024;

/** Bytes of a group message's plaintext around its text: u8 content type ‖ u16 length. */
export const GROUP_CONTENT_OVERHEAD_BYTES = 3;

/** Bytes of an XChaCha20-Poly1305 nonce (random per message). */
export const GROUP_MESSAGE_NONCE_BYTES = 24;

/** Shortest ciphertext of a group message: 1 byte of text plus the content header and the tag. */
export const MIN_GROUP_CIPHERTEXT_BYTES = GROUP_CONTENT_OVERHEAD_BYTES + 1 + 16;

/** Bytes an action (a reply's or an edit's target) adds after the text, at most: tag ‖ 32-byte id. */
export const MAX_GROUP_ACTION_BYTES = 33;

/** Longest ciphertext of a group message. */
export const MAX_GROUP_CIPHERTEXT_BYTES =
  GROUP_CONTENT_OVERHEAD_BYTES + MAX_GROUP_TEXT_BYTES + MAX_GROUP_ACTION_BYTES + 16;

/** Largest per-sender sequence number (u32; a sender starts at 1 in every epoch). */
export const MAX_GROUP_SEQ = 0xffff_ffff;

/** Most op heads one sync summary names. */
export const MAX_SUMMARY_HEADS = 32;

/** Most (epoch, sender, seq) high-water marks one sync summary carries (≈ 35 KiB). */
export const MAX_SUMMARY_MARKS = 512;

/** Most op ids one sync request asks for. */
export const MAX_REQUEST_OP_IDS = 64;

/** Most items one `group-items` batch carries. */
export const MAX_GROUP_ITEMS = 64;

/**
 * Most bytes one `group-items` batch may take: the frame body minus the envelope header and
 * some slack. Writers fill batches up to this; the largest single item (a `create`, `add`,
 * `remove` or `rotate` op for a full group: 256 × 80 bytes of sealed keys plus the rest,
 * about 21 KiB) always fits alone.
 */
export const MAX_GROUP_ITEMS_BYTES = 60_000;

/** Most bytes one encoded op may take (bounds the nested length of an item). */
export const MAX_GROUP_OP_BYTES = 24 * 1024;

/** Most bytes one encoded group message may take. */
export const MAX_GROUP_MESSAGE_WIRE_BYTES = 17 * 1024;
