/**
 * Links in message text: http(s) URLs and onion addresses (with or without a scheme) are found,
 * drawn underlined and made clickable with an OSC 8 hyperlink that Burrow writes itself
 * (peers' own escape sequences, OSC 8 included, were stripped before: safe-node.ts). Burrow
 * never fetches a link; the terminal opens it when the user clicks, in the user's browser.
 *
 * The link target is built only from URL characters that escape-sequence parsers (and Ink's
 * width measurement) agree on; any other printable ASCII character is %-escaped, and a URL
 * with anything else in it is not made a link.
 */
import type { Segment, Tone } from './display-line.js';

// A URL ends at whitespace or at a character that never belongs to one in running text.
const LINK = /\bhttps?:\/\/[^\s<>"`{}|\\^]+|\b(?:[a-z2-7]{56}\.onion)(?:[/?#][^\s<>"`{}|\\^]*)?/gi;
/** Punctuation that ends a sentence rather than the URL. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', ')', ']']);

/** `url` without the punctuation after it; a closing parenthesis stays when it closes one in the URL. */
function trimTrailing(url: string): string {
  let end = url.length;
  for (; end > 0; end--) {
    const last = url.charAt(end - 1);
    if (!TRAILING.has(last)) break;
    const inside = url.slice(0, end);
    if (last === ')' && inside.split('(').length >= inside.split(')').length) break;
  }
  return url.slice(0, end);
}
/** Characters left as they are in a link target. */
const PLAIN = /[-A-Za-z0-9/#&.:=?%@~_]/;

/**
 * The OSC 8 target for a link's text, or undefined when it should not be one.
 * @example linkTarget('example.org') === undefined
 */
export function linkTarget(text: string): string | undefined {
  const url = /^https?:\/\//i.test(text) ? text : `http://${text}`;
  let target = '';
  for (const character of url) {
    const code = character.charCodeAt(0);
    if (character.length !== 1 || code <= 0x20 || code >= 0x7f) return undefined;
    target += PLAIN.test(character) ? character : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return target;
}

/** `text` cut into segments of `tone`, each link its own segment with its target. */
export function linkSegments(text: string, tone: Tone): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const found = trimTrailing(match[0]);
    const target = linkTarget(found);
    if (target === undefined || found === '') continue;
    if (match.index > at) segments.push({ text: text.slice(at, match.index), tone });
    segments.push({ text: found, tone, link: target });
    at = match.index + found.length;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), tone });
  return segments;
}

/** Whether `text` holds a link. */
export function hasLink(text: string): boolean {
  return linkSegments(text, 'text').some((segment) => segment.link !== undefined);
}

/** OSC 8: `text` as a hyperlink to `target` (a target from {@link linkTarget}). */
export function hyperlink(target: string, text: string): string {
  return `\u001b]8;;${target}\u0007${text}\u001b]8;;\u0007`;
}
