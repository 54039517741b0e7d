import { describe, expect, it } from 'vitest';
import { dirAuthorityLine, nodeTorrc, testnetClientTorrc, type NetworkPlan } from '../../../src/testnet/torrc.js';
import { renderTorrc, type TorrcEntry } from '../../../src/transport/tor/torrc.js';
import { INFO, NETWORK_DIR, PLANS } from './fixtures.js';

const NETWORK: NetworkPlan = { dir: NETWORK_DIR, nodes: PLANS, votingStartOffset: 3 };
const [AUTH0, AUTH1, RELAY0] = PLANS as [(typeof PLANS)[0], (typeof PLANS)[0], (typeof PLANS)[0]];

/** The values of `option` in `entries`, in order. */
function values(entries: readonly TorrcEntry[], option: string): string[] {
  return entries.filter(([name]) => name === option).map(([, value]) => String(value));
}

const DIR_AUTHORITIES = [
  'auth0 orport=5000 no-v2 v3ident=F12F93A8169A6DAB03398B6BF88096B458228EC2 127.0.0.1:5002 DFBA32F96C61D58F16CEA6C9B67359FA8041277E',
  'auth1 orport=5010 no-v2 v3ident=92075C74AC9BE2616D8592D76A013726EC4C3C8C 127.0.0.1:5012 0123456789ABCDEF0123456789ABCDEF01234567',
];

describe('dirAuthorityLine', () => {
  it('follows tor(1) DirAuthority: nickname orport= no-v2 v3ident= address fingerprint', () => {
    if (AUTH0.role !== 'authority') throw new Error('fixture');
    expect(dirAuthorityLine(AUTH0)).toBe(DIR_AUTHORITIES[0]);
  });
});

describe('nodeTorrc', () => {
  it('gives an authority its ports, keys, voting timings and the bandwidth file', () => {
    const torrc = nodeTorrc(AUTH1, NETWORK);
    const expected: [string, string][] = [
      ['TestingTorNetwork', '1'],
      ['DataDirectory', `${NETWORK_DIR}/auth1`],
      ['Nickname', 'auth1'],
      ['RunAsDaemon', '1'],
      ['PidFile', `${NETWORK_DIR}/auth1/tor.pid`],
      ['Log', `notice file ${NETWORK_DIR}/auth1/notice.log`],
      ['ControlPort', '127.0.0.1:5011'],
      ['CookieAuthentication', '1'],
      ['SocksPort', '0'],
      ['Address', '127.0.0.1'],
      ['ORPort', '127.0.0.1:5010'],
      ['DirPort', '127.0.0.1:5012'],
      ['AssumeReachable', '1'],
      ['ExitRelay', '0'],
      ['ExitPolicy', 'reject *:*'],
      ['ServerDNSResolvConfFile', `${NETWORK_DIR}/empty`],
      ['ServerDNSDetectHijacking', '0'],
      ['ServerDNSTestAddresses', ''],
      ['GeoIPFile', `${NETWORK_DIR}/empty`],
      ['GeoIPv6File', `${NETWORK_DIR}/empty`],
      ['Schedulers', 'Vanilla'],
      ['ShutdownWaitLength', '0'],
      ['AuthoritativeDirectory', '1'],
      ['V3AuthoritativeDirectory', '1'],
      ['TestingDirAuthVoteGuard', '*'],
      ['TestingDirAuthVoteHSDir', '*'],
      ['AuthDirVoteStableGuaranteeMinUptime', '0'],
      ['AuthDirVoteStableGuaranteeMTBF', '0'],
      ['TestingMinExitFlagThreshold', '0'],
      ['V3AuthNIntervalsValid', '2'],
      ['TestingV3AuthInitialVotingInterval', '5'],
      ['TestingV3AuthInitialVoteDelay', '2'],
      ['TestingV3AuthInitialDistDelay', '2'],
      ['V3AuthVotingInterval', '10'],
      ['V3AuthVoteDelay', '2'],
      ['V3AuthDistDelay', '2'],
      ['TestingV3AuthVotingStartOffset', '3'],
      ['V3BandwidthsFile', `${NETWORK_DIR}/v3bw`],
    ];
    for (const [option, value] of expected) expect(values(torrc, option), option).toEqual([value]);
    expect(values(torrc, 'DirAuthority')).toEqual(DIR_AUTHORITIES);
    expect(values(torrc, 'ContactInfo')).toHaveLength(1);
  });

  it('gives a relay no authority settings and no DirPort', () => {
    const torrc = nodeTorrc(RELAY0, NETWORK);
    expect(values(torrc, 'ORPort')).toEqual(['127.0.0.1:5020']);
    expect(values(torrc, 'ControlPort')).toEqual(['127.0.0.1:5021']);
    expect(values(torrc, 'DirAuthority')).toEqual(DIR_AUTHORITIES);
    for (const option of [
      'DirPort',
      'AuthoritativeDirectory',
      'V3AuthoritativeDirectory',
      'V3BandwidthsFile',
      'TestingV3AuthVotingStartOffset',
      'TestingDirAuthVoteHSDir',
    ]) {
      expect(values(torrc, option), option).toEqual([]);
    }
  });

  it('binds every address to 127.0.0.1', () => {
    for (const plan of PLANS) {
      const torrc = nodeTorrc(plan, NETWORK);
      for (const option of ['ORPort', 'DirPort', 'ControlPort'])
        for (const value of values(torrc, option)) expect(value).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(values(torrc, 'SocksPort')).toEqual(['0']);
    }
  });

  it('ties every tor to the owner process only when there is one', () => {
    expect(values(nodeTorrc(AUTH0, NETWORK), '__OwningControllerProcess')).toEqual([]);
    expect(values(nodeTorrc(AUTH0, { ...NETWORK, ownerPid: 777 }), '__OwningControllerProcess')).toEqual(['777']);
    expect(values(nodeTorrc(RELAY0, { ...NETWORK, ownerPid: 777 }), '__OwningControllerProcess')).toEqual(['777']);
  });

  it('renders to a torrc tor can read (one option per line)', () => {
    const text = renderTorrc(nodeTorrc(AUTH0, NETWORK));
    expect(text).toContain(`\nDirAuthority ${DIR_AUTHORITIES[1]}\n`);
    expect(text.split('\n').filter((line) => line.startsWith('DataDirectory '))).toEqual([
      `DataDirectory ${NETWORK_DIR}/auth0`,
    ]);
  });
});

describe('testnetClientTorrc', () => {
  it('is what a client needs to join: TestingTorNetwork, every authority, no entry guards, shared settings', () => {
    expect(testnetClientTorrc(INFO)).toEqual([
      ['TestingTorNetwork', 1],
      ...DIR_AUTHORITIES.map((line) => ['DirAuthority', line]),
      ['UseEntryGuards', 0],
      ['Schedulers', 'Vanilla'],
      ['ShutdownWaitLength', 0],
      ['GeoIPFile', `${NETWORK_DIR}/empty`],
      ['GeoIPv6File', `${NETWORK_DIR}/empty`],
    ]);
  });

  it('leaves ports, data directory and process options to the client', () => {
    const options = new Set(testnetClientTorrc(INFO).map(([option]) => option));
    for (const option of [
      'SocksPort',
      'ControlPort',
      'DataDirectory',
      'RunAsDaemon',
      '__OwningControllerProcess',
      'ORPort',
    ])
      expect(options.has(option), option).toBe(false);
  });
});
