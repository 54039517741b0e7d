/**
 * Typed failures of the frame codec. A session that meets any of the peer-caused ones closes
 * the connection (docs/ARCHITECTURE.md "Session protocol" 2).
 */
import { BurrowFailure } from '../../errors.js';
import { MAX_FRAME_BODY, MAX_FRAME_CIPHERTEXT } from './frame-limits.js';

/** Every frame failure; match on it to catch them all, on `name` to tell them apart. */
export class FrameError extends BurrowFailure {}

/** The stream ended in the middle of a frame. */
export class TruncatedFrameError extends FrameError {
  constructor(readonly bufferedBytes: number) {
    super(
      'TruncatedFrameError',
      `The connection ended in the middle of a frame (${bufferedBytes} bytes of it received)`,
      { action: 'retry' },
    );
  }
}

/** 2^64 − 1 frames went one way under one key: the session must be replaced by a new handshake. */
export class FrameCounterExhaustedError extends FrameError {
  constructor() {
    super('FrameCounterExhaustedError', 'This session has used up its frame counter; reconnect to get fresh keys', {
      action: 'retry',
    });
  }
}

/** 'FrameTooLargeError': the length prefix announces more than {@link MAX_FRAME_CIPHERTEXT} bytes. */
export function frameTooLarge(announced: number): FrameError {
  return new FrameError(
    'FrameTooLargeError',
    `The peer announced a ${announced}-byte frame, over the ${MAX_FRAME_CIPHERTEXT}-byte limit`,
    { action: 'drop-peer' },
  );
}

/** 'FrameSizeError': the length prefix is within the limit but not one of the padded frame sizes. */
export function badFrameSize(announced: number): FrameError {
  return new FrameError(
    'FrameSizeError',
    `The peer announced a ${announced}-byte frame, which is not one of the padded frame sizes`,
    { action: 'drop-peer' },
  );
}

/** 'FrameDecryptError': the frame did not authenticate: tampered with, replayed, reordered, or under another key. */
export function frameDecryptFailed(counter: bigint): FrameError {
  return new FrameError(
    'FrameDecryptError',
    `Frame ${counter} from the peer could not be decrypted: it was tampered with, replayed, reordered or not sent in this session`,
    { action: 'drop-peer' },
  );
}

/** 'FramePaddingError': the frame authenticated but its plaintext is not body-length ‖ body ‖ zero padding. */
export function badFramePadding(reason: string): FrameError {
  return new FrameError('FramePaddingError', `The peer sent a badly padded frame: ${reason}`, { action: 'drop-peer' });
}

/** 'FrameBodyTooLargeError': a caller tried to send a body over {@link MAX_FRAME_BODY} bytes in one frame. */
export function frameBodyTooLarge(bodyLength: number): FrameError {
  return new FrameError(
    'FrameBodyTooLargeError',
    `A frame body is at most ${MAX_FRAME_BODY} bytes (got ${bodyLength}); split larger messages`,
    { action: 'bug' },
  );
}

/** 'FrameDecoderFailedError': the decoder was used again after it failed; the failure it met is the `cause`. */
export function frameDecoderFailed(cause: FrameError): FrameError {
  return new FrameError('FrameDecoderFailedError', 'The frame decoder already failed; the session must be closed', {
    action: 'bug',
    cause,
  });
}
