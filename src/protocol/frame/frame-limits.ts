/**
 * Every size limit of session frames, in one place (docs/ARCHITECTURE.md "Conventions": limits are named constants).
 *
 * Wire form of a frame:
 *
 *   u32 length ‖ ChaCha20-Poly1305(key, nonce = counter, aad = the u32 length, padded plaintext)
 *   padded plaintext = u32 body length ‖ body ‖ zero bytes up to one of FRAME_PADDED_SIZES
 *
 * Padding to a few fixed sizes means an observer of the (Tor-encrypted, but still sized) stream
 * learns only the bucket of each message, not its length. The length field can therefore only
 * take five values; a decoder refuses any other before buffering a byte of the frame.
 */
import { POLY1305_TAG_LENGTH } from '../../crypto/chacha20-poly1305.js';

/** Plaintext sizes a frame is padded to: 256 B, 1 KiB, 4 KiB, 16 KiB, 64 KiB. */
export const FRAME_PADDED_SIZES: readonly number[] = Object.freeze([256, 1024, 4096, 16_384, 65_536]);

/** Bytes of the length prefix in front of each frame on the wire. */
export const FRAME_LENGTH_PREFIX_BYTES = 4;

/** Bytes of the body-length field at the start of the padded plaintext. */
export const FRAME_BODY_LENGTH_BYTES = 4;

/** The largest padded plaintext. */
export const MAX_FRAME_PLAINTEXT = 65_536;

/** The largest body one frame carries (64 KiB minus the body-length field). Larger messages are split by the layer above. */
export const MAX_FRAME_BODY = MAX_FRAME_PLAINTEXT - FRAME_BODY_LENGTH_BYTES;

/** The largest value the length prefix may hold: the biggest padded plaintext plus its tag. */
export const MAX_FRAME_CIPHERTEXT = MAX_FRAME_PLAINTEXT + POLY1305_TAG_LENGTH;

/** Hard maximum size of one frame on the wire, prefix included (65 556 bytes). */
export const MAX_FRAME_WIRE_BYTES = FRAME_LENGTH_PREFIX_BYTES + MAX_FRAME_CIPHERTEXT;
