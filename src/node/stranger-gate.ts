/**
 * The room strangers get at the gate (docs/ARCHITECTURE.md "Session protocol" 4): a couple of
 * sessions per identity, a bounded number in all, and when every place is taken, the oldest
 * stranger that has said nothing yet makes room — so one stranger, or a crowd of throwaway
 * identities, cannot shut the door on a genuine contact request. Friends, and peers whose
 * accept of our own request we await, never reach this check.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import type { GateDecision } from '../session/upgrade.js';
import type { LinkTable } from './links.js';
import { MAX_NON_FRIEND_SESSIONS, MAX_SESSIONS_PER_STRANGER } from './node-timing.js';

const log = logger('node');

/**
 * Whether stranger `peer` gets its request-only session: 'refuse' when it holds its share of
 * sessions already or every place is taken by a request under way; otherwise 'contact-request-only',
 * after closing the oldest silent stranger if that is what makes room.
 */
export function admitStranger(links: LinkTable, peer: OnionAddress): GateDecision {
  if (links.strangerSessionsOf(peer) >= MAX_SESSIONS_PER_STRANGER) {
    log.info('stranger refused at the gate: it already holds its share of sessions', { peer: sensitive(peer) });
    return 'refuse';
  }
  if (links.strangerCount >= MAX_NON_FRIEND_SESSIONS) {
    const silent = links.oldestSilentStranger();
    if (silent === undefined) {
      log.info('stranger refused at the gate: every place is taken by a request under way', { peer: sensitive(peer) });
      return 'refuse';
    }
    log.info('closing the oldest silent stranger session to make room', { peer: sensitive(silent.peer) });
    links.setStranger(silent, false);
    void silent.close();
  }
  return 'contact-request-only';
}
