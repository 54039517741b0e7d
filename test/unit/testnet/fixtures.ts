// A small network plan shared by the testnet unit tests (fingerprints are real tor output).
import type { NodePlan, TestnetInfo } from '../../../src/testnet/state.js';

export const NETWORK_DIR = '/var/tmp/burrow-net';

export const PLANS: readonly NodePlan[] = [
  {
    name: 'auth0',
    role: 'authority',
    orPort: 5000,
    controlPort: 5001,
    dirPort: 5002,
    fingerprint: 'DFBA32F96C61D58F16CEA6C9B67359FA8041277E',
    v3ident: 'F12F93A8169A6DAB03398B6BF88096B458228EC2',
  },
  {
    name: 'auth1',
    role: 'authority',
    orPort: 5010,
    controlPort: 5011,
    dirPort: 5012,
    fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567',
    v3ident: '92075C74AC9BE2616D8592D76A013726EC4C3C8C',
  },
  {
    name: 'relay0',
    role: 'relay',
    orPort: 5020,
    controlPort: 5021,
    fingerprint: 'AAAAAAAAAABBBBBBBBBBCCCCCCCCCCDDDDDDDDDD',
  },
  {
    name: 'relay1',
    role: 'relay',
    orPort: 5030,
    controlPort: 5031,
    fingerprint: '1111111111222222222233333333334444444444',
  },
];

export const INFO: TestnetInfo = {
  dir: NETWORK_DIR,
  startedAt: '2026-11-21T11:30:00.000Z',
  ownerPid: 4242,
  nodes: PLANS.map((plan, i) => ({ ...plan, pid: 1000 + i })),
};
