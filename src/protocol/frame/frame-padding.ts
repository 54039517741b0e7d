/**
 * The padded plaintext inside a frame: u32 body length ‖ body ‖ zero bytes up to the smallest
 * of FRAME_PADDED_SIZES that fits. Decoding is strict (non-zero padding is refused) so every
 * body has exactly one padded form.
 */
import { checkBytes } from '../../lib/argument-checks.js';
import { frameBodyTooLarge, badFramePadding } from './frame-errors.js';
import { FRAME_BODY_LENGTH_BYTES, FRAME_PADDED_SIZES, MAX_FRAME_BODY } from './frame-limits.js';

/** The padded plaintext size for a body of `bodyLength` bytes. */
export function paddedSizeFor(bodyLength: number): number {
  const needed = bodyLength + FRAME_BODY_LENGTH_BYTES;
  const size = FRAME_PADDED_SIZES.find((candidate) => candidate >= needed);
  if (size === undefined || bodyLength > MAX_FRAME_BODY) throw frameBodyTooLarge(bodyLength);
  return size;
}

/** Whether `size` is one of the padded plaintext sizes. */
export function isPaddedSize(size: number): boolean {
  return FRAME_PADDED_SIZES.includes(size);
}

/**
 * body → u32 length ‖ body ‖ zeros.
 * @example padFrameBody(utf8('hi')).length // 256
 */
export function padFrameBody(body: Uint8Array): Uint8Array {
  checkBytes(body, 'body');
  const padded = new Uint8Array(paddedSizeFor(body.length));
  new DataView(padded.buffer).setUint32(0, body.length);
  padded.set(body, FRAME_BODY_LENGTH_BYTES);
  return padded;
}

/** u32 length ‖ body ‖ zeros → body, or throws `FramePaddingError`. */
export function unpadFrameBody(padded: Uint8Array): Uint8Array {
  checkBytes(padded, 'padded');
  if (!isPaddedSize(padded.length)) throw badFramePadding(`${padded.length} bytes is not a padded size`);
  const bodyLength = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  const end = FRAME_BODY_LENGTH_BYTES + bodyLength;
  if (end > padded.length)
    throw badFramePadding(`the body length ${bodyLength} does not fit in ${padded.length} bytes`);
  // The smallest fitting bucket is the only valid one, so lengths leak no more than the bucket.
  if (paddedSizeFor(bodyLength) !== padded.length)
    throw badFramePadding(`a ${bodyLength}-byte body was padded to ${padded.length} bytes`);
  let nonZero = 0;
  for (let i = end; i < padded.length; i++) nonZero |= padded[i]!;
  if (nonZero !== 0) throw badFramePadding('the padding is not all zeros');
  return padded.slice(FRAME_BODY_LENGTH_BYTES, end);
}
