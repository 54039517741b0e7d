/**
 * Flags of every command that runs a node: which tor to use.
 */
import { resolve } from 'node:path';
import type { TorChoice } from '../runtime/launch-tor.js';
import { helpRows, OPTION_COLUMN } from './help-text.js';
import { UsageError } from './usage-error.js';

export const TOR_OPTIONS = {
  testnet: { type: 'string' },
  'tor-control': { type: 'string' },
  'tor-cookie': { type: 'string' },
} as const;

export const TOR_OPTIONS_HELP = helpRows(
  [
    ['--testnet DIR', 'join the private Tor network of `burrow testnet start --dir DIR`'],
    ['--tor-control HOST:PORT', "use an existing tor's control port instead of launching tor"],
    ['--tor-cookie FILE', "that tor's control auth cookie, if PROTOCOLINFO does not name it"],
  ],
  30,
  OPTION_COLUMN,
);

export interface TorFlagValues {
  readonly testnet?: string | undefined;
  readonly 'tor-control'?: string | undefined;
  readonly 'tor-cookie'?: string | undefined;
}

/** Turns the flags into a {@link TorChoice}, refusing contradictory or malformed ones. */
export function torChoiceFrom(values: TorFlagValues): TorChoice {
  const control = values['tor-control'];
  if (control !== undefined && values.testnet !== undefined) {
    throw new UsageError("--testnet launches Burrow's own tor; it cannot be combined with --tor-control.");
  }
  if (control === undefined) {
    if (values['tor-cookie'] !== undefined) throw new UsageError('--tor-cookie goes with --tor-control.');
    return values.testnet === undefined ? {} : { testnetDir: resolve(values.testnet) };
  }
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(control);
  const port = Number(match?.[2]);
  if (match === null || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`--tor-control wants PORT or HOST:PORT (e.g. 127.0.0.1:9051), not "${control}".`);
  }
  const host = match[1]?.replace(/^\[|\]$/g, '');
  return {
    attach: {
      port,
      ...(host === undefined ? {} : { host }),
      ...(values['tor-cookie'] === undefined ? {} : { cookieFile: resolve(values['tor-cookie']) }),
    },
  };
}
