import { BurrowError } from '../errors.js';

/** Bad command-line input: the CLI prints the message and exits with status 2. */
export class UsageError extends BurrowError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, { action: 'tell-user' });
  }
}
