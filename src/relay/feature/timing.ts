/**
 * The relay feature's timers (docs/ARCHITECTURE.md "Conventions": limits are named constants);
 * app/node-timing.ts joins them to the host's so tests override both in one `timing` option.
 */
import { DEFAULT_OFFLINE_GRACE_MS } from '../limits.js';

/**
 * How often the relay drops expired envelopes and notices its own that expired undelivered
 * (envelopes live for days, so a minute is precise enough).
 */
export const RELAY_SWEEP_INTERVAL_MS = 60_000;

/** The relay's timers; each defaults to the constant of the same meaning. */
export interface RelayTiming {
  /** A friend offline this long gets what waits for them sealed and handed to friends (relay/limits.ts DEFAULT_OFFLINE_GRACE_MS). */
  readonly relayGraceMs: number;
  readonly relaySweepIntervalMs: number;
}

/** The production timing. */
export const DEFAULT_RELAY_TIMING: RelayTiming = Object.freeze({
  relayGraceMs: DEFAULT_OFFLINE_GRACE_MS,
  relaySweepIntervalMs: RELAY_SWEEP_INTERVAL_MS,
});
