/**
 * Errors of the transfer commands a user gives (accept, decline, cancel, resume, send): each
 * names the fix. Like errors.ts, none contains a file name, a path or an onion address.
 */
import { BurrowFailure } from '../errors.js';

/** Shortest file id prefix a command accepts (hex characters). */
export const MIN_TRANSFER_ID_PREFIX = 6;

/** 'UnknownTransferError': no transfer has this id (or id prefix). */
export function unknownTransfer(): BurrowFailure {
  return new BurrowFailure(
    'UnknownTransferError',
    'No file transfer has that id. List them with `/files` (or `burrow ctl files`) and use the id shown there.',
    {
      action: 'tell-user',
    },
  );
}

/** 'AmbiguousTransferIdError': a transfer id prefix that is too short (`matches` 0) or matches `matches` transfers. */
export function ambiguousTransferId(matches: number): BurrowFailure {
  return new BurrowFailure(
    'AmbiguousTransferIdError',
    matches === 0
      ? `A file id is hexadecimal, at least ${MIN_TRANSFER_ID_PREFIX} characters of the id shown by \`/files\`.`
      : `That id prefix matches ${matches} transfers: type more of the id.`,
    { action: 'tell-user' },
  );
}

/** 'TransferStateError': the command does not apply to the transfer in its current state (e.g. accepting a finished download). */
export function transferState(what: string, state: string): BurrowFailure {
  return new BurrowFailure('TransferStateError', `Cannot ${what}: the transfer is ${state}.`, { action: 'tell-user' });
}

/** 'RelativePathError': a file to send was given by a relative path where the front end should have made it absolute. */
export function relativePath(): BurrowFailure {
  return new BurrowFailure(
    'RelativePathError',
    'Give the file to send as an absolute path (front ends resolve relative paths against their working directory).',
    { action: 'tell-user' },
  );
}

/** 'UnknownFileTargetError': a send-file target that is neither a friend's onion address nor a group id. */
export function unknownFileTarget(reason: string): BurrowFailure {
  return new BurrowFailure('UnknownFileTargetError', `Cannot offer the file: ${reason}`, { action: 'tell-user' });
}
