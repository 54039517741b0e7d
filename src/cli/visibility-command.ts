/**
 * `burrow ctl visibility [open [--for DURATION] | closed]`: shows or sets whether our public
 * address, the one that takes contact requests, is published (docs/PROTOCOL.md "Visibility").
 */
import { describeRemaining, OPEN_WINDOW_HINT, parseOpenWindow } from '../lib/open-window.js';
import type { Visibility } from '../node/api.js';
import type { CtlCommand } from './ctl-command.js';
import { UsageError } from './usage-error.js';

/** The state in words: `open`, `closed`, or `open (closes in 9 minutes)`. */
export function formatVisibility(visibility: Visibility, now = Date.now()): string {
  if (visibility.openUntil === undefined) return visibility.state;
  return `open (closes in ${describeRemaining(visibility.openUntil, now)})`;
}

/** Spread into the ctl table (cli/ctl.ts). */
export const VISIBILITY_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  visibility: {
    usage: 'visibility [open [--for <duration>] | closed]',
    summary: 'show, open or close your public address (closed: only friends can reach you)',
    minArgs: 0,
    maxArgs: 1,
    flags: ['for'],
    subcommands: {
      open: { usage: 'open [--for <duration>]', summary: 'publish it (for a while, e.g. --for 10m, then closed)' },
      closed: { usage: 'closed', summary: 'take it down: strangers find you offline, friends notice nothing' },
    },
    run: async (client, [state], flags, output) => {
      if (state !== undefined && state !== 'open' && state !== 'closed')
        throw new UsageError(
          `say open or closed, not "${state}". Usage: burrow ctl visibility [open [--for <duration>] | closed]`,
        );
      const window = flags['for'];
      if (window !== undefined && state !== 'open') throw new UsageError('--for goes with `visibility open`.');
      const forSeconds = window === undefined ? undefined : parseOpenWindow(window);
      if (window !== undefined && forSeconds === undefined) throw new UsageError(`--for takes ${OPEN_WINDOW_HINT}.`);
      const params = { ...(state === undefined ? {} : { state }), ...(forSeconds === undefined ? {} : { forSeconds }) };
      const visibility = (await client.call('visibility', params)) as Visibility;
      return output.print(visibility, () => `public address: ${formatVisibility(visibility)}`);
    },
  },
};
