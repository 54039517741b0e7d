/**
 * Reactions are one emoji (docs/PROTOCOL.md "Message lifecycle"): exactly one grapheme cluster
 * that is an emoji (a pictograph with its modifiers and joiners, a flag, a keycap), at most
 * {@link MAX_REACTION_BYTES} bytes of UTF-8. Anything else is refused, so a reaction cannot
 * smuggle text, control characters or a wall of combining marks.
 */

/** The longest reaction in UTF-8 bytes (the longest family and flag sequences fit). */
export const MAX_REACTION_BYTES = 32;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const FLAG = /^\p{Regional_Indicator}{2}$/u;
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u;
// What may ride along a pictograph inside its cluster: variation selectors, skin tones, joiners, tags.
const EMOJI_PARTS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\uFE0E|\u200D|[\u{E0020}-\u{E007F}])+$/u;

/** Whether `text` is exactly one emoji. @example isSingleEmoji('👍🏽') // true */
export function isSingleEmoji(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0) return false;
  if (Buffer.byteLength(text, 'utf8') > MAX_REACTION_BYTES) return false;
  const clusters = Array.from(graphemes.segment(text));
  if (clusters.length !== 1) return false;
  if (FLAG.test(text) || KEYCAP.test(text)) return true;
  return PICTOGRAPH.test(text) && EMOJI_PARTS.test(text);
}
