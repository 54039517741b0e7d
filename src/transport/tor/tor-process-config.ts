/**
 * What Burrow tells the `tor` it launches, and how it reads back where tor listens. Pure:
 * no disk, no processes (tor-process-launch.ts does those).
 *
 * Layout of a data directory Burrow owns (mode 0700, inside the profile):
 *
 * ```text
 * <dataDir>/torrc            the torrc below, written fresh on every launch
 * <dataDir>/torrc-defaults   empty, passed as --defaults-torrc so /etc/tor/torrc is never read
 * <dataDir>/control-port     ControlPortWriteToFile: "PORT=127.0.0.1:NNNN"
 * <dataDir>/control_auth_cookie
 * <dataDir>/tor.log        only with BURROW_TOR_LOG=1 (tor's log names onion services and times)
 * ```
 */
import { join } from 'node:path';
import type { TorrcEntry } from './torrc.js';

/** Files inside a launched tor's data directory. */
export interface TorProcessPaths {
  readonly dataDir: string;
  readonly torrc: string;
  readonly defaultsTorrc: string;
  readonly controlPortFile: string;
  readonly cookieFile: string;
  readonly logFile: string;
}

/** The paths of the files Burrow and tor keep in `dataDir`. */
export function torProcessPaths(dataDir: string): TorProcessPaths {
  return {
    dataDir,
    torrc: join(dataDir, 'torrc'),
    defaultsTorrc: join(dataDir, 'torrc-defaults'),
    controlPortFile: join(dataDir, 'control-port'),
    cookieFile: join(dataDir, 'control_auth_cookie'),
    logFile: join(dataDir, 'tor.log'),
  };
}

/**
 * Options Burrow sets itself: an extra torrc line for one of these would make tor listen or
 * authenticate somewhere Burrow does not look (or daemonise out of Burrow's hands).
 */
export const MANAGED_TORRC_OPTIONS: ReadonlySet<string> = new Set(
  [
    'DataDirectory',
    'ControlPort',
    'ControlPortWriteToFile',
    'ControlPortFileGroupReadable',
    'CookieAuthentication',
    'CookieAuthFile',
    'RunAsDaemon',
    '__OwningControllerProcess',
  ].map((o) => o.toLowerCase()),
);

/**
 * The torrc for a tor that Burrow launches and owns, followed by `extra` (e.g. a private test
 * network's `DirAuthority`/`TestingTorNetwork` lines, or `DisableNetwork 1`).
 *
 * - `ControlPort auto` + `ControlPortWriteToFile`: tor picks a free port and tells us which
 *   (control-spec §3.1 doesn't fix a port; tor-manual ControlPortWriteToFile).
 * - `CookieAuthentication 1`: only a process that can read the data directory may control tor.
 * - `SocksPort auto IsolateSOCKSAuth ExtendedErrors`: one circuit per SOCKS credential, so
 *   no two friends share a circuit; ExtendedErrors gives SOCKS5 replies 0xF0–0xF7 that say
 *   why an onion connect failed (tor-manual SocksPort flags).
 * - `__OwningControllerProcess`: tor exits if Burrow dies before it sent TAKEOWNERSHIP
 *   (control-spec §3.23).
 * - `Log notice stdout`, so a failed start can quote tor's own words; a log file only when
 *   `logToFile` (debugging): tor's log would lie on disk in plaintext, outside the encrypted
 *   profile, with times that tell when Burrow ran.
 *
 * Throws `TypeError` if `extra` sets one of {@link MANAGED_TORRC_OPTIONS}.
 */
export function launchTorrc(
  paths: TorProcessPaths,
  ownerPid: number,
  extra: readonly TorrcEntry[] = [],
  logToFile = false,
): TorrcEntry[] {
  for (const [option] of extra) {
    if (MANAGED_TORRC_OPTIONS.has(option.toLowerCase()))
      throw new TypeError(`extraTorrc may not set ${option}: Burrow manages it for the tor it launches`);
  }
  return [
    ['DataDirectory', paths.dataDir],
    ['ControlPort', 'auto'],
    ['ControlPortWriteToFile', paths.controlPortFile],
    ['CookieAuthentication', 1],
    ['CookieAuthFile', paths.cookieFile],
    ['SocksPort', 'auto IsolateSOCKSAuth ExtendedErrors'],
    ['__OwningControllerProcess', ownerPid],
    ['AvoidDiskWrites', 1],
    ['Log', 'notice stdout'],
    ...(logToFile ? ([['Log', `notice file ${paths.logFile}`]] as TorrcEntry[]) : []),
    ...extra,
  ];
}

/** A TCP endpoint tor listens on. */
export interface TorEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads the file `ControlPortWriteToFile` wrote: one `PORT=<addr>:<port>` line per TCP
 * control listener (IPv6 as `[::1]:9051`), possibly `UNIX_PORT=<path>` lines. Returns the
 * first TCP listener, or `undefined` if the file holds none (yet).
 */
export function parseControlPortFile(text: string): TorEndpoint | undefined {
  for (const line of text.split('\n')) {
    const match = /^PORT=(.+)$/.exec(line.trim());
    if (match === null) continue;
    const endpoint = parseHostPort(match[1] as string);
    if (endpoint !== undefined) return endpoint;
  }
  return undefined;
}

/**
 * Reads `GETINFO net/listeners/socks` (control-spec §3.9: a space-separated list of quoted
 * `"addr:port"` strings, or `"unix:/path"`). Returns the first TCP listener, or `undefined`
 * when tor has none open (e.g. while `DisableNetwork 1`).
 */
export function parseSocksListeners(value: string): TorEndpoint | undefined {
  for (const word of value.trim().split(/\s+/)) {
    const unquoted = word.replace(/^"(.*)"$/, '$1');
    if (unquoted === '' || unquoted.startsWith('unix:')) continue;
    const endpoint = parseHostPort(unquoted);
    if (endpoint !== undefined) return endpoint;
  }
  return undefined;
}

/** `127.0.0.1:9050` or `[::1]:9050` → endpoint; anything else → `undefined`. */
export function parseHostPort(text: string): TorEndpoint | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9A-Za-z.-]+)):(\d{1,5})$/.exec(text);
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? match[2]) as string, port };
}
