/**
 * The help of `burrow ctl`, made from its command table (cli/ctl.ts and the services'
 * ctl/ctl-commands.ts): the overview, one page per command and per subcommand. Needs no daemon.
 */
import type { CtlCommand, CtlSubcommandHelp } from './ctl-command.js';
import { helpParagraph, helpRows } from './help-text.js';

/** What the flags of ctl commands mean (a flag missing here is still listed, with its name). */
const FLAG_HELP: Readonly<Record<string, readonly [string, string]>> = {
  limit: ['--limit N', 'at most N entries (1 to 500)'],
  before: ['--before ID', 'only entries older than the one with this id'],
  dest: ['--dest DIR', 'the folder to save into'],
  envelopes: ['--envelopes N', 'hold at most N sealed messages per friend (0: none)'],
  bytes: ['--bytes SIZE', 'hold at most SIZE per friend (512k, 16M, 1G: powers of 1024)'],
};

export const CTL_COMMON_OPTIONS: readonly (readonly [string, string])[] = [
  ['--json', 'print JSON instead of text'],
  ['--profile DIR', 'the profile whose daemon to talk to (default: $BURROW_HOME, else $XDG_DATA_HOME/burrow)'],
  ['--testnet DIR', 'accepted for symmetry with other commands (the daemon already chose its network)'],
  ['-h, --help', 'show help'],
];

export function flagHelp(flag: string): readonly [string, string] {
  return FLAG_HELP[flag] ?? [`--${flag} VALUE`, ''];
}

/** `burrow ctl --help`. */
export function ctlOverviewHelp(commands: Readonly<Record<string, CtlCommand>>): string {
  const rows = Object.entries(commands).map(([name, command]) => {
    const args = command.subcommands === undefined ? command.usage : `${name} <subcommand> …`;
    return [args, command.summary] as const;
  });
  return `Usage: burrow ctl <command> [arguments] [--json] [--profile DIR]

${helpParagraph('Talks to the running `burrow daemon` of a profile. `burrow ctl <command> --help` describes one command.')}

Commands:
${helpRows(rows)}

Options:
${helpRows(CTL_COMMON_OPTIONS)}`;
}

/** `burrow ctl <name> --help`. */
export function ctlCommandHelp(name: string, command: CtlCommand): string {
  const parts = [`Usage: burrow ctl ${command.usage}`, helpParagraph(capitalised(command.summary))];
  if (command.subcommands !== undefined) {
    const rows = Object.values(command.subcommands).map((sub) => [`${name} ${sub.usage}`, sub.summary] as const);
    parts.push(`Subcommands (\`burrow ctl ${name} <subcommand> --help\` for one):\n${helpRows(rows)}`);
  }
  const flags = (command.flags ?? []).map(flagHelp);
  if (flags.length > 0) parts.push(`Options:\n${helpRows(flags)}`);
  parts.push(`Common options:\n${helpRows(CTL_COMMON_OPTIONS)}`);
  return parts.join('\n\n');
}

/** `burrow ctl <name> <subcommand> --help`. */
export function ctlSubcommandHelp(name: string, sub: CtlSubcommandHelp, flags: readonly string[]): string {
  const used = flags.filter((flag) => sub.usage.includes(`--${flag}`)).map(flagHelp);
  const parts = [`Usage: burrow ctl ${name} ${sub.usage}`, helpParagraph(capitalised(sub.summary))];
  if (used.length > 0) parts.push(`Options:\n${helpRows(used)}`);
  parts.push(`Common options:\n${helpRows(CTL_COMMON_OPTIONS)}`);
  return parts.join('\n\n');
}

function capitalised(summary: string): string {
  const text = summary.charAt(0).toUpperCase() + summary.slice(1);
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}
