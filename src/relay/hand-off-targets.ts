/**
 * Whom a holder offers a held envelope to, and with what hop count (the "Forwarding" rules of
 * holder.ts). Holders cannot tell whom an envelope is for (tag.ts), so:
 *
 * - our own envelope goes to its recipient as a delivery (we know whom we wrote to) and to
 *   every other friend online as a forward (the more paths, the less one withholding friend
 *   matters);
 * - one we carry for someone else goes as a forward (hops ≥ 1, the holder may keep and pass it
 *   on) to at most maxFanOut friends, one while it is on a stem (stem.ts), and as a delivery
 *   attempt (hops 0) to every other friend online: only its recipient takes a copy with no
 *   hops left, the others refuse it ('hop-limit') at the cost of one offer entry. So a
 *   recipient among our friends is always reached, as when holders could recognise tags.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { HolderLimits } from './holder-limits.js';
import { isOnStem } from './stem.js';
import { fanOut, type TrackedEnvelope } from './tracked-envelope.js';

/** What the rules need from the holder. */
export interface HandOffContext {
  readonly limits: HolderLimits;
  /** The recipient of one of our own envelopes; undefined for anyone else's (we cannot know). */
  readonly recipientOf: (id: Uint8Array) => OnionAddress | undefined;
}

/** One offer to make: to `friend`, with `hops`. */
export interface HandOffTarget {
  readonly friend: OnionAddress;
  readonly hops: number;
  /** `friend` is the recipient of our own envelope (a delivery we know to be one). */
  readonly toRecipient?: true;
}

function isLive(record: TrackedEnvelope, now: number): boolean {
  return record.state === 'held' && record.expiry > now;
}

/**
 * Of `connected`, the friends to pass `record` on to as a forward: it has hops to give, they
 * have not seen it, are not its recipient (that is a delivery), and the fan-out has room.
 */
export function forwardTargets(
  record: TrackedEnvelope,
  connected: Iterable<OnionAddress>,
  now: number,
  context: HandOffContext,
): OnionAddress[] {
  if (!isLive(record, now)) return [];
  return liveForwardTargets(
    record,
    connected,
    context,
    record.owner === undefined ? context.recipientOf(record.id) : undefined,
  );
}

/** {@link forwardTargets} of a live record whose recipient (our own envelope's, else undefined) the caller looked up. */
function liveForwardTargets(
  record: TrackedEnvelope,
  connected: Iterable<OnionAddress>,
  context: HandOffContext,
  recipient: OnionAddress | undefined,
): OnionAddress[] {
  const own = record.owner === undefined;
  // Someone else's copy with no hops to give goes out only as delivery attempts.
  if (record.passOnHops < (own ? 0 : 1)) return [];
  const limit = own ? Number.POSITIVE_INFINITY : isOnStem(record) ? 1 : context.limits.maxFanOut;
  let room = limit - fanOut(record);
  const out: OnionAddress[] = [];
  for (const friend of connected) {
    if (room <= 0) break;
    if (record.peers.has(friend) || friend === recipient) continue;
    out.push(friend);
    room--;
  }
  return out;
}

/**
 * Everyone of `connected` to offer `record` to now: the recipient of our own envelope, the
 * forwards, and (for someone else's) a delivery attempt to each other friend that has not seen it.
 */
export function handOffTargets(
  record: TrackedEnvelope,
  connected: readonly OnionAddress[],
  now: number,
  context: HandOffContext,
): HandOffTarget[] {
  if (!isLive(record, now)) return [];
  const out: HandOffTarget[] = [];
  const recipient = record.owner === undefined ? context.recipientOf(record.id) : undefined;
  if (recipient !== undefined && connected.includes(recipient) && !record.peers.has(recipient))
    out.push({ friend: recipient, hops: 0, toRecipient: true });
  const forwards = liveForwardTargets(record, connected, context, recipient);
  for (const friend of forwards) out.push({ friend, hops: record.passOnHops });
  if (record.owner !== undefined) {
    for (const friend of connected)
      if (!record.peers.has(friend) && !forwards.includes(friend)) out.push({ friend, hops: 0 });
  }
  return out;
}
