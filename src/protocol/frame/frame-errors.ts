/**
 * Typed failures of the frame codec. A session that meets any of the peer-caused ones closes
 * the connection (docs/ARCHITECTURE.md "Session protocol" 2).
 */
import { BurrowError } from '../../errors.js';
import { MAX_FRAME_BODY, MAX_FRAME_CIPHERTEXT } from './frame-limits.js';

/** Base class of every frame error. */
export abstract class FrameError extends BurrowError {}

/** The length prefix announces more than {@link MAX_FRAME_CIPHERTEXT} bytes. */
export class FrameTooLargeError extends FrameError {
  override readonly name = 'FrameTooLargeError';
  constructor(readonly announced: number) {
    super(`The peer announced a ${announced}-byte frame, over the ${MAX_FRAME_CIPHERTEXT}-byte limit`, { action: 'drop-peer' });
  }
}

/** The length prefix is within the limit but not one of the padded frame sizes. */
export class FrameSizeError extends FrameError {
  override readonly name = 'FrameSizeError';
  constructor(readonly announced: number) {
    super(`The peer announced a ${announced}-byte frame, which is not one of the padded frame sizes`, { action: 'drop-peer' });
  }
}

/** The frame did not authenticate: tampered with, replayed, reordered, or under another key. */
export class FrameDecryptError extends FrameError {
  override readonly name = 'FrameDecryptError';
  constructor(readonly counter: bigint) {
    super(`Frame ${counter} from the peer could not be decrypted: it was tampered with, replayed, reordered or not sent in this session`, {
      action: 'drop-peer',
    });
  }
}

/** The frame authenticated but its plaintext is not body-length ‖ body ‖ zero padding. */
export class FramePaddingError extends FrameError {
  override readonly name = 'FramePaddingError';
  constructor(reason: string) {
    super(`The peer sent a badly padded frame: ${reason}`, { action: 'drop-peer' });
  }
}

/** The stream ended in the middle of a frame. */
export class TruncatedFrameError extends FrameError {
  override readonly name = 'TruncatedFrameError';
  constructor(readonly bufferedBytes: number) {
    super(`The connection ended in the middle of a frame (${bufferedBytes} bytes of it received)`, { action: 'retry' });
  }
}

/** 2^64 − 1 frames went one way under one key: the session must be replaced by a new handshake. */
export class FrameCounterExhaustedError extends FrameError {
  override readonly name = 'FrameCounterExhaustedError';
  constructor() {
    super('This session has used up its frame counter; reconnect to get fresh keys', { action: 'retry' });
  }
}

/** A caller tried to send a body over {@link MAX_FRAME_BODY} bytes in one frame. */
export class FrameBodyTooLargeError extends FrameError {
  override readonly name = 'FrameBodyTooLargeError';
  constructor(readonly bodyLength: number) {
    super(`A frame body is at most ${MAX_FRAME_BODY} bytes (got ${bodyLength}); split larger messages`, { action: 'bug' });
  }
}

/** The decoder was used again after it failed; the failure it met is the `cause`. */
export class FrameDecoderFailedError extends FrameError {
  override readonly name = 'FrameDecoderFailedError';
  constructor(cause: FrameError) {
    super('The frame decoder already failed; the session must be closed', { action: 'bug', cause });
  }
}
