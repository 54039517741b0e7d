/**
 * Up/Down recall of lines sent earlier, as in a shell: Up walks back, Down walks forward and,
 * past the newest entry, restores what was being typed (the draft). Pure and immutable.
 */
import { INPUT_HISTORY_LIMIT } from '../limits.js';

/** Lines sent earlier and where Up/Down currently are among them. */
export interface InputHistory {
  /** Oldest first. */
  readonly entries: readonly string[];
  /** Which entry is shown, or undefined when the user is on the draft. */
  readonly position: number | undefined;
  /** What was on the input line before the user went back. */
  readonly draft: string;
}

/** No lines sent yet. */
export const EMPTY_HISTORY: InputHistory = { entries: [], position: undefined, draft: '' };

/** Adds a sent line (skipping a repeat of the newest) and returns to the draft. */
export function remember(history: InputHistory, line: string): InputHistory {
  const entries =
    history.entries.at(-1) === line ? history.entries : [...history.entries, line].slice(-INPUT_HISTORY_LIMIT);
  return { entries, position: undefined, draft: '' };
}

/** One step back; `current` is the text on the input line now. Undefined when there is nothing older. */
export function older(history: InputHistory, current: string): { history: InputHistory; text: string } | undefined {
  const position = history.position === undefined ? history.entries.length - 1 : history.position - 1;
  const text = history.entries[position];
  if (text === undefined) return undefined;
  const draft = history.position === undefined ? current : history.draft;
  return { history: { ...history, position, draft }, text };
}

/** One step forward; past the newest entry it returns the draft. Undefined when already on the draft. */
export function newer(history: InputHistory): { history: InputHistory; text: string } | undefined {
  if (history.position === undefined) return undefined;
  const position = history.position + 1;
  const text = history.entries[position];
  if (text === undefined) return { history: { ...history, position: undefined, draft: '' }, text: history.draft };
  return { history: { ...history, position }, text };
}
