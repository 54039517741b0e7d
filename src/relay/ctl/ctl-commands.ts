/** `burrow ctl relay …`: what this node holds for friends' offline contacts, and how much it will hold. */
import type { RelayLimitsChange, RelayLimitsView, RelayStatusView } from '../feature/api.js';
import type { CtlCommand } from '../../cli/ctl-command.js';
import { formatRelayLimits, formatRelayStatus } from './format.js';
import { UsageError } from '../../cli/usage-error.js';

const USAGE = 'relay status | relay limits [--envelopes N] [--bytes SIZE]';

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte count from the command line: 1048576, 512k, 16M, 1G (powers of 1024). */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+)([kmg]?)(?:i?b)?$/i.exec(text.trim());
  const value =
    match === null ? Number.NaN : Number(match[1]) * (SIZE_UNITS[(match[2] ?? '').toLowerCase()] ?? Number.NaN);
  if (!Number.isSafeInteger(value)) throw new UsageError(`--${flag} must be a size such as 1048576, 512k or 16M.`);
  return value;
}

function parseCount(text: string, flag: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value))
    throw new UsageError(`--${flag} must be a whole number (0 holds nothing for friends).`);
  return value;
}

export const RELAY_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  relay: {
    usage: USAGE,
    summary: "sealed messages you hold for friends' offline contacts; how much you will hold",
    minArgs: 1,
    maxArgs: 1,
    flags: ['envelopes', 'bytes'],
    subcommands: {
      status: { usage: 'status', summary: 'what you hold for friends now, and the limits' },
      limits: { usage: 'limits [--envelopes N] [--bytes SIZE]', summary: 'show the limits, or change them' },
    },
    run: async (client, [subcommand = ''], flags, output) => {
      if (subcommand === 'status') {
        if (flags['envelopes'] !== undefined || flags['bytes'] !== undefined)
          throw new UsageError(`--envelopes and --bytes go with \`relay limits\`. Usage: burrow ctl ${USAGE}`);
        const status = (await client.call('relay.status')) as RelayStatusView;
        return output.print(status, () => formatRelayStatus(status));
      }
      if (subcommand === 'limits') {
        const change: RelayLimitsChange & Record<string, unknown> = {
          ...(flags['envelopes'] === undefined
            ? {}
            : { maxEnvelopesPerFriend: parseCount(flags['envelopes'], 'envelopes') }),
          ...(flags['bytes'] === undefined ? {} : { maxBytesPerFriend: parseSize(flags['bytes'], 'bytes') }),
        };
        const limits = (await client.call('relay.limits', change)) as RelayLimitsView;
        return output.print(limits, () => formatRelayLimits(limits));
      }
      throw new UsageError(`unknown relay command "${subcommand}". Usage: burrow ctl ${USAGE}`);
    },
  },
};
