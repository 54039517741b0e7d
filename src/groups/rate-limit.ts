/**
 * Flood control for groups (rule: "a flood from one member: rate-limited"). Each (group,
 * author) pair has a token bucket for new messages and one for new ops, and all authors
 * together have one more of each, so neither one member nor many can make us store and forward
 * without bound. It reuses the contacts' two-bucket limiter (lib/request-limiter.ts),
 * keyed by group and author instead of by stranger.
 *
 * Messages are also charged their size against a per-member budget of stored bytes
 * (lib/stored-bytes-budget.ts). When either refuses a member's item, the user is told (a `throttled`
 * event, at most once per THROTTLE_NOTICE_INTERVAL_MS per group and member).
 *
 * Only new, verified items are charged: duplicates cost nothing, and a forger cannot empty an
 * honest member's bucket with messages that do not verify. A refused item is not lost: it stays
 * outside our high-water marks, so the next sync fetches it again, at the allowed pace.
 */
import { ContactRequestLimiter } from '../lib/request-limiter.js';
import { THROTTLE_NOTICE_INTERVAL_MS, ThrottleNotices } from '../lib/throttle-notices.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { groupRateLimited } from './errors.js';
import type { HexId } from './ids.js';
import {
  GROUP_MESSAGE_OVERALL_RATE,
  GROUP_MESSAGE_RATE,
  GROUP_OP_OVERALL_RATE,
  GROUP_OP_RATE,
  GROUP_STORED_BYTES_PER_MEMBER,
  MAX_RATE_BUCKETS,
} from './limits.js';
import type { ItemAdmission } from './message-intake.js';
import { StoredBytesBudget, type StoredBytesLimits } from '../lib/stored-bytes-budget.js';

/** The buckets of a {@link GroupFloodGuard}; the defaults are in limits.ts. */
export interface GroupRateLimits {
  readonly messagePerMember?: TokenBucketLimits;
  readonly messageOverall?: TokenBucketLimits;
  readonly opPerMember?: TokenBucketLimits;
  readonly opOverall?: TokenBucketLimits;
  readonly storedBytesPerMember?: StoredBytesLimits;
}

/** Which limit throttled a member: their message or op rate, or their budget of stored bytes. */
export type ThrottledLimit = 'messages' | 'ops' | 'bytes';

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
  readonly #bytes: StoredBytesBudget;
  /** When each group/member was last reported throttled. */
  readonly #notices = new ThrottleNotices(THROTTLE_NOTICE_INTERVAL_MS, MAX_RATE_BUCKETS);

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
    this.#bytes = new StoredBytesBudget(limits.storedBytesPerMember ?? GROUP_STORED_BYTES_PER_MEMBER);
  }

  /**
   * The admission of new items of `groupId` at `now`: charges each its rate token (and a
   * message its bytes), refuses it over a limit, and calls `throttled` when the user should hear.
   */
  admission(
    groupId: HexId,
    now: number,
    throttled: (member: OnionAddress, limit: ThrottledLimit) => void,
  ): ItemAdmission {
    return (item) => {
      const isOp = 'kind' in item;
      const author = isOp ? item.author : item.sender;
      let limit: ThrottledLimit | undefined;
      if (!this.allow(isOp ? 'op' : 'message', groupId, author, now)) limit = isOp ? 'ops' : 'messages';
      else if (!isOp && !this.#bytes.take(`${groupId}/${author}`, item.wire.ciphertext.length, now)) limit = 'bytes';
      if (limit === undefined) return undefined;
      if (this.#notices.shouldTell(`${groupId}/${author}`, now)) throttled(author, limit);
      return groupRateLimited(isOp ? 'op' : 'message');
    };
  }

  /** Takes a token for one new item by `author` in `groupId`; false means refuse it. */
  allow(kind: 'message' | 'op', groupId: HexId, author: OnionAddress, now: number): boolean {
    return (kind === 'message' ? this.#messages : this.#ops).take(`${groupId}/${author}`, now) === 'allow';
  }
}
