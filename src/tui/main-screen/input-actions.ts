/**
 * What the editing keys do to the input line, pure: each takes the main screen's state and
 * returns the change to make (ui-state.ts), so the key handler only chooses among them.
 */
import { applyCompletion, type Completions } from '../input/completions.js';
import { newer, older, remember } from '../input/input-history.js';
import type { EditOperation } from '../input/key-bindings.js';
import * as editing from '../input/line-editor.js';
import { MAX_INPUT_CHARS, MAX_MESSAGE_BYTES } from '../limits.js';
import { formatSize, utf8Length } from '../text/message-size.js';
import { error, info, type UiState } from './ui-state.js';

const EDITS: Readonly<Record<EditOperation, (state: editing.EditorState) => editing.EditorState>> = {
  left: editing.moveLeft,
  right: editing.moveRight,
  'line-start': editing.moveLineStart,
  'line-end': editing.moveLineEnd,
  'word-left': editing.moveWordLeft,
  'word-right': editing.moveWordRight,
  backspace: editing.backspace,
  'delete-forward': editing.deleteForward,
  'delete-word': editing.deleteWordBefore,
  'kill-to-start': editing.killToLineStart,
  'kill-to-end': editing.killToLineEnd,
};

/** An editing key. */
export function edited(state: UiState, operation: EditOperation): Partial<UiState> {
  return { editor: EDITS[operation](state.editor) };
}

/** Up/Down: a row up or down in a long input, else the line sent before or after. */
export function moved(state: UiState, direction: 'up' | 'down'): Partial<UiState> | undefined {
  const moved = direction === 'up' ? editing.moveUp(state.editor) : editing.moveDown(state.editor);
  if (moved !== undefined) return { editor: moved };
  const recalled = direction === 'up' ? older(state.history, state.editor.text) : newer(state.history);
  return recalled === undefined
    ? undefined
    : { history: recalled.history, editor: { text: recalled.text, cursor: recalled.text.length } };
}

/** Typed or pasted text inserted; `length` is the whole paste's when only its start was kept. A paste far too long is refused whole. */
export function inserted(state: UiState, raw: string, length = raw.length): Partial<UiState> | undefined {
  const text = editing.cleanTypedText(raw);
  if (text === '') return undefined;
  if (state.editor.text.length + Math.max(text.length, length) > MAX_INPUT_CHARS) {
    const size = length > raw.length ? `${formatSize(length)} or more` : formatSize(utf8Length(text));
    return {
      notice: error(`Nothing pasted: ${size} is far more than a message holds (${formatSize(MAX_MESSAGE_BYTES)}).`),
    };
  }
  return { editor: editing.insert(state.editor, text) };
}

/** The input line emptied after sending it, the text kept for Up. */
export function sent(state: UiState): Partial<UiState> {
  return { editor: editing.EMPTY_EDITOR, history: remember(state.history, state.editor.text), notice: undefined };
}

/**
 * Tab (step 1) or Shift+Tab (step -1): the next match of the completion under way, or the
 * first of a new one (`find` says what the word at the cursor could become). Several matches
 * are listed in the notice row.
 */
export function completed(
  state: UiState,
  step: 1 | -1,
  find: () => Completions | undefined,
): Partial<UiState> | undefined {
  const { editor, completion } = state;
  if (
    completion !== undefined &&
    completion.applied.text === editor.text &&
    completion.applied.cursor === editor.cursor
  ) {
    const index = completion.index + step;
    const applied = applyCompletion(completion.base.text, completion.found, index);
    return { editor: applied, completion: { ...completion, index, applied } };
  }
  const found = find();
  if (found === undefined) return undefined;
  const index = step === 1 ? 0 : found.matches.length - 1;
  const applied = applyCompletion(editor.text, found, index);
  return {
    editor: applied,
    completion: { base: editor, found, index, applied },
    ...(found.matches.length > 1 ? { notice: info(found.matches.map((match) => match.trim()).join('  ')) } : {}),
  };
}
