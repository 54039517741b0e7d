/**
 * Display width and line wrapping for the terminal. Widths are in terminal columns: CJK and
 * most emoji take two, combining marks none. Measured with `string-width`, the same function
 * Ink uses to lay text out, so lines we wrap are lines Ink will not wrap again.
 */
import stringWidth from 'string-width';
import { TAB_WIDTH } from '../limits.js';

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns `text` takes on a terminal. @example displayWidth('你好') === 4 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** User-perceived characters (grapheme clusters) of `text`. */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (part) => part.segment);
}

/**
 * Wraps `text` into lines of at most `width` columns: at spaces where possible, inside a word
 * only when the word alone is wider than a line, and never inside a grapheme cluster (a wide
 * character that no longer fits moves to the next line whole). Newlines in `text` start new
 * lines; tabs become spaces. A grapheme wider than `width` gets a line of its own.
 *
 * @example wrapText('hello wide 世界', 8) // ['hello', 'wide 世界']
 */
export function wrapText(text: string, width: number): string[] {
  const columns = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  for (const paragraph of text.replaceAll('\t', ' '.repeat(TAB_WIDTH)).split('\n')) {
    wrapParagraph(paragraph, columns, lines);
  }
  return lines;
}

function wrapParagraph(paragraph: string, width: number, out: string[]): void {
  const first = out.length;
  let line = '';
  let lineWidth = 0;
  const flush = (): void => {
    out.push(line.trimEnd());
    line = '';
    lineWidth = 0;
  };
  for (const token of paragraph.split(/( +)/)) {
    if (token === '') continue;
    const tokenWidth = displayWidth(token);
    if (token.startsWith(' ')) {
      // Spaces where a line breaks are dropped; spaces that fit are kept (indentation too).
      if (lineWidth + tokenWidth <= width) {
        line += token;
        lineWidth += tokenWidth;
      } else if (lineWidth > 0) {
        flush();
      }
      continue;
    }
    if (lineWidth + tokenWidth <= width) {
      line += token;
      lineWidth += tokenWidth;
      continue;
    }
    if (tokenWidth <= width) {
      if (lineWidth > 0) flush();
      line = token;
      lineWidth = tokenWidth;
      continue;
    }
    // A word longer than a whole line: break it between graphemes, filling each line.
    for (const grapheme of graphemes(token)) {
      const graphemeWidth = displayWidth(grapheme);
      if (lineWidth + graphemeWidth > width && lineWidth > 0) flush();
      line += grapheme;
      lineWidth += graphemeWidth;
    }
  }
  if (line !== '' || out.length === first) out.push(line.trimEnd());
}

/**
 * Cuts `text` to at most `width` columns, ending with "…" when something was cut.
 * @example truncateEnd('abcdef', 4) === 'abc…'
 */
export function truncateEnd(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const grapheme of graphemes(text)) {
    const graphemeWidth = displayWidth(grapheme);
    if (used + graphemeWidth > width - 1) break;
    out += grapheme;
    used += graphemeWidth;
  }
  return out + '…';
}

/**
 * Keeps the end of `text` within `width` columns, starting with "…" when something was cut:
 * for a field being typed into, whose end is where the cursor is.
 * @example truncateStart('abcdef', 4) === '…def'
 */
export function truncateStart(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const parts = graphemes(text);
  let out = '';
  let used = 0;
  for (let index = parts.length - 1; index >= 0; index--) {
    const grapheme = parts[index] ?? '';
    const graphemeWidth = displayWidth(grapheme);
    if (used + graphemeWidth > width - 1) break;
    out = grapheme + out;
    used += graphemeWidth;
  }
  return '…' + out;
}

/**
 * Cuts the middle out of `text` to fit `width` columns, keeping both ends: the useful form for
 * onion addresses, whose start and end are what people compare.
 * @example truncateMiddle('abcdefghij', 7) === 'abc…hij'
 */
export function truncateMiddle(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  if (width === 1) return '…';
  const parts = graphemes(text);
  const keep = width - 1;
  const headWidth = Math.ceil(keep / 2);
  let head = '';
  let used = 0;
  for (const grapheme of parts) {
    const graphemeWidth = displayWidth(grapheme);
    if (used + graphemeWidth > headWidth) break;
    head += grapheme;
    used += graphemeWidth;
  }
  let tail = '';
  let tailUsed = 0;
  for (let index = parts.length - 1; index >= 0; index--) {
    const grapheme = parts[index] ?? '';
    const graphemeWidth = displayWidth(grapheme);
    if (used + tailUsed + graphemeWidth > keep) break;
    tail = grapheme + tail;
    tailUsed += graphemeWidth;
  }
  return `${head}…${tail}`;
}

/** Pads `text` with spaces on the right to exactly `width` columns (cutting it first if wider). */
export function padToWidth(text: string, width: number): string {
  const cut = truncateEnd(text, width);
  return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}
