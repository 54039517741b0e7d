/**
 * Flood control for groups (rule: "a flood from one member: rate-limited"). Each (group,
 * author) pair has a token bucket for new messages and one for new ops, and all authors
 * together have one more of each, so neither one member nor many can make us store and forward
 * without bound. It reuses the contacts' two-bucket limiter (lib/request-limiter.ts),
 * keyed by group and author instead of by stranger.
 *
 * Only new, verified items are charged: duplicates cost nothing, and a forger cannot empty an
 * honest member's bucket with messages that do not verify. A refused item is not lost: it stays
 * outside our high-water marks, so the next sync fetches it again, at the allowed pace.
 */
import { ContactRequestLimiter } from '../lib/request-limiter.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { HexId } from './ids.js';
import {
  GROUP_MESSAGE_OVERALL_RATE,
  GROUP_MESSAGE_RATE,
  GROUP_OP_OVERALL_RATE,
  GROUP_OP_RATE,
  MAX_RATE_BUCKETS,
} from './limits.js';

/** The buckets of a {@link GroupFloodGuard}; the defaults are in limits.ts. */
export interface GroupRateLimits {
  readonly messagePerMember?: TokenBucketLimits;
  readonly messageOverall?: TokenBucketLimits;
  readonly opPerMember?: TokenBucketLimits;
  readonly opOverall?: TokenBucketLimits;
}

/**
 * Per-member and overall rate limits for new group items.
 *
 * @example
 * ```ts
 * const guard = new GroupFloodGuard(Date.now());
 * if (!guard.allow('message', groupId, message.sender, Date.now())) refuse(groupRateLimited('message'));
 * ```
 */
export class GroupFloodGuard {
  readonly #messages: ContactRequestLimiter;
  readonly #ops: ContactRequestLimiter;

  constructor(now: number, limits: GroupRateLimits = {}) {
    this.#messages = new ContactRequestLimiter(now, {
      perIdentity: limits.messagePerMember ?? GROUP_MESSAGE_RATE,
      overall: limits.messageOverall ?? GROUP_MESSAGE_OVERALL_RATE,
      maxTrackedIdentities: MAX_RATE_BUCKETS,
    });
    this.#ops = new ContactRequestLimiter(now, {
      perIdentity: limits.opPerMember ?? GROUP_OP_RATE,
      overall: limits.opOverall ?? GROUP_OP_OVERALL_RATE,
      maxTrackedIdentities: MAX_RATE_BUCKETS,
    });
  }

  /** Takes a token for one new item by `author` in `groupId`; false means refuse it. */
  allow(kind: 'message' | 'op', groupId: HexId, author: OnionAddress, now: number): boolean {
    return (kind === 'message' ? this.#messages : this.#ops).take(`${groupId}/${author}`, now) === 'allow';
  }
}
