/**
 * Burrow's terminal UI. The `burrow` CLI calls {@link runTui}; everything else in src/tui/ is
 * internal. The UI talks to the node only through {@link NodeApi} (docs/ARCHITECTURE.md "Layers").
 */
// First, so that NO_COLOR is seen before Ink's chalk loads (no-color.ts).
import './no-color.js';
import { render, type Instance } from 'ink';
import { BurrowFailure } from '../errors.js';
import { createElement } from 'react';
import { App } from './components/App.js';
import type { TuiBoot } from './boot.js';
import type { TuiPreferences } from './preferences.js';
import { desktopNotifier } from './notify-sender.js';
import { takeTerminal, type TerminalSession } from './terminal-session.js';
import { terminalEffects } from './terminal-sequences.js';
import { localeFromEnvironment, setDisplayLocale } from './text/time-format.js';

export type { TuiBoot } from './boot.js';
export { isWrongPassphrase, WRONG_PASSPHRASE_ERROR_NAME } from './boot.js';
export type { TuiPreferences, SettingName } from './preferences.js';
export { SETTINGS } from './preferences.js';

/** What runTui needs: how to start and stop the node, where preferences live, the terminal. */
export interface RunTuiOptions {
  readonly boot: TuiBoot;
  readonly preferences: TuiPreferences;
  /** Default process.stdin. */
  readonly stdin?: NodeJS.ReadStream;
  /** Default process.stdout. */
  readonly stdout?: NodeJS.WriteStream;
}

/** 'TerminalRequiredError': runTui was started without a terminal to read keys from. */
export function terminalRequired(): BurrowFailure {
  return new BurrowFailure(
    'TerminalRequiredError',
    'the Burrow UI needs a terminal (its input is not one). For scripts, run `burrow daemon` and use `burrow ctl`.',
    {
      action: 'tell-user',
    },
  );
}

/** Signals that mean "quit now" to a terminal program; each gets the same clean exit as Ctrl+C. */
const QUIT_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/**
 * Runs the TUI until the user quits. Resolves after `boot.onExit()` has finished (it is
 * called exactly once, whatever ends the UI: /quit, Ctrl+C, a signal, or a crash, which
 * rejects after the cleanup) and the terminal is restored: alternate screen left, mouse and
 * paste modes off, title and cursor back as they were (terminal-session.ts, which also
 * handles Ctrl+Z). Rejects with 'TerminalRequiredError' ({@link terminalRequired}), before anything
 * starts, when stdin is not a terminal.
 *
 * Ink draws nothing while the environment variable CI is set (it then only prints the last
 * frame at exit), so a terminal test must start `burrow` without CI in its environment.
 *
 * @example
 * await runTui({ boot: { profileExists, createProfile, unlock, onExit }, preferences: conf });
 */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  if (stdin.isTTY !== true) throw terminalRequired();
  let exiting: Promise<void> | undefined;
  const boot: TuiBoot = {
    profileExists: options.boot.profileExists,
    createProfile: (name, passphrase) => options.boot.createProfile(name, passphrase),
    unlock: (passphrase) => options.boot.unlock(passphrase),
    onExit: () => (exiting ??= options.boot.onExit()),
  };
  const quit = new AbortController();
  const onSignal = (): void => quit.abort();
  let instance: Instance | undefined;
  setDisplayLocale(localeFromEnvironment(process.env));
  const terminal: TerminalSession = takeTerminal(stdin, stdout);
  try {
    for (const signal of QUIT_SIGNALS) process.on(signal, onSignal);
    instance = render(
      createElement(App, {
        boot,
        preferences: options.preferences,
        effects: terminalEffects(stdout, {
          notify: desktopNotifier(stdout, process.env),
          suspend: terminal.suspend,
          onResume: terminal.onResume,
        }),
        quitSignal: quit.signal,
      }),
      {
        stdin,
        stdout,
        // Ctrl+C is a key like any other here: it quits through boot.onExit().
        exitOnCtrlC: false,
        // Nothing in src/ writes to the console (lint), and logs go to the log sink, which the
        // caller points away from the terminal while the UI runs.
        patchConsole: false,
        // Not incrementalRendering: in Ink 6.8 it loses track of lines when a frame shrinks
        // (seen in tmux: stale rows left behind).
      },
    );
    await instance.waitUntilExit();
  } finally {
    for (const signal of QUIT_SIGNALS) process.off(signal, onSignal);
    instance?.unmount();
    terminal.release();
    // A crash ends the UI without /quit: still stop tor and save.
    await boot.onExit();
  }
}
