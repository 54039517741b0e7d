/**
 * The mouse, as far as Burrow uses it: the wheel scrolls the conversation. runTui turns on
 * xterm's button tracking (mode 1000) with SGR coordinates (mode 1006) and off again on exit
 * and suspend; the terminal then reports each wheel notch as `ESC [ < b ; x ; y M` (xterm
 * ctlseqs, "SGR (1006)"). Buttons 64 and 65 are wheel up and down; bits 4, 8 and 16 are
 * Shift, Alt and Ctrl. Everything else a mouse reports (clicks, drags, the horizontal wheel)
 * is swallowed, so that it never reaches the input line as text.
 *
 * Parsing is strict: exactly one report, decimal fields of bounded length, nothing around it.
 */

/** What one mouse report means here. */
export type MouseReport = { readonly kind: 'wheel'; readonly direction: 'up' | 'down' } | { readonly kind: 'ignored' };

// Ink hands a CSI sequence over without its ESC; a chunk written by a test may keep it.
// eslint-disable-next-line no-control-regex -- the ESC is what the sequence starts with
const SGR_MOUSE = /^\u001b?\[<(\d{1,4});(\d{1,5});(\d{1,5})([Mm])$/;
const MODIFIER_BITS = 4 | 8 | 16;
const WHEEL = 64;

/**
 * The report `input` is, or undefined when it is not a mouse report at all.
 * @example parseMouseReport('[<65;10;4M') // { kind: 'wheel', direction: 'down' }
 */
export function parseMouseReport(input: string): MouseReport | undefined {
  const match = SGR_MOUSE.exec(input);
  if (match === null) return undefined;
  const button = Number(match[1]) & ~MODIFIER_BITS;
  if (match[4] === 'M' && button === WHEEL) return { kind: 'wheel', direction: 'up' };
  if (match[4] === 'M' && button === WHEEL + 1) return { kind: 'wheel', direction: 'down' };
  return { kind: 'ignored' };
}
