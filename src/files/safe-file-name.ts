/**
 * File names from peers made safe to create in the download folder, and local names made fit
 * to offer.
 *
 * The wire already refuses the hostile names outright (empty, too long, control characters,
 * `/`, `\`, `.` and `..`: src/protocol/files/manifest-header.ts). {@link safeFileName}
 * is the second wall, applied to every offered name before it touches the disk, and also
 * neutralises names that are legal but harmful: hidden (leading dot), option-like (leading dash,
 * `-rf` pasted into a shell), reserved on Windows (`CON`, `nul.txt`: a trap on shared drives),
 * invisible reordering (bidi controls that make `exe.txt` display as `txt.exe`), and names so
 * long that ` (1)` and `.part` would not fit NAME_MAX.
 */
import { MAX_FILE_NAME_BYTES } from '../protocol/files/file-wire-limits.js';

/**
 * Longest local name {@link safeFileName} returns, in UTF-8 bytes: room for a conflict suffix
 * (` (99999)`) and `.part` under NAME_MAX (255), with margin for encrypted home directories
 * (eCryptfs allows ~143-byte names: longer ones fail with a clear I/O error).
 */
export const SAFE_NAME_MAX_BYTES = 180;

/** Longest extension kept when a long name is shortened. */
const MAX_KEPT_EXTENSION_BYTES = 16;

/** The name used when nothing of the offered name survives. */
export const FALLBACK_FILE_NAME = 'download';

const UTF8 = new TextEncoder();
// C0, DEL, C1.
const CONTROL = /\p{Cc}/gu;
// Bidirectional formatting characters (Unicode TR9): they reorder how a name displays.
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// Path separators, plus the characters Windows refuses, so a file survives a copy to a FAT/NTFS drive.
const SEPARATOR_OR_RESERVED = /[/\\<>:"|?*]/gu;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
// Windows device names, with or without an extension (CON, con.txt, COM1.tar.gz).
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;

/**
 * A name that is safe to create inside a folder: one path component, no control or bidi
 * characters, not hidden, not starting with `-`, not a Windows device name, at most
 * {@link SAFE_NAME_MAX_BYTES} bytes (a long name keeps its extension). Never throws and never
 * returns an empty string; the same input always gives the same output.
 *
 * @example safeFileName('../../.ssh/authorized_keys') // '_.._.ssh_authorized_keys'
 * @example safeFileName('-rf') // 'rf'
 * @example safeFileName('CON.txt') // '_CON.txt'
 */
export function safeFileName(name: string): string {
  let safe = typeof name === 'string' ? name : '';
  // Well-formed text only: lone surrogates (from JSON input) become '_'.
  safe = safe
    .replace(LONE_SURROGATE, '_')
    .replace(BIDI_CONTROL, '')
    .replace(CONTROL, '_')
    .replace(SEPARATOR_OR_RESERVED, '_');
  // Leading dots (hidden, `..`), dashes (options) and spaces; trailing dots and spaces (Windows drops them).
  safe = safe.replace(/^[.\-\s]+/u, '').replace(/[.\s]+$/u, '');
  if (WINDOWS_DEVICE.test(safe)) safe = `_${safe}`;
  safe = truncateName(safe, SAFE_NAME_MAX_BYTES);
  return safe.length === 0 ? FALLBACK_FILE_NAME : safe;
}

/**
 * A local file's name made fit to offer on the wire (it must pass `fileNameProblem`): control
 * characters and separators become `_`, `.`/`..`/empty become {@link FALLBACK_FILE_NAME}, and a
 * name over MAX_FILE_NAME_BYTES is shortened keeping its extension.
 * @example toWireFileName('notes\n.txt') // 'notes_.txt'
 */
export function toWireFileName(name: string): string {
  let wire = typeof name === 'string' ? name : '';
  wire = wire.replace(LONE_SURROGATE, '_').replace(CONTROL, '_').replace(/[/\\]/gu, '_');
  wire = truncateName(wire, MAX_FILE_NAME_BYTES);
  return wire === '' || wire === '.' || wire === '..' ? FALLBACK_FILE_NAME : wire;
}

/**
 * `name` with a conflict number: `report.pdf` → `report (2).pdf`, `a.tar.gz` → `a (2).tar.gz`;
 * `n` = 0 gives `name` itself.
 * @example withConflictNumber('report.pdf', 1) // 'report (1).pdf'
 */
export function withConflictNumber(name: string, n: number): string {
  if (n === 0) return name;
  const { stem, extension } = splitExtension(name);
  return `${stem} (${n})${extension}`;
}

/** Splits off the extension (`.pdf`; `.tar.gz` counts as one); a name starting with its only dot has none. */
function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  const tar = name.slice(0, dot).toLowerCase().endsWith('.tar') ? name.slice(0, dot).length - 4 : -1;
  const cut = tar > 0 ? tar : dot;
  return { stem: name.slice(0, cut), extension: name.slice(cut) };
}

/** `name` cut to at most `maxBytes` UTF-8 bytes at a character boundary, keeping a short extension. */
function truncateName(name: string, maxBytes: number): string {
  if (UTF8.encode(name).length <= maxBytes) return name;
  const { stem, extension } = splitExtension(name);
  const extensionBytes = UTF8.encode(extension).length;
  const kept = extensionBytes <= MAX_KEPT_EXTENSION_BYTES ? extension : '';
  return cutToBytes(kept === '' ? name : stem, maxBytes - UTF8.encode(kept).length).replace(/[.\s]+$/u, '') + kept;
}

function cutToBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const character of text) {
    const size = UTF8.encode(character).length;
    if (bytes + size > maxBytes) break;
    out += character;
    bytes += size;
  }
  return out;
}
