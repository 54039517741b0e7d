/**
 * The one place keys come in. Ink's useInput is subscribed once, here; screens and fields
 * register their handlers with useKeyHandler (use-key-handler.ts), which always runs the
 * latest render's handler. On the way:
 *
 * - Bracketed paste (xterm ctlseqs, mode 2004, which runTui turns on): what arrives between
 *   ESC [200~ and ESC [201~ becomes one {@link KeyEvent} of kind 'paste', newlines included,
 *   so a pasted paragraph is not sent line by line.
 * - Outside a paste, control characters inside a chunk of text are keys: a terminal without
 *   bracketed paste, a laggy ssh link or `tmux send-keys 'hi' Enter` deliver "hi\r" in one
 *   read, which Ink reports as text. CR is Enter, tab is Tab, DEL and BS are Backspace, other
 *   C0 controls are Ctrl+letter; LF stays text (Ctrl+J: a new line).
 * - Mouse reports (input/mouse-sequences.ts) never become keys: a wheel notch goes to the
 *   wheel listeners, anything else the mouse reports is dropped.
 * - Such keys are handed out one per turn of the event loop, so that a key that changes the
 *   screen (Enter on the passphrase) is drawn before the next one arrives, and the next one
 *   goes to the field that is now active.
 */
import { useInput, type Key } from 'ink';
import { createContext, useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { parseMouseReport } from '../input/mouse-sequences.js';
import { MAX_INPUT_CHARS } from '../limits.js';

export type KeyEvent =
  | { readonly kind: 'key'; readonly input: string; readonly key: Key }
  /** `text` is cut at {@link PASTE_BUFFER_LIMIT}; `length` is what was pasted in all. */
  | { readonly kind: 'paste'; readonly text: string; readonly length: number };

export type KeyListener = (event: KeyEvent) => void;

/** Hears a notch of the mouse wheel. */
export type WheelListener = (direction: 'up' | 'down') => void;

/** What useKeyHandler needs from the router: registering a listener, which returns its removal. */
export interface KeyRouterApi {
  readonly listen: (listener: KeyListener) => () => void;
  readonly listenWheel: (listener: WheelListener) => () => void;
}

/** How useKeyHandler finds the router. */
export const KeyRouterContext = createContext<KeyRouterApi | undefined>(undefined);

/** A paste is held up to this many UTF-16 units (beyond it, only its length is counted). */
export const PASTE_BUFFER_LIMIT = 2 * MAX_INPUT_CHARS;

// Ink hands these over without the ESC (use-input.js strips one leading ESC).
const PASTE_START = '[200~';
const PASTE_END = '[201~';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** C0 controls and DEL, but not LF (which is text: a new line). */
function isKeyCharacter(code: number): boolean {
  return (code < 0x20 && code !== 0x0a) || code === 0x7f;
}

/** The key a single control character stands for, as Ink reports it when typed alone. */
function controlKey(character: string): KeyEvent {
  if (character === '\r') return { kind: 'key', input: '', key: { ...NO_KEY, return: true } };
  if (character === '\t') return { kind: 'key', input: '', key: { ...NO_KEY, tab: true } };
  if (character === '\u007f' || character === '\b') return { kind: 'key', input: '', key: { ...NO_KEY, delete: true } };
  return { kind: 'key', input: String.fromCharCode(character.charCodeAt(0) + 0x60), key: { ...NO_KEY, ctrl: true } };
}

/** Splits a chunk of typed text at its control characters, each one the key it stands for. */
export function splitTypedChunk(input: string): KeyEvent[] {
  const events: KeyEvent[] = [];
  let text = '';
  for (let index = 0; index < input.length; index++) {
    const character = input.charAt(index);
    if (!isKeyCharacter(character.charCodeAt(0))) {
      text += character;
      continue;
    }
    if (text !== '') events.push({ kind: 'key', input: text, key: NO_KEY });
    text = '';
    events.push(controlKey(character));
  }
  if (text !== '') events.push({ kind: 'key', input: text, key: NO_KEY });
  return events;
}

/** Props of KeyRouter. */
export interface KeyRouterProps {
  readonly children: ReactNode;
}

/** Receives all input and hands it out as KeyEvents (see the file comment). */
export function KeyRouter({ children }: KeyRouterProps) {
  const listeners = useRef(new Set<KeyListener>());
  const wheelListeners = useRef(new Set<WheelListener>());
  const queue = useRef<KeyEvent[]>([]);
  const scheduled = useRef<NodeJS.Immediate | undefined>(undefined);
  const paste = useRef<{ text: string; length: number } | undefined>(undefined);

  const deliver = useCallback((event: KeyEvent) => {
    for (const listener of [...listeners.current]) listener(event);
  }, []);

  const drain = useCallback(() => {
    scheduled.current = undefined;
    const next = queue.current.shift();
    if (next !== undefined) deliver(next);
    if (queue.current.length > 0) scheduled.current = setImmediate(drain);
  }, [deliver]);

  const enqueue = useCallback(
    (events: readonly KeyEvent[]) => {
      queue.current.push(...events);
      if (scheduled.current === undefined) drain();
    },
    [drain],
  );

  useEffect(
    () => () => {
      if (scheduled.current !== undefined) clearImmediate(scheduled.current);
    },
    [],
  );

  const onInput = useCallback(
    (input: string, key: Key) => {
      const pasting = paste.current;
      if (pasting !== undefined) {
        if (input === PASTE_END) {
          paste.current = undefined;
          enqueue([{ kind: 'paste', text: pasting.text, length: pasting.length }]);
          return;
        }
        // Ink has already turned a lone CR or tab into a key: turn it back into text.
        const text = key.return ? '\n' : key.tab ? '\t' : input;
        pasting.length += text.length;
        if (pasting.text.length < PASTE_BUFFER_LIMIT)
          pasting.text += text.slice(0, PASTE_BUFFER_LIMIT - pasting.text.length);
        return;
      }
      const mouse = parseMouseReport(input);
      if (mouse !== undefined) {
        if (mouse.kind === 'wheel') for (const listener of [...wheelListeners.current]) listener(mouse.direction);
        return;
      }
      if (input === PASTE_START) {
        paste.current = { text: '', length: 0 };
        return;
      }
      const isText = input.length > 1 && !key.ctrl && !key.meta;
      enqueue(isText ? splitTypedChunk(input) : [{ kind: 'key', input, key }]);
    },
    [enqueue],
  );
  useInput(onInput);

  const api = useMemo<KeyRouterApi>(
    () => ({
      listen: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
      listenWheel: (listener) => {
        wheelListeners.current.add(listener);
        return () => wheelListeners.current.delete(listener);
      },
    }),
    [],
  );
  return <KeyRouterContext.Provider value={api}>{children}</KeyRouterContext.Provider>;
}
