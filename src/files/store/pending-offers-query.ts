/**
 * How much a friend has waiting in our store as offers we have not answered (the files offer
 * budget, src/files/offer-budget.ts): a count, and the bytes of those offers' manifests.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { Query, Sql } from '../../store/sql.js';
import { checkedOnion } from '../../store/validate.js';

/** A friend's unanswered offers to us (offer-budget.ts `PendingOffers`). */
export interface PendingOffersFrom {
  readonly count: number;
  readonly bytes: number;
}

/** The one query. */
export class PendingOffersQuery {
  readonly #query: Query<{ count: number; bytes: number }>;

  constructor(sql: Sql) {
    this.#query = sql.prepare(
      `SELECT count(*) AS count,
              coalesce(sum(length(m.chunk_hashes) + length(CAST(m.name AS BLOB))), 0) AS bytes
       FROM file_offers o JOIN file_manifests m ON m.file_id = o.file_id
       WHERE o.peer = @peer AND o.direction = 'in' AND o.state = 'offered'`,
    );
  }

  /** `peer`'s offers to us in state 'offered', and their manifests' bytes (name and hash list). */
  from(peer: OnionAddress): PendingOffersFrom {
    return this.#query.get({ peer: checkedOnion(peer) }) ?? { count: 0, bytes: 0 };
  }
}
