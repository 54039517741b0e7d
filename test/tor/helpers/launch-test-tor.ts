/**
 * `launchTestTor()`: a client tor joined to the suite's private Tor network (started by
 * test/tor/global-setup.ts) with a `TorTransport` over it. Stop it in `afterAll`.
 *
 * @example
 * ```ts
 * let alice: TestTor;
 * beforeAll(async () => { alice = await launchTestTor(); });
 * afterAll(() => alice?.stop());
 * // alice.transport.listen(…), alice.tor.control.getInfo(…), alice.tor.socksEndpoint
 * ```
 */
import { inject } from 'vitest';
import { launchTestnetTor, type LaunchTestnetTorOptions, type TestTor } from '../../shared/testnet-tor.js';

export type { TestTor } from '../../shared/testnet-tor.js';

/** Launches a client tor on the suite's network; see {@link launchTestnetTor} for the options. */
export function launchTestTor(options: Omit<LaunchTestnetTorOptions, 'testnetDir'> = {}): Promise<TestTor> {
  return launchTestnetTor({ testnetDir: inject('testnetDir'), ...options });
}
