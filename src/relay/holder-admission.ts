/**
 * Which envelopes a holder refuses before storing anything (the "Refused" rules of holder.ts):
 * checked on an offer and again when the envelope itself arrives. The expiry rule also applies
 * to envelopes addressed to us (engine.ts), which are never stored for anyone.
 */
import type { OfferEntry } from '../protocol/relay/hand-off-codec.js';
import type { RelayRefusal } from '../protocol/relay/verdicts.js';
import type { HolderLimits } from './holder-limits.js';
import type { Usage } from './usage-ledger.js';

/** An expiry already past, or further off than the longest lifetime plus the clock skew (unix seconds). */
export function expiryRefusal(
  expiry: number,
  now: number,
  limits: HolderLimits,
): 'expired' | 'too-long-lived' | undefined {
  if (expiry <= now) return 'expired';
  if (expiry > now + limits.maxLifetimeS + limits.clockSkewS) return 'too-long-lived';
  return undefined;
}

/** Why a holder refuses to keep `entry` for a friend already using `usage`, or undefined to take it. */
export function admissionRefusal(
  entry: Pick<OfferEntry, 'tag' | 'expiry' | 'hops' | 'size'>,
  usage: Usage,
  context: { readonly limits: HolderLimits; readonly now: number },
): RelayRefusal | undefined {
  const { limits, now } = context;
  const expiry = expiryRefusal(entry.expiry, now, limits);
  if (expiry !== undefined) return expiry;
  if (entry.size > limits.maxEnvelopeBytes || entry.size > limits.maxBytesPerFriend || entry.size > limits.maxHeldBytes)
    return 'too-large';
  // No hops left: a delivery attempt, which only its recipient takes (the engine asks the
  // recipient's side first); we can neither pass it on nor tell whom it is for.
  if (entry.hops === 0) return 'hop-limit';
  if (limits.maxEnvelopesPerFriend === 0 || limits.maxHeldEnvelopes === 0) return 'not-holding';
  if (usage.count + 1 > limits.maxEnvelopesPerFriend) return 'quota-count';
  if (usage.bytes + entry.size > limits.maxBytesPerFriend) return 'quota-bytes';
  return undefined;
}
