/**
 * `burrow man`: the manual page (roff), made from the same tables as `--help`: the commands of
 * cli/main.ts and every ctl command and subcommand. The build writes it to dist/burrow.1, which
 * npm installs as `man burrow`.
 */
import type { CtlCommand } from './ctl-command.js';
import { flagHelp, CTL_COMMON_OPTIONS } from './ctl-help.js';
import { EXIT_CODE_MEANINGS } from './exit-codes.js';

/** Text for roff: backslashes and leading dots or quotes escaped, dashes kept as dashes. */
function roff(text: string): string {
  return text.replaceAll('\\', '\\e').replaceAll('-', '\\-').replace(/^[.']/gm, '\\&$&');
}

const item = (term: string, text: string): string => `.TP\n.B ${roff(term)}\n${roff(text)}`;

export function manPage(
  version: string,
  commands: readonly (readonly [string, string])[],
  ctlCommands: Readonly<Record<string, CtlCommand>>,
): string {
  const ctl = Object.entries(ctlCommands).flatMap(([name, command]) => [
    item(command.subcommands === undefined ? command.usage : `${name} <subcommand> …`, command.summary),
    ...Object.values(command.subcommands ?? {}).map((sub) => item(`${name} ${sub.usage}`, sub.summary)),
  ]);
  const ctlFlags = [...new Set(Object.values(ctlCommands).flatMap((command) => command.flags ?? []))].map(flagHelp);
  return [
    `.TH BURROW 1 "" "burrow ${roff(version)}" "User Commands"`,
    '.SH NAME',
    'burrow \\- a friend\\-to\\-friend messenger over Tor onion services, for the terminal',
    '.SH SYNOPSIS',
    '.B burrow',
    '[\\fIcommand\\fR] [\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    roff(
      'Every user is a Tor onion service; friends talk end to end over Tor with no server in between. ' +
        '`burrow` alone opens the terminal UI; `burrow daemon` runs headless and `burrow ctl` drives it. ' +
        'Every command takes --help.',
    ),
    '.SH COMMANDS',
    ...commands.map(([name, summary]) => item(name, summary)),
    '.SH CTL COMMANDS',
    roff('burrow ctl <command> [arguments] [--json] [--profile DIR] talks to the running daemon of a profile.'),
    ...ctl,
    '.SH OPTIONS',
    ...[...CTL_COMMON_OPTIONS, ...ctlFlags].map(([flag, text]) => item(flag, text)),
    item('--passphrase-file FILE', 'read the passphrase from FILE (burrow init, id, daemon)'),
    item('--tor-control HOST:PORT', "use an existing tor's control port instead of launching tor"),
    item('-V, --version', 'print the version'),
    '.SH EXIT STATUS',
    ...EXIT_CODE_MEANINGS.map(([code, text]) => item(String(code), text)),
    '.SH ENVIRONMENT',
    item('BURROW_HOME', 'the profile directory (default $XDG_DATA_HOME/burrow)'),
    item('BURROW_PASSPHRASE', 'the passphrase, when no --passphrase-file is given (prefer the file)'),
    item('BURROW_TOR', 'the tor executable to launch (default: tor on PATH)'),
    item('XDG_RUNTIME_DIR', 'where the ctl socket lives (burrow/ inside it; else /tmp/burrow-<uid>)'),
    '.SH SEE ALSO',
    '.BR tor (1)',
    '',
  ].join('\n');
}
