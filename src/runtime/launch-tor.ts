/**
 * Gets a tor for a node: launches Burrow's own (data directory inside the profile), joining a
 * private test network when asked, or attaches to an existing tor's control port
 * (Tails/Whonix style).
 */
import { join } from 'node:path';
import { readTestnet, testnetClientTorrc } from '../testnet/index.js';
import { TorProcess } from '../transport/tor/tor-process.js';

export interface TorChoice {
  /** Join the private network started with `burrow testnet start --dir DIR`. */
  readonly testnetDir?: string | undefined;
  /** Attach to this tor instead of launching one. */
  readonly attach?: { readonly host?: string; readonly port: number; readonly cookieFile?: string } | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** tor's data directory inside a profile. */
export function torDataDir(profileDir: string): string {
  return join(profileDir, 'tor');
}

export async function launchTorFor(profileDir: string, choice: TorChoice): Promise<TorProcess> {
  if (choice.attach !== undefined) {
    return TorProcess.attach({
      controlPort: choice.attach.port,
      ...(choice.attach.host === undefined ? {} : { controlHost: choice.attach.host }),
      ...(choice.attach.cookieFile === undefined ? {} : { cookieFile: choice.attach.cookieFile }),
      ...(choice.signal === undefined ? {} : { signal: choice.signal }),
    });
  }
  const extraTorrc = choice.testnetDir === undefined ? [] : testnetClientTorrc(readTestnet(choice.testnetDir));
  return TorProcess.launch({
    dataDir: torDataDir(profileDir),
    extraTorrc,
    ...(choice.signal === undefined ? {} : { signal: choice.signal }),
  });
}
