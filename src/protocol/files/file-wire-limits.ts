/**
 * Every size limit of file sharing's wire format, in one place (docs/ARCHITECTURE.md "Conventions": limits are named
 * constants). Each message fits one session frame (MAX_FRAME_BODY, 65 532 bytes, in
 * src/protocol/frame/frame-limits.ts) inside the message envelope (18 bytes: version, kind,
 * 16-byte id), so nothing is ever split below this layer; file-wire-limits.test.ts checks it.
 *
 * Why chunks are made of blocks: a chunk (the unit that is hashed, requested and verified) is
 * ~255 KiB by default, four times what one frame carries. Its bytes travel as *blocks* of
 * {@link BLOCK_BYTES}, one block per chunk-data frame. BLOCK_BYTES is chosen so that a full
 * chunk-data message lands just under the 64 KiB padding bucket (frame-limits.ts): the padding
 * then wastes 0.3 % of the link, where a power-of-two 64 KiB block would not fit a frame and a
 * 32 KiB block would be padded to 64 KiB and waste half. A chunk is a whole number of blocks.
 */

/** Bytes of a file id: the SHA-256 root hash of the manifest (src/files/manifest.ts). */
export const FILE_ID_BYTES = 32;

/** Bytes of one chunk hash (SHA-256). */
export const CHUNK_HASH_BYTES = 32;

/** Bytes of a group id (a file offered to a group names the group). */
export const GROUP_ID_BYTES = 32;

/** Longest file name on the wire, in UTF-8 bytes (NAME_MAX of ext4, APFS, NTFS in UTF-16 units aside). */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * Bytes of file data one chunk-data message carries at most: 255 × 256 = 65 280, so that the
 * whole message (≤ 65 341 bytes with the envelope) uses the 64 KiB frame bucket with 195 bytes
 * of padding.
 */
export const BLOCK_BYTES = 65_280;

/** Fewest blocks in a chunk. */
export const MIN_BLOCKS_PER_CHUNK = 1;

/** Most blocks in a chunk: a chunk is at most 1 044 480 bytes (~1020 KiB), so a chunk buffer stays small. */
export const MAX_BLOCKS_PER_CHUNK = 16;

/** Blocks per chunk of a new manifest unless the file is too large for that (~255 KiB chunks). */
export const DEFAULT_BLOCKS_PER_CHUNK = 4;

/** Smallest chunk size a manifest may declare. */
export const MIN_CHUNK_SIZE = MIN_BLOCKS_PER_CHUNK * BLOCK_BYTES;

/** Largest chunk size a manifest may declare. */
export const MAX_CHUNK_SIZE = MAX_BLOCKS_PER_CHUNK * BLOCK_BYTES;

/** Chunk size of new manifests (261 120 bytes) while the file fits {@link MAX_CHUNK_COUNT} of them (~16 GiB). */
export const DEFAULT_CHUNK_SIZE = DEFAULT_BLOCKS_PER_CHUNK * BLOCK_BYTES;

/** Most chunks in one file: the whole hash list is at most 2 MiB. */
export const MAX_CHUNK_COUNT = 65_536;

/** The largest file a manifest may describe: MAX_CHUNK_COUNT chunks of MAX_CHUNK_SIZE (~63.75 GiB). */
export const MAX_FILE_SIZE = MAX_CHUNK_COUNT * MAX_CHUNK_SIZE;

/**
 * Chunk hashes per *hash piece*. A manifest's hash list travels in pieces of this many hashes
 * (60 KiB): piece 0 inside the offer itself, so a file of up to 1920 chunks (~478 MiB at the
 * default chunk size) is described by the offer alone; larger lists are fetched piece by piece
 * with hash-request / hash-piece.
 */
export const HASHES_PER_PIECE = 1_920;

/** Most hash pieces of one manifest (35). */
export const MAX_HASH_PIECES = Math.ceil(MAX_CHUNK_COUNT / HASHES_PER_PIECE);

/** Most chunks one chunk-request asks for (also the most request ids one cancel names). */
export const MAX_REQUEST_ENTRIES = 64;

/** Most chunk indices one index-list `have` carries; more are sent as a bitfield. */
export const MAX_HAVE_INDICES = 256;
