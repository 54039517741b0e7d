/**
 * One `burrow ctl` command: its usage line, how many positional arguments it takes, and how it
 * runs against the daemon. Commands are grouped by service (<service>/ctl/ctl-commands.ts) and
 * joined in ctl.ts.
 */
import type { DaemonClient } from '../daemon/client.js';

export interface CtlOutput {
  /** Prints `value` as JSON with --json, else the human text `human()` makes. Returns exit status 0. */
  print(value: unknown, human: () => string): number;
}

/** A subcommand's line in the help (`group create <name>`: usage `create <name>`). */
export interface CtlSubcommandHelp {
  /** Without the command's name, e.g. `create <name>`. */
  readonly usage: string;
  readonly summary: string;
}

export interface CtlCommand {
  /** e.g. `send <onion> <text>`. */
  readonly usage: string;
  readonly summary: string;
  /** Positional arguments after the command name. */
  readonly minArgs: number;
  /** At most this many; with `joinRest`, extra words join into the last argument. */
  readonly maxArgs: number;
  readonly joinRest?: boolean;
  /** Flags (besides the common ones) this command accepts, by name. */
  readonly flags?: readonly string[];
  /** Its subcommands, for help and completion (the command's `run` dispatches them itself). */
  readonly subcommands?: Readonly<Record<string, CtlSubcommandHelp>>;
  run(
    client: DaemonClient,
    args: readonly string[],
    flags: Readonly<Record<string, string | undefined>>,
    output: CtlOutput,
  ): Promise<number>;
}

/** A command that takes one onion address, calls the daemon method of the same name and says it is done. */
export function onionCommand(name: string, summary: string): CtlCommand {
  return {
    usage: `${name} <onion>`,
    summary,
    minArgs: 1,
    maxArgs: 1,
    run: async (client, [onion = ''], _flags, output) =>
      output.print(await client.call(name, { onion }), () => `${name}: done`),
  };
}
