/**
 * Every size limit of the relay wire format, in one place (docs/ARCHITECTURE.md "Conventions": limits are named
 * constants). The largest value any codec here produces is a `relay-envelope` message carrying
 * one envelope of {@link MAX_ENVELOPE_BYTES} (≈ 32 KiB), well inside one session frame
 * (MAX_FRAME_BODY, 65 532 bytes, src/protocol/frame/frame-limits.ts) with the 18-byte message
 * envelope around it, so an envelope is never split.
 *
 * Policy limits (quotas, lifetimes, rate limits) are not wire limits: they live in
 * src/relay/limits.ts.
 */
import { MAX_GROUP_MESSAGE_WIRE_BYTES, MAX_GROUP_OP_BYTES } from '../groups/index.js';
import { MAX_MESSAGE_BYTES, MESSAGE_ID_BYTES } from '../envelope/limits.js';
import { MAX_CHAT_ACTION_BYTES } from '../chat/chat-action.js';
import { MAX_RELAYED_WALL_ITEM_BYTES } from '../walls/wall-wire.js';

/** Bytes of an envelope id: 16 random bytes, fresh for every envelope. */
export const ENVELOPE_ID_BYTES = 16;

/** Bytes of a recipient tag (src/relay/tag.ts): a truncated HMAC-SHA256 under the sender–recipient pair key. */
export const RECIPIENT_TAG_BYTES = 16;

/** Bytes of the receipt commitment in an envelope header: SHA-256 of the receipt secret. */
export const RECEIPT_COMMITMENT_BYTES = 32;

/** Bytes of the receipt secret a receipt (or a withdrawal) reveals. */
export const RECEIPT_SECRET_BYTES = 32;

/** Bytes of the sender's one-time x25519 public key (RFC 7748 §5). */
export const EPHEMERAL_KEY_BYTES = 32;

/** Bytes of an ed25519 identity public key (the key inside an onion address). */
export const IDENTITY_KEY_BYTES = 32;

/** Bytes of the HMAC-SHA256 that authenticates an inner payload to its recipient (deniably). */
export const INNER_MAC_BYTES = 32;

/** Bytes of the HMAC-SHA256 that authenticates a receipt to the sender. */
export const RECEIPT_MAC_BYTES = 32;

/** Bytes of the Poly1305 tag that ends every ciphertext. */
export const AEAD_TAG_BYTES = 16;

/**
 * Sizes the sealed plaintext is padded to: 1 KiB, 4 KiB, 16 KiB, 32 KiB. A holder learns only
 * the bucket of what it carries (a short chat line and a long one look alike), in the spirit of
 * the session frames' padding (frame-limits.ts).
 */
export const SEALED_PADDED_SIZES: readonly number[] = Object.freeze([1024, 4096, 16_384, 32_768]);

/** The largest sealed plaintext. */
export const MAX_SEALED_PLAINTEXT_BYTES = 32_768;

/**
 * Most hand-offs a sender may allow (its hop limit): the first holder is one hand-off away,
 * a friend of that holder two, and so on; the last hand-off can only be a delivery to the
 * recipient. Senders use DEFAULT_HOP_LIMIT (src/relay/limits.ts, 4: the most).
 */
export const MAX_HOP_LIMIT = 4;

/**
 * Largest `hops` field (further hand-offs allowed after this one): the first holder receives
 * at most the hop limit minus the hand-off that reached it. A decoder refuses more.
 */
export const MAX_ENVELOPE_HOPS = MAX_HOP_LIMIT - 1;

/**
 * Bytes of the authenticated envelope header (everything but `hops` and the ciphertext):
 * format, id, tag, expiry, receipt commitment, ephemeral key.
 */
export const ENVELOPE_HEADER_BYTES =
  1 + ENVELOPE_ID_BYTES + RECIPIENT_TAG_BYTES + 8 + RECEIPT_COMMITMENT_BYTES + EPHEMERAL_KEY_BYTES;

/** The largest encoded envelope: header, hops, u16 length and the biggest ciphertext (32 892 bytes). */
export const MAX_ENVELOPE_BYTES = ENVELOPE_HEADER_BYTES + 1 + 2 + MAX_SEALED_PLAINTEXT_BYTES + AEAD_TAG_BYTES;

/** Bytes of a relayed chat message's body around its text: 16-byte message id ‖ u16 length. */
export const CHAT_BODY_OVERHEAD_BYTES = MESSAGE_ID_BYTES + 2;

/** Longest body of each inner kind, in bytes. */
export const MAX_INNER_BODY_BYTES_BY_KIND = Object.freeze({
  'chat-message': CHAT_BODY_OVERHEAD_BYTES + MAX_MESSAGE_BYTES + MAX_CHAT_ACTION_BYTES,
  'group-message': MAX_GROUP_MESSAGE_WIRE_BYTES,
  'group-op': MAX_GROUP_OP_BYTES,
  'wall-item': MAX_RELAYED_WALL_ITEM_BYTES,
} as const);

/** Longest inner body of any kind (a group op, 24 KiB). */
export const MAX_INNER_BODY_BYTES = Math.max(...Object.values(MAX_INNER_BODY_BYTES_BY_KIND));

/** Bytes of the inner payload around its body: format, sender key, kind, created_at, u16 length, MAC. */
export const INNER_OVERHEAD_BYTES = 1 + IDENTITY_KEY_BYTES + 1 + 8 + 2 + INNER_MAC_BYTES;

/** Most entries one offer, answer or stored-verdict list carries; more are sent as several messages. */
export const MAX_RELAY_LIST_ENTRIES = 64;
