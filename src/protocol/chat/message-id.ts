/**
 * Message ids as front ends see them: 32 lowercase hex characters for the 16 random bytes.
 */
import { MESSAGE_ID_BYTES } from '../envelope/limits.js';

const HEX_ID = new RegExp(`^[0-9a-f]{${MESSAGE_ID_BYTES * 2}}$`);

/** The hex form of a message id. @example formatMessageId(id) // '00112233445566778899aabbccddeeff' */
export function formatMessageId(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

/** The bytes of a hex message id (either case), or undefined if it is not one. */
export function parseMessageId(text: string): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  const lower = text.toLowerCase();
  if (!HEX_ID.test(lower)) return undefined;
  return new Uint8Array(Buffer.from(lower, 'hex'));
}
