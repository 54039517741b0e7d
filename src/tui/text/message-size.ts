/**
 * Message size against the node's limit, measured as the node measures it (UTF-8 bytes), and
 * said in a way a person can act on.
 */
import { MAX_MESSAGE_BYTES } from '../limits.js';

/** UTF-8 length of `text`. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** "16 KiB", "20.1 KiB", "2.3 MiB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
}

/** Why a message of `bytes` cannot be sent, or undefined if it can. */
export function tooLongReason(bytes: number): string | undefined {
  if (bytes <= MAX_MESSAGE_BYTES) return undefined;
  return `Too long to send: ${formatSize(bytes)}, and a message holds at most ${formatSize(MAX_MESSAGE_BYTES)}. Shorten it or send it in parts.`;
}
