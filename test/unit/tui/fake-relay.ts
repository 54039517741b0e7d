/**
 * The relay part of the TUI's NodeApi test double (fake-node.ts): a status to show and limits
 * that change when set; every command recorded.
 */
import type { RelayApi, RelayLimitsChange, RelayLimitsView, RelayStatusView } from '../../../src/relay/feature/api.js';

/** What the fake needs from the fake node around it. */
export interface FakeRelayHost {
  record(method: string, ...args: unknown[]): void;
}

/** The fake. `statusView` is public so a test can set what the node would report. */
export class FakeRelay implements RelayApi {
  readonly #host: FakeRelayHost;
  statusView: RelayStatusView = {
    held: { envelopes: 0, bytes: 0 },
    perFriend: [],
    limits: {
      maxEnvelopesPerFriend: 1000,
      maxBytesPerFriend: 16_777_216,
      maxHeldEnvelopes: 5000,
      maxHeldBytes: 67_108_864,
      maxOwnEnvelopes: 1000,
      maxEnvelopeBytes: 32_892,
      maxLifetimeS: 604_800,
    },
    outgoing: [],
    tracked: 0,
    inbox: 0,
    graceMs: 30_000,
  };

  constructor(host: FakeRelayHost) {
    this.#host = host;
  }

  status(): Promise<RelayStatusView> {
    this.#host.record('relay.status');
    return Promise.resolve(this.statusView);
  }

  setLimits(change: RelayLimitsChange): Promise<RelayLimitsView> {
    this.#host.record('relay.setLimits', change);
    this.statusView = { ...this.statusView, limits: { ...this.statusView.limits, ...change } };
    return Promise.resolve(this.statusView.limits);
  }
}
