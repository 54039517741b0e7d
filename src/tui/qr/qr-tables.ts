/**
 * ISO/IEC 18004:2015 Table 9 (error correction characteristics), versions 1–10: for each
 * error correction level, the error correction codewords per block and the number of blocks.
 * Burrow only encodes short text (an onion address is 62 characters), so larger versions are
 * left out on purpose. Checked against libqrencode's output (qr-encode.test.ts).
 */
/** The four error correction levels: about 7, 15, 25 and 30 % of the code can be restored. */
export type ErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H';

/** The largest version this encoder makes (57×57 modules). */
export const MAX_VERSION = 10;

// Index 0 is unused so that index = version.
/** Error correction codewords in each block, by level and version. */
export const ECC_CODEWORDS_PER_BLOCK: Readonly<Record<ErrorCorrectionLevel, readonly number[]>> = {
  L: [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
  M: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
  Q: [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24],
  H: [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28],
};

/** Number of error correction blocks, by level and version. */
export const ERROR_CORRECTION_BLOCKS: Readonly<Record<ErrorCorrectionLevel, readonly number[]>> = {
  L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
  M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
  Q: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8],
  H: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8],
};

/** The two format-information bits of each level (§7.9.1, Table 12). */
export const FORMAT_BITS: Readonly<Record<ErrorCorrectionLevel, number>> = { L: 1, M: 0, Q: 3, H: 2 };
