/**
 * Typed errors of the 1:1 chat service. Each names the fix; none contains message text or an
 * onion address (errors end up in log lines).
 */
import { BurrowError } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../protocol/envelope/limits.js';

/** The message is longer than one chat message may be. */
export class MessageTooLongError extends BurrowError {
  override readonly name = 'MessageTooLongError';
  constructor(readonly bytes: number) {
    super(`The message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES} bytes (UTF-8). Split it into several messages.`, {
      action: 'tell-user',
    });
  }
}

/** An empty message. */
export class EmptyMessageError extends BurrowError {
  override readonly name = 'EmptyMessageError';
  constructor() {
    super('The message is empty. Type some text to send.', { action: 'tell-user' });
  }
}

/** `history` was asked for a page before a message that is not in that conversation. */
export class UnknownMessageError extends BurrowError {
  override readonly name = 'UnknownMessageError';
  constructor() {
    super('No message with that id in this conversation. Use an id from an earlier `history` page (32 hex characters).', {
      action: 'tell-user',
    });
  }
}

/** A history page size out of range. */
export class InvalidHistoryLimitError extends BurrowError {
  override readonly name = 'InvalidHistoryLimitError';
  constructor(readonly max: number) {
    super(`The history limit must be a whole number from 1 to ${max}. Page through longer histories with \`before\`.`, { action: 'tell-user' });
  }
}

/** The store broke an invariant the chat service relies on (a bug, or a damaged profile). */
export class ChatInvariantError extends BurrowError {
  override readonly name = 'ChatInvariantError';
  constructor(what: string) {
    super(`Internal error in the chat service: ${what}. Please report it.`, { action: 'bug' });
  }
}
