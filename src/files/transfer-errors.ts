/**
 * Errors of the transfer commands a user gives (accept, decline, cancel, resume, send): each
 * names the fix. Like errors.ts, none contains a file name, a path or an onion address.
 */
import { BurrowError } from '../errors.js';

/** Shortest file id prefix a command accepts (hex characters). */
export const MIN_TRANSFER_ID_PREFIX = 6;

/** No transfer has this id (or id prefix). */
export class UnknownTransferError extends BurrowError {
  override readonly name = 'UnknownTransferError';
  constructor() {
    super('No file transfer has that id. List them with `/files` (or `burrow ctl files`) and use the id shown there.', { action: 'tell-user' });
  }
}

/** A transfer id prefix that is too short or matches more than one transfer. */
export class AmbiguousTransferIdError extends BurrowError {
  override readonly name = 'AmbiguousTransferIdError';
  constructor(readonly matches: number) {
    super(
      matches === 0
        ? `A file id is hexadecimal, at least ${MIN_TRANSFER_ID_PREFIX} characters of the id shown by \`/files\`.`
        : `That id prefix matches ${matches} transfers: type more of the id.`,
      { action: 'tell-user' },
    );
  }
}

/** The command does not apply to the transfer in its current state (e.g. accepting a finished download). */
export class TransferStateError extends BurrowError {
  override readonly name = 'TransferStateError';
  constructor(what: string, state: string) {
    super(`Cannot ${what}: the transfer is ${state}.`, { action: 'tell-user' });
  }
}

/** A file to send was given by a relative path where the front end should have made it absolute. */
export class RelativePathError extends BurrowError {
  override readonly name = 'RelativePathError';
  constructor() {
    super('Give the file to send as an absolute path (front ends resolve relative paths against their working directory).', { action: 'tell-user' });
  }
}

/** A send-file target that is neither a friend's onion address nor a group id. */
export class UnknownFileTargetError extends BurrowError {
  override readonly name = 'UnknownFileTargetError';
  constructor(reason: string) {
    super(`Cannot offer the file: ${reason}`, { action: 'tell-user' });
  }
}
