/**
 * Constants of the session handshake, version 1. The design and its rationale are in the header
 * of handshake.ts.
 */

/** The session protocol version this build speaks. */
export const HANDSHAKE_VERSION = 1;

/**
 * The Noise protocol name fed to InitializeSymmetric. It is not a standard Noise name on purpose:
 * the initiator's static key is an ed25519 identity plus a signature (see handshake.ts), so no
 * standard Noise_XK transcript can be confused with a Burrow one.
 */
export const HANDSHAKE_PROTOCOL_NAME = 'Burrow_XKsig_25519_ChaChaPoly_SHA256';

/** First four bytes of message 1: ASCII "BRWH" (Burrow handshake); anything else is not Burrow. */
export const HANDSHAKE_MAGIC: Uint8Array = Uint8Array.of(0x42, 0x52, 0x57, 0x48);

/** Prologue label (Noise §6): prologue = label ‖ u16 version ‖ listener's onion address (ASCII). */
export const HANDSHAKE_PROLOGUE_LABEL = 'Burrow session prologue';

/**
 * Domain separation for the dialer's identity signature: the identity key also signs group
 * messages and receipts, and none of those may ever be replayed as a handshake signature.
 */
export const HANDSHAKE_SIGNATURE_CONTEXT = 'Burrow handshake initiator signature v1';

/** Bytes of the big-endian u16 length in front of each handshake message (Noise §13). */
export const HANDSHAKE_LENGTH_PREFIX_BYTES = 2;

/**
 * The largest handshake message accepted. Version 1 messages are 54, 48 and 128 bytes; the limit
 * leaves room for later versions while a stranger can make us hold at most 1 KiB.
 */
export const MAX_HANDSHAKE_MESSAGE_BYTES = 1024;

/** Message 1: magic (4) ‖ u16 version ‖ e (32) ‖ sealed empty payload (16): a main session (session-purpose.ts). */
export const HANDSHAKE_MESSAGE1_BYTES = 54;
/** Message 1 of a bulk session: its payload is one purpose byte, sealed (1 + 16). */
export const HANDSHAKE_MESSAGE1_BULK_BYTES = 55;
/** Message 2: e (32) ‖ sealed empty payload (16). */
export const HANDSHAKE_MESSAGE2_BYTES = 48;
/** Message 3: sealed ed25519 identity key (32 + 16) ‖ sealed signature (64 + 16). */
export const HANDSHAKE_MESSAGE3_BYTES = 128;
