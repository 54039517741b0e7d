/**
 * What a line typed in the feed does: a plain line (or one starting with "//") is posted to
 * our wall, as `/post` would (commands/feed.ts); commands are read as anywhere else.
 */
import type { ParsedLine } from '../commands/registry.js';

/** `parsed` as the feed reads it when `open` (else unchanged). */
export function inFeed(parsed: ParsedLine, open: boolean): ParsedLine {
  if (!open || parsed.kind !== 'message') return parsed;
  return { kind: 'command', command: { name: 'post', text: parsed.text.replace(/\n+$/, '') } as { name: string } };
}
