/**
 * A private Tor network on 127.0.0.1 for tests and demos (`burrow testnet`; docs/ARCHITECTURE.md "Real
 * Tor in tests"; measured settings in docs/TESTNET.md).
 *
 * @example
 * const info = await startTestnet({ dir, ownerPid: process.pid });
 * const clientTorrc = testnetClientTorrc(info); // append to a client tor's torrc
 * await waitForOnionReadiness(control, info.nodes.length);
 * await stopTestnet(dir);
 */
export {
  startTestnet,
  DEFAULT_AUTHORITIES,
  DEFAULT_RELAYS,
  MIN_TOTAL_RELAYS,
  type StartTestnetOptions,
  type TestnetProgress,
} from './start.js';
export { stopTestnet, TestnetStopError } from './stop.js';
export { testnetStatus, type TestnetStatus, type TestnetStatusOptions, type TestnetProcessStatus } from './status.js';
export { readTestnet } from './state-file.js';
export { testnetClientTorrc } from './torrc.js';
export { waitForOnionReadiness, ONION_READINESS_TIMEOUT_MS, type OnionReadinessOptions } from './readiness.js';
export type { TestnetInfo, TestnetNode, AuthorityPlan, RelayPlan } from './state.js';
export { TestnetNotRunningError, TestnetStateError, TestnetStartError, TestnetOptionsError } from './errors.js';
