/**
 * Every size limit of application messages, in one place (docs/ARCHITECTURE.md "Conventions": limits are named
 * constants). All of them keep a whole message well inside one session frame
 * (MAX_FRAME_BODY, 65 532 bytes, src/protocol/frame/frame-limits.ts), so no message is ever split.
 */

/** Bytes of a message id: 16 random bytes (docs/ARCHITECTURE.md "Session protocol" 3, for acks and dedupe). */
export const MESSAGE_ID_BYTES = 16;

/** Longest chat message text, in UTF-8 bytes (16 KiB). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Longest message that comes with a contact request, in UTF-8 bytes (1 KiB). */
export const MAX_REQUEST_MESSAGE_BYTES = 1024;

/** Longest display name a peer may announce, in UTF-8 bytes. */
export const MAX_DISPLAY_NAME_BYTES = 64;

/** Most message ids one ack or read receipt carries (4 KiB of ids); more are sent as several. */
export const MAX_RECEIPT_IDS = 256;
