/**
 * Where a test network keeps its files. One directory per network; inside it one directory
 * per tor (its DataDirectory, mode 0700) holding that tor's torrc, log and pid file:
 *
 * ```
 * DIR/BURROW-TESTNET        marker: this directory belongs to `burrow testnet`
 * DIR/testnet.json          state (pids, ports, fingerprints), written once the network is ready
 * DIR/empty                 an empty file: defaults torrc, GeoIP files, resolv.conf
 * DIR/v3bw                  the authorities' bandwidth file (equal weights)
 * DIR/auth0/ … DIR/relay1/  one per tor
 * ```
 */
import { join } from 'node:path';

/** The state file: pids, ports and keys of the network, written once it is ready. */
export const STATE_FILE = 'testnet.json';
/** Marks a directory `burrow testnet start` made: it only ever clears such directories. */
export const MARKER_FILE = 'BURROW-TESTNET';
/** An empty file for `--defaults-torrc`, the GeoIP files and `ServerDNSResolvConfFile`. */
export const EMPTY_FILE = 'empty';
/** The authorities' `V3BandwidthsFile` (bandwidth.ts). */
export const BANDWIDTH_FILE = 'v3bw';
/** Contents of the marker file: tells a human what the directory is. */
export const MARKER_TEXT =
  'This directory holds a private Tor network started by `burrow testnet start`.\nStop it with `burrow testnet stop --dir <this directory>`.\n';

/** What a tor of the network does. */
export type NodeRole = 'authority' | 'relay';

/** Names of the tors, in launch order: `auth0`…, then `relay0`…. Also their tor nicknames. */
export function nodeNames(authorities: number, relays: number): { name: string; role: NodeRole }[] {
  return [
    ...Array.from({ length: authorities }, (_, i) => ({ name: `auth${i}`, role: 'authority' as const })),
    ...Array.from({ length: relays }, (_, i) => ({ name: `relay${i}`, role: 'relay' as const })),
  ];
}

/** Node names are exactly what {@link nodeNames} makes (so a state file cannot point paths elsewhere). */
export const NODE_NAME = /^(auth|relay)[0-9]{1,2}$/;

/** The files of one tor of the network in `dir`. */
export interface NodePaths {
  readonly dataDir: string;
  readonly torrc: string;
  readonly log: string;
  readonly pidFile: string;
  readonly cookieFile: string;
  readonly fingerprintFile: string;
  readonly keysDir: string;
  readonly certificate: string;
}

/** Paths of node `name` in network directory `dir`. */
export function nodePaths(dir: string, name: string): NodePaths {
  const dataDir = join(dir, name);
  const keysDir = join(dataDir, 'keys');
  return {
    dataDir,
    torrc: join(dataDir, 'torrc'),
    log: join(dataDir, 'notice.log'),
    pidFile: join(dataDir, 'tor.pid'),
    // tor's default CookieAuthFile (control-spec §3.24 PROTOCOLINFO names it too).
    cookieFile: join(dataDir, 'control_auth_cookie'),
    // Written by `tor --list-fingerprint` (tor-manual FILES: DataDirectory/fingerprint).
    fingerprintFile: join(dataDir, 'fingerprint'),
    keysDir,
    certificate: join(keysDir, 'authority_certificate'),
  };
}
