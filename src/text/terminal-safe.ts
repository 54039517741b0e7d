/**
 * Makes text from peers safe to print on a terminal. A message, nickname or contact-request
 * text could otherwise carry escape sequences that move the cursor, rewrite the window title,
 * print hyperlinks (OSC 8), recolour the screen or, on some terminals, answer back.
 *
 * Removed: ESC-introduced sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte escapes) with
 * their parameters (ECMA-48 §5), the 8-bit C1 forms of the same, every other C0 and C1
 * control, DEL, and every invisible format character (`\p{Cf}`): Unicode bidirectional
 * overrides/isolates (which can make text read in a different order than it was written —
 * "Trojan Source", CVE-2021-42574), zero-width spaces and joiners, word joiners, byte-order
 * marks and tag characters, plus the blank "filler" letters that draw nothing (U+115F, U+1160,
 * U+3164, U+FFA0, U+2800), so that a name cannot hide characters that make it differ from, or
 * look like, another. One exception: a zero-width joiner between two pictographs stays, since
 * it is what draws one emoji from several (👩‍💻). Newlines and tabs are kept only when the caller
 * allows them (a chat message may span lines; a nickname may not).
 */

import { INVISIBLE } from '../lib/invisible-characters.js';

/* eslint-disable no-control-regex -- matching control characters is what this module is for */
// ESC [ … final byte | ESC ] … (BEL | ESC \) | ESC P/X/^/_ … ESC \ | ESC + one byte.
// 8-bit forms: CSI = 0x9B, OSC = 0x9D, DCS = 0x90, SOS = 0x98, PM = 0x9E, APC = 0x9F, ST = 0x9C.
const ESCAPE_SEQUENCES =
  /\u001b\[[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|\u009b[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[\s\S]?/g;
const CONTROLS_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ALL_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export interface TerminalSafeOptions {
  /** Keep line feeds and tabs (carriage returns are always removed). Default false. */
  readonly multiline?: boolean;
}

/**
 * Strips everything that could control the terminal. Single-line text gets line breaks and
 * tabs replaced by spaces.
 *
 * @example terminalSafe('hi\u001b]0;pwned\u0007 there') === 'hi there'
 */
export function terminalSafe(text: string, options: TerminalSafeOptions = {}): string {
  let out = text.replace(ESCAPE_SEQUENCES, '').replace(INVISIBLE, '');
  if (options.multiline === true) {
    out = out.replace(/\r\n?/g, '\n').replace(CONTROLS_EXCEPT_NEWLINE_TAB, '');
  } else {
    out = out.replace(/[\r\n\t]+/g, ' ').replace(ALL_CONTROLS, '');
  }
  return out;
}
