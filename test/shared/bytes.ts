/** Bytes for tests: known contents from a seed, and a fast equality for large arrays. */

/** `length` bytes that differ from chunk to chunk (a seed keeps files apart). */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed * 2_654_435_761;
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/**
 * Whether two byte arrays are equal (Buffer.equals: vitest's toEqual walks a multi-megabyte
 * array element by element, which takes minutes).
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
