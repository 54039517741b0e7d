/** One `burrow ctl group` subcommand (ctl-commands.ts runs them). */
import type { DaemonClient } from '../../daemon/client.js';
import type { CtlOutput } from '../../cli/ctl-command.js';

export type Flags = Readonly<Record<string, string | undefined>>;

/** One subcommand: its arguments after the subcommand's name, and how it runs. */
export interface Subcommand {
  readonly usage: string;
  readonly summary: string;
  /** Exactly this many arguments; with `rest`, more words join into the last one. */
  readonly args: number;
  readonly rest?: boolean;
  /** With `optional`, up to this many fewer arguments. */
  readonly optional?: number;
  /** The flags it takes besides the common ones. */
  readonly flags?: readonly string[];
  run(client: DaemonClient, args: readonly string[], flags: Flags, output: CtlOutput): Promise<number>;
}
