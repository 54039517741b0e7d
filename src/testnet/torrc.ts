/**
 * torrc entries for the tors of a private network on 127.0.0.1, and for clients that join it.
 * Every setting and its reason is in docs/TESTNET.md ("torrc settings"); option meanings
 * are tor's manual (tor(1)).
 */
import { join } from 'node:path';
import { testnetCommonTorrc, type TorrcEntry } from '../transport/tor/torrc.js';
import { BANDWIDTH_FILE, EMPTY_FILE, nodePaths } from './layout.js';
import type { AuthorityPlan, NodePlan, TestnetInfo } from './state.js';
import { TESTNET_VOTING, type VotingTimings } from './voting.js';

/** Everything binds here: the network never leaves the machine. */
export const LOOPBACK = '127.0.0.1';

/** How the network as a whole is configured (what every node's torrc depends on). */
export interface NetworkPlan {
  /** Absolute network directory. */
  readonly dir: string;
  readonly nodes: readonly NodePlan[];
  /** `__OwningControllerProcess`: every tor exits when this process does. */
  readonly ownerPid?: number;
  /** `TestingV3AuthVotingStartOffset` for the authorities (see voting.ts). */
  readonly votingStartOffset: number;
  readonly timings?: VotingTimings;
}

/**
 * The `DirAuthority` value for one authority (tor(1), DirAuthority):
 * `<nickname> orport=<port> no-v2 v3ident=<v3ident> 127.0.0.1:<dirport> <fingerprint>`.
 */
export function dirAuthorityLine(authority: AuthorityPlan): string {
  return `${authority.name} orport=${authority.orPort} no-v2 v3ident=${authority.v3ident} ${LOOPBACK}:${authority.dirPort} ${authority.fingerprint}`;
}

/** `DirAuthority` entries for every authority in `nodes`: every tor of the network, clients included, lists them all. */
export function dirAuthorityEntries(nodes: readonly NodePlan[]): TorrcEntry[] {
  return nodes
    .filter((node): node is AuthorityPlan => node.role === 'authority')
    .map((authority) => ['DirAuthority', dirAuthorityLine(authority)] as const);
}

/** The full torrc of one authority or relay of the network. */
export function nodeTorrc(node: NodePlan, network: NetworkPlan): TorrcEntry[] {
  const paths = nodePaths(network.dir, node.name);
  const empty = join(network.dir, EMPTY_FILE);
  const entries: TorrcEntry[] = [
    ['TestingTorNetwork', 1],
    ['DataDirectory', paths.dataDir],
    ['Nickname', node.name],
    // Daemonised, tor returns once its ports are bound; the PidFile then gives us its pid.
    ['RunAsDaemon', 1],
    ['PidFile', paths.pidFile],
    ['Log', `notice file ${paths.log}`],
    ['ControlPort', `${LOOPBACK}:${node.controlPort}`],
    ['CookieAuthentication', 1],
    ...testnetCommonTorrc(empty),
    ['SocksPort', 0],
    ['Address', LOOPBACK],
    ['ORPort', `${LOOPBACK}:${node.orPort}`],
    // No self-test of reachability: upload the descriptor at once.
    ['AssumeReachable', 1],
    ['ExitRelay', 0],
    ['ExitPolicy', 'reject *:*'],
    // Keep tor from reading /etc/resolv.conf and probing DNS (there is no internet).
    ['ServerDNSResolvConfFile', empty],
    ['ServerDNSDetectHijacking', 0],
    ['ServerDNSTestAddresses', ''],
    ...dirAuthorityEntries(network.nodes),
  ];
  if (network.ownerPid !== undefined) entries.push(['__OwningControllerProcess', network.ownerPid]);
  if (node.role === 'authority') entries.push(...authorityEntries(node, network));
  return entries;
}

function authorityEntries(authority: AuthorityPlan, network: NetworkPlan): TorrcEntry[] {
  const timings = network.timings ?? TESTNET_VOTING;
  return [
    ['DirPort', `${LOOPBACK}:${authority.dirPort}`],
    ['AuthoritativeDirectory', 1],
    ['V3AuthoritativeDirectory', 1],
    ['ContactInfo', `burrow testnet authority ${authority.name}`],
    // Every relay is a Guard and an HSDir, and Stable from the start: onion-service circuits need Stable relays.
    ['TestingDirAuthVoteGuard', '*'],
    ['TestingDirAuthVoteHSDir', '*'],
    ['AuthDirVoteStableGuaranteeMinUptime', 0],
    ['AuthDirVoteStableGuaranteeMTBF', 0],
    ['TestingMinExitFlagThreshold', 0],
    ['V3AuthNIntervalsValid', 2],
    ['TestingV3AuthInitialVotingInterval', timings.initialInterval],
    ['TestingV3AuthInitialVoteDelay', timings.initialVoteDelay],
    ['TestingV3AuthInitialDistDelay', timings.initialDistDelay],
    ['V3AuthVotingInterval', timings.interval],
    ['V3AuthVoteDelay', timings.voteDelay],
    ['V3AuthDistDelay', timings.distDelay],
    ['TestingV3AuthVotingStartOffset', network.votingStartOffset],
    // Equal measured bandwidth for every relay (bandwidth.ts says why).
    ['V3BandwidthsFile', join(network.dir, BANDWIDTH_FILE)],
  ];
}

/**
 * What a client tor needs to join the network in `info`: `TestingTorNetwork 1`, every
 * `DirAuthority`, `UseEntryGuards 0`, and the settings all test-network tors share. A client
 * appends these to its own torrc (SocksPort, ControlPort, DataDirectory are its business).
 *
 * `UseEntryGuards 0`: onion-service circuits do not exclude their pre-chosen last hop when
 * picking the guard, and with one guard in a 5-relay network about 1 start in 4 built
 * guard→X→guard circuits that always failed (docs/TESTNET.md, "Tiny-network path selection").
 *
 * @example
 * const torrc = renderTorrc([...myClientEntries, ...testnetClientTorrc(readTestnet(dir))]);
 */
export function testnetClientTorrc(info: TestnetInfo): TorrcEntry[] {
  return [
    ['TestingTorNetwork', 1],
    ...dirAuthorityEntries(info.nodes),
    ['UseEntryGuards', 0],
    ...testnetCommonTorrc(join(info.dir, EMPTY_FILE)),
  ];
}
