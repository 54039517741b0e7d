/**
 * The limits one {@link RelayHolder} enforces, with their defaults (limits.ts). The node
 * overrides the per-friend quotas from the `relay.*` preferences.
 */
import { invalidArgument } from '../lib/argument-checks.js';
import { MAX_ENVELOPE_BYTES } from '../protocol/relay/limits.js';
import {
  DEFAULT_MAX_BYTES_PER_FRIEND,
  DEFAULT_MAX_ENVELOPES_PER_FRIEND,
  DEFAULT_MAX_HELD_BYTES,
  DEFAULT_MAX_HELD_ENVELOPES,
  DEFAULT_MAX_OWN_ENVELOPES,
  MAX_CLOCK_SKEW_S,
  MAX_ENVELOPE_LIFETIME_S,
  MAX_FORWARD_FANOUT,
  MAX_REMEMBERED_ENVELOPES,
} from './limits.js';

/** What a holder keeps at most. */
export interface HolderLimits {
  /** Envelopes one friend may have us hold (0: hold nothing for anyone). */
  readonly maxEnvelopesPerFriend: number;
  /** Bytes one friend may have us hold. */
  readonly maxBytesPerFriend: number;
  /** Envelopes held for all friends together. */
  readonly maxHeldEnvelopes: number;
  /** Bytes held for all friends together. */
  readonly maxHeldBytes: number;
  /** Our own envelopes kept for hand-off. */
  readonly maxOwnEnvelopes: number;
  /** Largest single envelope we take. */
  readonly maxEnvelopeBytes: number;
  /** Ids remembered after their copy is gone. */
  readonly maxRemembered: number;
  /** Friends we pass one envelope on to. */
  readonly maxFanOut: number;
  /** Longest lifetime we accept, in seconds. */
  readonly maxLifetimeS: number;
  /** Clock skew allowed on expiries, in seconds. */
  readonly clockSkewS: number;
}

/** The defaults, from limits.ts. */
export const DEFAULT_HOLDER_LIMITS: HolderLimits = Object.freeze({
  maxEnvelopesPerFriend: DEFAULT_MAX_ENVELOPES_PER_FRIEND,
  maxBytesPerFriend: DEFAULT_MAX_BYTES_PER_FRIEND,
  maxHeldEnvelopes: DEFAULT_MAX_HELD_ENVELOPES,
  maxHeldBytes: DEFAULT_MAX_HELD_BYTES,
  maxOwnEnvelopes: DEFAULT_MAX_OWN_ENVELOPES,
  maxEnvelopeBytes: MAX_ENVELOPE_BYTES,
  maxRemembered: MAX_REMEMBERED_ENVELOPES,
  maxFanOut: MAX_FORWARD_FANOUT,
  maxLifetimeS: MAX_ENVELOPE_LIFETIME_S,
  clockSkewS: MAX_CLOCK_SKEW_S,
});

/** The defaults with `overrides` applied; throws `InvalidArgumentError` on a value that is not a non-negative safe integer. */
export function holderLimits(overrides: Partial<HolderLimits> = {}): HolderLimits {
  const limits = { ...DEFAULT_HOLDER_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw invalidArgument(`limits.${name}`, 'a non-negative integer');
  }
  return limits;
}
