/**
 * The input line's editing operations, pure: each takes an {@link EditorState} and returns the
 * next one. The cursor is a UTF-16 index that always sits on a grapheme boundary, so one
 * Backspace removes one user-perceived character (an emoji with modifiers, a letter with
 * accents). The text may span several lines (Alt+Enter / Ctrl+J insert a newline).
 */
import { terminalSafe } from '../../text/terminal-safe.js';
import { TAB_WIDTH } from '../limits.js';

/** The input line: its text and where the cursor is. */
export interface EditorState {
  readonly text: string;
  readonly cursor: number;
}

/** The empty input line. */
export const EMPTY_EDITOR: EditorState = { text: '', cursor: 0 };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Typed or pasted text made fit for the input line: escape sequences and control characters
 * dropped (a paste can carry them too), CR/CRLF turned into newlines, tabs into spaces.
 */
export function cleanTypedText(raw: string): string {
  return terminalSafe(raw, { multiline: true }).replaceAll('\t', ' '.repeat(TAB_WIDTH));
}

/** Inserts `text` (already cleaned) at the cursor. */
export function insert(state: EditorState, text: string): EditorState {
  return {
    text: state.text.slice(0, state.cursor) + text + state.text.slice(state.cursor),
    cursor: state.cursor + text.length,
  };
}

function previousBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  return segmenter.segment(text).containing(index - 1)?.index ?? index - 1;
}

function nextBoundary(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const segment = segmenter.segment(text).containing(index);
  return segment === undefined ? index + 1 : segment.index + segment.segment.length;
}

/** Deletes the grapheme before the cursor. */
export function backspace(state: EditorState): EditorState {
  const start = previousBoundary(state.text, state.cursor);
  return { text: state.text.slice(0, start) + state.text.slice(state.cursor), cursor: start };
}

/** Deletes the grapheme after the cursor. */
export function deleteForward(state: EditorState): EditorState {
  const end = nextBoundary(state.text, state.cursor);
  return { text: state.text.slice(0, state.cursor) + state.text.slice(end), cursor: state.cursor };
}

/** One grapheme left. */
export function moveLeft(state: EditorState): EditorState {
  return { text: state.text, cursor: previousBoundary(state.text, state.cursor) };
}

/** One grapheme right. */
export function moveRight(state: EditorState): EditorState {
  return { text: state.text, cursor: nextBoundary(state.text, state.cursor) };
}

function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function lineEndOf(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end === -1 ? text.length : end;
}

/** Start of the current line (Ctrl+A, Home). */
export function moveLineStart(state: EditorState): EditorState {
  return { text: state.text, cursor: lineStartOf(state.text, state.cursor) };
}

/** End of the current line (Ctrl+E, End). */
export function moveLineEnd(state: EditorState): EditorState {
  return { text: state.text, cursor: lineEndOf(state.text, state.cursor) };
}

/** Start of the previous word (Ctrl+←). */
export function moveWordLeft(state: EditorState): EditorState {
  const before = state.text.slice(0, state.cursor);
  const match = /\S+\s*$/.exec(before);
  return { text: state.text, cursor: match === null ? lineStartOf(state.text, state.cursor) : match.index };
}

/** End of the next word (Ctrl+→). */
export function moveWordRight(state: EditorState): EditorState {
  const match = /^\s*\S+/.exec(state.text.slice(state.cursor));
  return { text: state.text, cursor: match === null ? state.text.length : state.cursor + match[0].length };
}

/** Deletes the word before the cursor (Ctrl+W). */
export function deleteWordBefore(state: EditorState): EditorState {
  const target = moveWordLeft(state).cursor;
  return { text: state.text.slice(0, target) + state.text.slice(state.cursor), cursor: target };
}

/** Deletes from the start of the line to the cursor (Ctrl+U). */
export function killToLineStart(state: EditorState): EditorState {
  const start = lineStartOf(state.text, state.cursor);
  return { text: state.text.slice(0, start) + state.text.slice(state.cursor), cursor: start };
}

/** Deletes from the cursor to the end of the line (Ctrl+K). */
export function killToLineEnd(state: EditorState): EditorState {
  const end = lineEndOf(state.text, state.cursor);
  return { text: state.text.slice(0, state.cursor) + state.text.slice(end), cursor: state.cursor };
}

/**
 * The cursor one line up in a multi-line input, at the same offset where the line is long
 * enough; undefined on the first line (so Up falls through to the input history).
 */
export function moveUp(state: EditorState): EditorState | undefined {
  const start = lineStartOf(state.text, state.cursor);
  if (start === 0) return undefined;
  const previousStart = lineStartOf(state.text, start - 1);
  return { text: state.text, cursor: snap(state.text, Math.min(previousStart + (state.cursor - start), start - 1)) };
}

/** The cursor one line down; undefined on the last line (so Down falls through to the history). */
export function moveDown(state: EditorState): EditorState | undefined {
  const end = lineEndOf(state.text, state.cursor);
  if (end === state.text.length) return undefined;
  const start = lineStartOf(state.text, state.cursor);
  const nextEnd = lineEndOf(state.text, end + 1);
  return { text: state.text, cursor: snap(state.text, Math.min(end + 1 + (state.cursor - start), nextEnd)) };
}

/** Moves an index back onto a grapheme boundary. */
function snap(text: string, index: number): number {
  if (index >= text.length) return text.length;
  return segmenter.segment(text).containing(index)?.index ?? index;
}
