/**
 * `burrow` command dispatcher. Each subcommand lives in its own module under src/cli/ and
 * returns an exit status; usage errors exit 2 with a message that says what to do.
 */
import { BurrowError } from '../errors.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.js';
import { helpRows } from './help-text.js';
import { CTL_COMMANDS, runCtlCommand } from './ctl.js';
import { runCompleteCommand, runCompletionCommand } from './completion.js';
import { manPage } from './man-page.js';
import { UsageError } from './usage-error.js';
import { runDaemonCommand } from './daemon.js';
import { runDemoCommand } from './demo.js';
import { runIdCommand } from './id.js';
import { runInitCommand } from './init.js';
import { runTestnetCommand } from './testnet.js';
import { runTuiCommand, TUI_HELP } from './tui.js';

type CommandRunner = (argv: readonly string[]) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly run: CommandRunner;
}

const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: 'Create a profile (your identity and encrypted store) and print your onion address',
    run: runInitCommand,
  },
  id: { summary: 'Print your onion address', run: runIdCommand },
  daemon: {
    summary: 'Run your node headless (tor, onion service, friends) and serve `burrow ctl`',
    run: runDaemonCommand,
  },
  ctl: { summary: 'Control a running daemon: status, contacts, add, accept, send, history, …', run: runCtlCommand },
  demo: {
    summary: 'Try Burrow offline: a private Tor network, three scripted friends, and the UI',
    run: runDemoCommand,
  },
  testnet: {
    summary: 'Start, inspect or stop a private Tor network on 127.0.0.1 (for tests and demos)',
    run: runTestnetCommand,
  },
  completion: { summary: 'Print the shell completion script: bash, zsh or fish', run: runCompletionCommand },
  man: { summary: 'Print the manual page (man -l <(burrow man))', run: runManCommand },
};

/** The commands as completion offers them: name and summary. */
function topCommands(): [string, string][] {
  return Object.entries(COMMANDS).map(([name, entry]) => [name, entry.summary]);
}

async function runManCommand(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError('`burrow man` takes no arguments.');
  const commands = [
    ['burrow', 'Open the terminal UI'] as const,
    ...topCommands().map(([n, s]) => [`burrow ${n}`, s] as const),
  ];
  process.stdout.write(manPage(await packageVersion(), commands, CTL_COMMANDS));
  return 0;
}

function usage(): string {
  const rows = [
    ['burrow', 'Open the terminal UI (creates your profile on first run)'] as const,
    ...Object.entries(COMMANDS).map(([name, entry]) => [`burrow ${name}`, entry.summary] as const),
  ];
  return [
    'Burrow: a friend-to-friend messenger over Tor, for the terminal.',
    '',
    'Usage:',
    helpRows(rows),
    '',
    'Every command takes --help. Options most commands share:',
    helpRows([
      ['--profile DIR', 'use the profile in DIR (default: $BURROW_HOME, else $XDG_DATA_HOME/burrow)'],
      ['--testnet DIR', 'join the private Tor network of `burrow testnet start --dir DIR`'],
      ['-V, --version', 'print the version'],
    ]),
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/** Runs the CLI with the arguments after `burrow`; resolves to the process exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(`${usage()}\n\n${TUI_HELP}`);
    return 0;
  }
  // Before the "flags go to the TUI" rule below, which would take --version for a TUI flag.
  if (name === '--version' || name === '-V') {
    console.log(await packageVersion());
    return 0;
  }
  if (name === undefined || name.startsWith('-')) return runCommand('', runTuiCommand, argv);
  if (name === '__complete') return runCompleteCommand(rest, topCommands());
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`burrow: unknown command "${name}". See \`burrow --help\`.`);
    return EXIT.usage;
  }
  return runCommand(name, command.run, rest);
}

async function runCommand(name: string, run: CommandRunner, argv: readonly string[]): Promise<number> {
  const prefix = name === '' ? 'burrow' : `burrow ${name}`;
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof BurrowError) {
      console.error(`${prefix}: ${error.message}`);
      return exitCodeFor(error);
    }
    throw error;
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
