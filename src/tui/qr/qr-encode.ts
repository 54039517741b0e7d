/**
 * A small QR code encoder (ISO/IEC 18004:2015), enough to show an onion address for a phone
 * to read off the terminal: byte and alphanumeric modes, versions 1–10, every error
 * correction level, automatic or fixed mask. The structure follows the standard's encoding
 * procedure (§7.1): data bits → codewords → Reed–Solomon blocks, interleaved → placed around
 * the function patterns → masked → format (and version) information.
 */
import { BurrowFailure } from '../../errors.js';
import {
  ECC_CODEWORDS_PER_BLOCK,
  ERROR_CORRECTION_BLOCKS,
  FORMAT_BITS,
  MAX_VERSION,
  type ErrorCorrectionLevel,
} from './qr-tables.js';

export type { ErrorCorrectionLevel } from './qr-tables.js';

/** A finished symbol: `modules[row][column]` is true for a dark module. */
export interface QrCode {
  readonly version: number;
  readonly size: number;
  readonly mask: number;
  readonly modules: readonly (readonly boolean[])[];
}

/** How to encode. */
export interface QrOptions {
  /** Default 'M' (15 % of the symbol can be damaged). */
  readonly errorCorrection?: ErrorCorrectionLevel;
  /** 0–7; by default the mask with the lowest penalty (§7.8.3). */
  readonly mask?: number;
}

/** 'QrTextTooLongError': the text (`bytes` long) does not fit in the largest version this encoder makes. */
export function qrTextTooLong(bytes: number): BurrowFailure {
  return new BurrowFailure(
    'QrTextTooLongError',
    `${bytes} bytes do not fit in a QR code of version ${MAX_VERSION} or less`,
    { action: 'bug' },
  );
}

// §7.4.4: alphanumeric mode's 45 characters, each worth its index.
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const ALPHANUMERIC_TEXT = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * Encodes `text` (UTF-8; alphanumeric mode when it fits that character set) in the smallest
 * version that holds it.
 * @example encodeQr('HELLO WORLD', { errorCorrection: 'Q' }).size === 21
 */
export function encodeQr(text: string, options: QrOptions = {}): QrCode {
  const level = options.errorCorrection ?? 'M';
  const alphanumeric = ALPHANUMERIC_TEXT.test(text);
  const bytes = new TextEncoder().encode(text);
  for (let version = 1; version <= MAX_VERSION; version++) {
    const capacityBits = dataCodewords(version, level) * 8;
    const bits = alphanumeric ? alphanumericBits(text, version) : byteBits(bytes, version);
    if (bits.length <= capacityBits) {
      const data = padCodewords(bits, capacityBits / 8);
      return buildSymbol(version, level, addErrorCorrection(data, version, level), options.mask);
    }
  }
  throw qrTextTooLong(bytes.length);
}

// ---- data encoding (§7.4) ----

function pushBits(bits: number[], value: number, length: number): void {
  for (let index = length - 1; index >= 0; index--) bits.push((value >>> index) & 1);
}

function byteBits(bytes: Uint8Array, version: number): number[] {
  const bits: number[] = [];
  pushBits(bits, 0b0100, 4);
  pushBits(bits, bytes.length, version <= 9 ? 8 : 16);
  for (const byte of bytes) pushBits(bits, byte, 8);
  return bits;
}

function alphanumericBits(text: string, version: number): number[] {
  const bits: number[] = [];
  pushBits(bits, 0b0010, 4);
  pushBits(bits, text.length, version <= 9 ? 9 : 11);
  for (let index = 0; index + 1 < text.length; index += 2) {
    pushBits(bits, ALPHANUMERIC.indexOf(text.charAt(index)) * 45 + ALPHANUMERIC.indexOf(text.charAt(index + 1)), 11);
  }
  if (text.length % 2 === 1) pushBits(bits, ALPHANUMERIC.indexOf(text.charAt(text.length - 1)), 6);
  return bits;
}

/** §7.4.9: terminator, zero bits to a byte boundary, then the pad codewords 0xEC 0x11 … */
function padCodewords(bits: readonly number[], count: number): number[] {
  const padded = [...bits];
  const capacity = count * 8;
  pushBits(padded, 0, Math.min(4, capacity - padded.length));
  pushBits(padded, 0, (8 - (padded.length % 8)) % 8);
  const codewords: number[] = [];
  for (let index = 0; index < padded.length; index += 8) {
    codewords.push(padded.slice(index, index + 8).reduce((byte, bit) => (byte << 1) | bit, 0));
  }
  for (let pad = 0xec; codewords.length < count; pad ^= 0xec ^ 0x11) codewords.push(pad);
  return codewords;
}

// ---- error correction (§7.5) ----

/** Modules left for data and error correction once the function patterns are placed. */
function rawDataModules(version: number): number {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const alignment = Math.floor(version / 7) + 2;
    modules -= (25 * alignment - 10) * alignment - 55;
    if (version >= 7) modules -= 36;
  }
  return modules;
}

function dataCodewords(version: number, level: ErrorCorrectionLevel): number {
  return (
    Math.floor(rawDataModules(version) / 8) -
    (ECC_CODEWORDS_PER_BLOCK[level][version] ?? 0) * (ERROR_CORRECTION_BLOCKS[level][version] ?? 0)
  );
}

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field of §7.5.2. */
function gfMultiply(x: number, y: number): number {
  let product = 0;
  for (let bit = 7; bit >= 0; bit--) {
    product = (product << 1) ^ ((product >>> 7) * 0x11d);
    product ^= ((y >>> bit) & 1) * x;
  }
  return product & 0xff;
}

/** The generator polynomial of `degree` (coefficients, highest power first, leading 1 dropped). */
function generatorPolynomial(degree: number): number[] {
  const coefficients = new Array<number>(degree).fill(0);
  coefficients[degree - 1] = 1;
  let root = 1;
  for (let step = 0; step < degree; step++) {
    for (let index = 0; index < degree; index++) {
      coefficients[index] = gfMultiply(coefficients[index] ?? 0, root);
      if (index + 1 < degree) coefficients[index] = (coefficients[index] ?? 0) ^ (coefficients[index + 1] ?? 0);
    }
    root = gfMultiply(root, 0x02);
  }
  return coefficients;
}

function reedSolomonRemainder(data: readonly number[], generator: readonly number[]): number[] {
  const remainder = new Array<number>(generator.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ (remainder.shift() ?? 0);
    remainder.push(0);
    for (let index = 0; index < generator.length; index++)
      remainder[index] = (remainder[index] ?? 0) ^ gfMultiply(generator[index] ?? 0, factor);
  }
  return remainder;
}

/** §7.6: splits the data into blocks, appends each block's error correction, interleaves. */
function addErrorCorrection(data: readonly number[], version: number, level: ErrorCorrectionLevel): number[] {
  const blockCount = ERROR_CORRECTION_BLOCKS[level][version] ?? 1;
  const eccLength = ECC_CODEWORDS_PER_BLOCK[level][version] ?? 0;
  const totalCodewords = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blockCount - (totalCodewords % blockCount);
  const shortBlockLength = Math.floor(totalCodewords / blockCount);
  const generator = generatorPolynomial(eccLength);
  const dataBlocks: number[][] = [];
  const eccBlocks: number[][] = [];
  let offset = 0;
  for (let block = 0; block < blockCount; block++) {
    const length = shortBlockLength - eccLength + (block < shortBlocks ? 0 : 1);
    const blockData = data.slice(offset, offset + length);
    offset += length;
    dataBlocks.push(blockData);
    eccBlocks.push(reedSolomonRemainder(blockData, generator));
  }
  const result: number[] = [];
  const longest = shortBlockLength - eccLength + 1;
  for (let index = 0; index < longest; index++)
    for (const block of dataBlocks) if (index < block.length) result.push(block[index] ?? 0);
  for (let index = 0; index < eccLength; index++) for (const block of eccBlocks) result.push(block[index] ?? 0);
  return result;
}

// ---- module placement (§7.7–7.10) ----

class Matrix {
  readonly modules: boolean[][];
  readonly reserved: boolean[][];
  constructor(readonly size: number) {
    this.modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    this.reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  }
  setFunction(row: number, column: number, dark: boolean): void {
    const modulesRow = this.modules[row];
    const reservedRow = this.reserved[row];
    if (modulesRow === undefined || reservedRow === undefined || column < 0 || column >= this.size) return;
    modulesRow[column] = dark;
    reservedRow[column] = true;
  }
  isReserved(row: number, column: number): boolean {
    return this.reserved[row]?.[column] ?? true;
  }
  get(row: number, column: number): boolean {
    return this.modules[row]?.[column] ?? false;
  }
  set(row: number, column: number, dark: boolean): void {
    const modulesRow = this.modules[row];
    if (modulesRow !== undefined) modulesRow[column] = dark;
  }
}

/** §6.3.6 and Annex E: centre coordinates of the alignment patterns. */
function alignmentPositions(version: number, size: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const positions = [6];
  for (let position = size - 7; positions.length < count; position -= step) positions.splice(1, 0, position);
  return positions;
}

function drawFunctionPatterns(matrix: Matrix, version: number): void {
  const size = matrix.size;
  for (let index = 0; index < size; index++) {
    matrix.setFunction(6, index, index % 2 === 0);
    matrix.setFunction(index, 6, index % 2 === 0);
  }
  // Finder patterns with their separators (§6.3.3).
  for (const [centreRow, centreColumn] of [
    [3, 3],
    [3, size - 4],
    [size - 4, 3],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const distance = Math.max(Math.abs(dx), Math.abs(dy));
        matrix.setFunction(centreRow + dy, centreColumn + dx, distance !== 2 && distance !== 4);
      }
    }
  }
  const positions = alignmentPositions(version, size);
  const last = positions.length - 1;
  positions.forEach((row, i) => {
    positions.forEach((column, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++)
          matrix.setFunction(row + dy, column + dx, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    });
  });
  // Reserve the format areas now (drawn for real after masking) and draw version information.
  drawFormatBits(matrix, 'M', 0);
  if (version >= 7) drawVersionBits(matrix, version);
}

/** §7.9: 5 data bits (level, mask) + 10 BCH bits, XOR 0x5412, in two copies. */
function drawFormatBits(matrix: Matrix, level: ErrorCorrectionLevel, mask: number): void {
  const data = (FORMAT_BITS[level] << 3) | mask;
  let remainder = data;
  for (let step = 0; step < 10; step++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
  const bits = ((data << 10) | remainder) ^ 0x5412;
  const bit = (index: number): boolean => ((bits >>> index) & 1) !== 0;
  const size = matrix.size;
  for (let index = 0; index <= 5; index++) matrix.setFunction(index, 8, bit(index));
  matrix.setFunction(7, 8, bit(6));
  matrix.setFunction(8, 8, bit(7));
  matrix.setFunction(8, 7, bit(8));
  for (let index = 9; index < 15; index++) matrix.setFunction(8, 14 - index, bit(index));
  for (let index = 0; index < 8; index++) matrix.setFunction(8, size - 1 - index, bit(index));
  for (let index = 8; index < 15; index++) matrix.setFunction(size - 15 + index, 8, bit(index));
  matrix.setFunction(size - 8, 8, true); // the dark module (§7.9.1)
}

/** §7.10: 6 version bits + 12 BCH bits, in the two 6×3 blocks beside the finders. */
function drawVersionBits(matrix: Matrix, version: number): void {
  let remainder = version;
  for (let step = 0; step < 12; step++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
  const bits = (version << 12) | remainder;
  for (let index = 0; index < 18; index++) {
    const dark = ((bits >>> index) & 1) !== 0;
    const a = matrix.size - 11 + (index % 3);
    const b = Math.floor(index / 3);
    matrix.setFunction(b, a, dark);
    matrix.setFunction(a, b, dark);
  }
}

/** §7.7.3: codeword bits in two-module columns, zigzagging up and down from the bottom right. */
function drawCodewords(matrix: Matrix, codewords: readonly number[]): void {
  const size = matrix.size;
  let bitIndex = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // skip the vertical timing pattern
    for (let vertical = 0; vertical < size; vertical++) {
      for (let offset = 0; offset < 2; offset++) {
        const column = right - offset;
        const upward = ((right + 1) & 2) === 0;
        const row = upward ? size - 1 - vertical : vertical;
        if (matrix.isReserved(row, column) || bitIndex >= codewords.length * 8) continue;
        matrix.set(row, column, (((codewords[bitIndex >>> 3] ?? 0) >>> (7 - (bitIndex & 7))) & 1) !== 0);
        bitIndex++;
      }
    }
  }
}

/** §7.8.2, Table 10: the eight data mask conditions (true = invert). */
const MASKS: readonly ((row: number, column: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function applyMask(matrix: Matrix, mask: number): void {
  const condition = MASKS[mask];
  if (condition === undefined) throw new RangeError(`QR mask must be 0–7, got ${mask}`);
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (!matrix.isReserved(row, column) && condition(row, column)) matrix.set(row, column, !matrix.get(row, column));
    }
  }
}

function buildSymbol(
  version: number,
  level: ErrorCorrectionLevel,
  codewords: readonly number[],
  fixedMask: number | undefined,
): QrCode {
  const size = version * 4 + 17;
  let best: { mask: number; penalty: number; modules: boolean[][] } | undefined;
  const masks = fixedMask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [fixedMask];
  for (const mask of masks) {
    const matrix = new Matrix(size);
    drawFunctionPatterns(matrix, version);
    drawCodewords(matrix, codewords);
    applyMask(matrix, mask);
    drawFormatBits(matrix, level, mask);
    const penalty = masks.length === 1 ? 0 : penaltyScore(matrix.modules);
    if (best === undefined || penalty < best.penalty) best = { mask, penalty, modules: matrix.modules };
  }
  if (best === undefined) throw new RangeError('no QR mask was tried');
  return { version, size, mask: best.mask, modules: best.modules };
}

// ---- mask evaluation (§7.8.3) ----

const FINDER_LIKE = [
  [true, false, true, true, true, false, true, false, false, false, false],
  [false, false, false, false, true, false, true, true, true, false, true],
] as const;

/** Penalty points of a masked symbol: runs, 2×2 blocks, finder-like patterns, dark balance. */
export function penaltyScore(modules: readonly (readonly boolean[])[]): number {
  const size = modules.length;
  const at = (row: number, column: number): boolean => modules[row]?.[column] ?? false;
  let score = 0;
  for (let line = 0; line < size; line++) {
    score += linePenalty((index) => at(line, index), size);
    score += linePenalty((index) => at(index, line), size);
  }
  for (let row = 0; row + 1 < size; row++) {
    for (let column = 0; column + 1 < size; column++) {
      const colour = at(row, column);
      if (at(row, column + 1) === colour && at(row + 1, column) === colour && at(row + 1, column + 1) === colour)
        score += 3;
    }
  }
  let dark = 0;
  for (const row of modules) for (const module of row) if (module) dark++;
  score += Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5) * 10;
  return score;
}

function linePenalty(at: (index: number) => boolean, size: number): number {
  let score = 0;
  let run = 1;
  for (let index = 1; index <= size; index++) {
    if (index < size && at(index) === at(index - 1)) {
      run++;
      continue;
    }
    if (run >= 5) score += 3 + (run - 5);
    run = 1;
  }
  for (let start = 0; start + 11 <= size; start++) {
    for (const pattern of FINDER_LIKE) {
      if (pattern.every((dark, offset) => at(start + offset) === dark)) score += 40;
    }
  }
  return score;
}
