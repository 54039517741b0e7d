/**
 * Characters that draw nothing: every invisible format character (`\p{Cf}`: bidi controls,
 * zero-width spaces and joiners, word joiners, byte-order marks, tag characters) and the blank
 * "filler" letters (U+115F, U+1160, U+3164, U+FFA0, U+2800). Text from peers loses them before
 * it is shown (text/terminal-safe.ts) or compared with another name (name-reading.ts), so that
 * a name cannot hide what makes it differ from, or look like, another. One exception: a
 * zero-width joiner between two pictographs stays, since it draws one emoji from several (👩‍💻).
 */
export const INVISIBLE =
  /(?!(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?\uFE0F?)\u200d(?=\p{Extended_Pictographic}))[\p{Cf}\u115f\u1160\u3164\uffa0\u2800]/gu;
