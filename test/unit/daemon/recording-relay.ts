/**
 * A RelayApi double for the daemon socket tests: every call is recorded through `record` and
 * answered with a fixed view (these tests check the socket protocol, not the relay).
 */
import type { RelayApi, RelayLimitsView, RelayStatusView } from '../../../src/relay/feature/api.js';

type Record = <T>(name: string, args: unknown[], value: T) => Promise<T>;

/** The limits the double reports. */
export const RELAY_LIMITS: RelayLimitsView = {
  maxEnvelopesPerFriend: 1000,
  maxBytesPerFriend: 16_777_216,
  maxHeldEnvelopes: 5000,
  maxHeldBytes: 67_108_864,
  maxOwnEnvelopes: 1000,
  maxEnvelopeBytes: 32_892,
  maxLifetimeS: 604_800,
};

/** The status the double reports. */
export const RELAY_STATUS: RelayStatusView = {
  held: { envelopes: 1, bytes: 1200 },
  perFriend: [{ onion: 'them', envelopes: 1, bytes: 1200 }],
  limits: RELAY_LIMITS,
  outgoing: [],
  tracked: 1,
  inbox: 0,
  graceMs: 30_000,
};

/** The double. */
export function recordingRelay(record: Record): RelayApi {
  return {
    status: () => record('relay.status', [], RELAY_STATUS),
    setLimits: (change) => record('relay.setLimits', [change], { ...RELAY_LIMITS, ...change }),
  };
}
