/**
 * Rendering helpers for the TUI tests: ink-testing-library with a terminal size, a settled
 * wait (React and the fake node's promises), and key sequences as terminals send them.
 */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { createElement } from 'react';
import type { NodeApi } from '../../../src/node/api.js';
import { App } from '../../../src/tui/components/App.js';
import type { TuiBoot } from '../../../src/tui/boot.js';
import type { TuiPreferences } from '../../../src/tui/preferences.js';
import type { TerminalEffects } from '../../../src/tui/terminal-sequences.js';
import type { DesktopNotification } from '../../../src/tui/notifications.js';

export const KEYS = {
  enter: '\r',
  altEnter: '\u001b\r',
  tab: '\t',
  shiftTab: '\u001b[Z',
  backspace: '\u007f',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  altUp: '\u001b[1;3A',
  altDown: '\u001b[1;3B',
  altLeft: '\u001b[1;3D',
  altRight: '\u001b[1;3C',
  ctrlUp: '\u001b[1;5A',
  ctrlDown: '\u001b[1;5B',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  ctrlHome: '\u001b[1;5H',
  ctrlEnd: '\u001b[1;5F',
  ctrlC: '\u0003',
  ctrlN: '\u000e',
  ctrlP: '\u0010',
  alt: (key: string) => `\u001b${key}`,
} as const;

/** Lets pending promises, effects and Ink's escape-key flush run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) await new Promise((resolve) => setImmediate(resolve));
}

export type Rendered = ReturnType<typeof render> & {
  /** Sets the terminal size and tells the app it was resized. */
  resize(columns: number, rows: number): void;
  /** Types `data` as one chunk and lets the UI react. */
  type(...chunks: string[]): Promise<void>;
  frame(): string;
};

/** Renders `tree` on a fake terminal of `columns`×`rows`. */
export async function renderAt(tree: ReactElement, columns = 100, rows = 30): Promise<Rendered> {
  const rendered = render(tree);
  const resize = (width: number, height: number): void => {
    Object.defineProperty(rendered.stdout, 'columns', { value: width, configurable: true, writable: true });
    Object.defineProperty(rendered.stdout, 'rows', { value: height, configurable: true, writable: true });
    rendered.stdout.emit('resize');
  };
  resize(columns, rows);
  await settle();
  return Object.assign(rendered, {
    resize,
    async type(...chunks: string[]) {
      for (const chunk of chunks) {
        rendered.stdin.write(chunk);
        await settle();
      }
    },
    frame: () => rendered.lastFrame() ?? '',
  });
}

/** Waits until the last frame satisfies `check` (vi.waitFor polls; no fixed delays). */
export async function waitForFrame(rendered: Rendered, check: (frame: string) => boolean): Promise<string> {
  return vi.waitFor(() => {
    const frame = rendered.frame();
    if (!check(frame)) throw new Error(`frame did not match:\n${frame}`);
    return frame;
  });
}

/** In-memory preferences. */
export function memoryPreferences(
  initial: Record<string, unknown> = {},
): TuiPreferences & { values: Record<string, unknown> } {
  const values = { ...initial };
  return { values, get: (key) => values[key], set: (key, value) => void (values[key] = value) };
}

/** Terminal effects that record what they would have written; `resume()` plays a SIGCONT. */
export function recordingEffects(): TerminalEffects & {
  bells: number;
  titles: string[];
  copies: string[];
  notifications: DesktopNotification[];
  suspends: number;
  resume(): void;
} {
  const resumeListeners = new Set<() => void>();
  const effects = {
    bells: 0,
    titles: [] as string[],
    copies: [] as string[],
    notifications: [] as DesktopNotification[],
    suspends: 0,
    bell: () => void effects.bells++,
    setTitle: (title: string) => void effects.titles.push(title),
    copyToClipboard: (text: string) => void effects.copies.push(text),
    notify: (notification: DesktopNotification) => void effects.notifications.push(notification),
    suspend: () => void effects.suspends++,
    onResume: (listener: () => void) => {
      resumeListeners.add(listener);
      return () => void resumeListeners.delete(listener);
    },
    resume: () => {
      for (const listener of [...resumeListeners]) listener();
    },
  };
  return effects;
}

/** A boot whose unlock succeeds with `api`; records onExit calls. */
export function bootWith(api: NodeApi, overrides: Partial<TuiBoot> = {}): TuiBoot & { exits: number } {
  const boot = {
    exits: 0,
    profileExists: true,
    createProfile: () => Promise.resolve(api),
    unlock: () => Promise.resolve(api),
    onExit: () => {
      boot.exits++;
      return Promise.resolve();
    },
    ...overrides,
  };
  return boot;
}

/** Renders the whole App, unlocks it, and waits for the main screen. */
export async function startMain(
  api: NodeApi,
  options: { columns?: number; rows?: number; preferences?: TuiPreferences; effects?: TerminalEffects } = {},
): Promise<Rendered & { boot: TuiBoot & { exits: number } }> {
  const boot = bootWith(api);
  const rendered = await renderAt(
    createElement(App, {
      boot,
      preferences: options.preferences ?? memoryPreferences(),
      effects: options.effects ?? recordingEffects(),
    }),
    options.columns ?? 100,
    options.rows ?? 30,
  );
  await rendered.type('passphrase', KEYS.enter);
  await waitForFrame(rendered, (frame) => frame.includes('online'));
  return Object.assign(rendered, { boot });
}
