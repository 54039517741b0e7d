import { describe, expect, it } from 'vitest';
import { isSingleEmoji } from '../../../src/lib/single-emoji.js';

describe('isSingleEmoji', () => {
  it('takes one emoji, with skin tones, joiners, flags and keycaps', () => {
    for (const emoji of ['👍', '👍🏽', '❤️', '👩‍👩‍👧‍👦', '🇫🇷', '1️⃣', '🏳️‍🌈']) expect(isSingleEmoji(emoji), emoji).toBe(true);
  });

  it('refuses text, two emoji, control characters and empty strings', () => {
    for (const text of ['', 'a', 'ok', '👍👍', '👍 ', '\u0007', 'é', '👍\u0301\u0301', '1', 'x'.repeat(40)])
      expect(isSingleEmoji(text), JSON.stringify(text)).toBe(false);
  });
});
