/**
 * The relay part of the NodeApi test double (fake-node.ts): a status to show and limits that
 * change when set; every command recorded. {@link RELAY_STATUS} is also the sample status the
 * ctl formatting tests print.
 */
import type { RelayApi, RelayLimitsChange, RelayLimitsView, RelayStatusView } from '../../../src/relay/feature/api.js';

/** The limits the fake reports (the node's defaults). */
export const RELAY_LIMITS: RelayLimitsView = {
  maxEnvelopesPerFriend: 1000,
  maxBytesPerFriend: 16_777_216,
  maxHeldEnvelopes: 5000,
  maxHeldBytes: 67_108_864,
  maxOwnEnvelopes: 1000,
  maxEnvelopeBytes: 32_892,
  maxLifetimeS: 604_800,
};

/** A status with one envelope held for one friend. */
export const RELAY_STATUS: RelayStatusView = {
  held: { envelopes: 1, bytes: 1200 },
  perFriend: [{ onion: 'them', envelopes: 1, bytes: 1200 }],
  limits: RELAY_LIMITS,
  outgoing: [],
  tracked: 1,
  inbox: 0,
  graceMs: 30_000,
};

/** What the fake needs from the fake node around it. */
export interface FakeRelayHost {
  record(method: string, ...args: unknown[]): void;
}

/** The fake. `statusView` is public so a test can set what the node would report. */
export class FakeRelay implements RelayApi {
  readonly #host: FakeRelayHost;
  statusView: RelayStatusView = RELAY_STATUS;

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
