/**
 * A real terminal for end-to-end tests (docs/ARCHITECTURE.md "Conventions": a few runs of the real binary
 * in a real terminal): a command runs in a tmux pane, keys go in with `send-keys`, the screen
 * comes back with `capture-pane -p`. Every terminal lives on a tmux server of its own socket
 * (`tmux -L`), so tests never touch the user's tmux, and `killTmuxServer` ends all of them.
 *
 * When the command ends, the pane says `[exited with status N]` and stays open, so a test can
 * read the exit status and the last screen.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The size every test terminal has (the UI needs at least 60×16). */
export const TERMINAL_COLUMNS = 100;
/** See {@link TERMINAL_COLUMNS}. */
export const TERMINAL_ROWS = 30;
/** How often `waitFor` looks at the screen. */
const POLL_MS = 200;
/** The line the pane prints when its command ends. */
const EXIT_LINE = /\[exited with status (\d+)\]/;

/** Quotes `text` for sh. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** A command running in a tmux pane. */
export class TmuxTerminal {
  private constructor(
    readonly server: string,
    readonly name: string,
  ) {}

  /**
   * Runs `command` (argv) in a new detached session `name` on tmux server `server`, in `cwd`,
   * with `CI` removed from its environment: Ink draws nothing while CI is set.
   */
  static async start(options: {
    readonly server: string;
    readonly name: string;
    readonly command: readonly string[];
    readonly cwd: string;
  }): Promise<TmuxTerminal> {
    const command = ['env', '-u', 'CI', ...options.command].map(shellQuote).join(' ');
    const script = `${command}; echo "[exited with status $?]"; exec sleep 3600`;
    await exec('tmux', [
      '-L',
      options.server,
      'new-session',
      '-d',
      '-s',
      options.name,
      '-x',
      String(TERMINAL_COLUMNS),
      '-y',
      String(TERMINAL_ROWS),
      '-c',
      options.cwd,
      script,
    ]);
    return new TmuxTerminal(options.server, options.name);
  }

  /** The visible screen, one string (no colours). */
  async screen(): Promise<string> {
    const { stdout } = await exec('tmux', ['-L', this.server, 'capture-pane', '-p', '-t', this.name]);
    return stdout;
  }

  /** Types `text` literally (no key names). */
  async type(text: string): Promise<void> {
    await exec('tmux', ['-L', this.server, 'send-keys', '-t', this.name, '-l', text]);
  }

  /** Presses keys by tmux name: `Enter`, `C-c`, `M-1`, … */
  async press(...keys: string[]): Promise<void> {
    await exec('tmux', ['-L', this.server, 'send-keys', '-t', this.name, ...keys]);
  }

  /** Types `text` and presses Enter. */
  async enter(text: string): Promise<void> {
    await this.type(text);
    await this.press('Enter');
  }

  /**
   * Polls the screen until `matches` holds and returns that screen; after `timeoutMs` fails
   * with `what` and the last screen. `onScreen` sees every screen polled on the way.
   */
  async waitFor(
    what: string,
    matches: (screen: string) => boolean,
    timeoutMs: number,
    onScreen?: (screen: string) => void,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = await this.screen();
      onScreen?.(last);
      if (matches(last)) return last;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen of ${this.name}:\n${last}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Waits for the command to end and resolves to its exit status. */
  async exitStatus(timeoutMs: number): Promise<number> {
    const screen = await this.waitFor('the command to exit', (text) => EXIT_LINE.test(text), timeoutMs);
    return Number(EXIT_LINE.exec(screen)?.[1]);
  }
}

/** Ends tmux server `server` and every session on it (nothing if it is not running). */
export async function killTmuxServer(server: string): Promise<void> {
  await exec('tmux', ['-L', server, 'kill-server']).catch(() => undefined);
}
