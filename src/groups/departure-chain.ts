/**
 * Which messages of a former member count (resolve.ts R5). A departure op (a `leave`, or an
 * admin's `remove`) names, per epoch, the seq and id of the member's last message that counts.
 * Every message carries `prev`, the id of its sender's previous message in the epoch, so the
 * messages that count are that last one and the chain its `prev` fields lead back to.
 *
 * Why this holds against the departed member: an id is the hash of the signed message, so the
 * chain was fixed when the departure op was signed. A leaver who names a huge cut-off gets
 * nothing for it (only messages they wrote before leaving are on the chain), and a removed
 * member cannot slip a backdated message into a gap (its id is not the `prev` of the message
 * after the gap). Why it converges: whether a message is on the chain depends on the op and the
 * messages alone, never on arrival order. A message whose successor has not arrived yet waits
 * (group-replica.ts keeps it in its bounded backlog) instead of being judged early.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { CutoffFacts, GroupState } from './group-state.js';
import type { HexId } from './ids.js';

/** What the rule reads of a message. */
export interface ChainFacts {
  readonly id: HexId;
  readonly epoch: HexId;
  readonly sender: OnionAddress;
  readonly seq: number;
}

/**
 * Whether a message counts now, may count once its successor (same sender and epoch, seq + 1)
 * is held, or never will.
 */
export type PostVerdict = 'counts' | 'waits' | 'refused';

/**
 * The verdict on `message` in `state`. `successorPrev` is the `prev` of the held message that
 * follows it (same sender, epoch, seq + 1), if one is held: held messages of a former member
 * all count (group-replica.ts keeps it so), so a match puts `message` on the chain.
 */
export function postVerdict(state: GroupState, message: ChainFacts, successorPrev: HexId | undefined): PostVerdict {
  if (state.members.has(message.sender)) return 'counts';
  const cutoff = state.departed.get(message.sender)?.cutoffs.get(message.epoch);
  if (cutoff === undefined || message.seq > cutoff.seq) return 'refused';
  if (message.seq === cutoff.seq) return message.id === cutoff.last ? 'counts' : 'refused';
  if (successorPrev === undefined) return 'waits';
  return successorPrev === message.id ? 'counts' : 'refused';
}

/** What {@link recheckHeld} decided for held messages that no longer count. */
export interface RecheckOutcome<M> {
  /** Off the chain (or past the cut-off): never count. */
  readonly refused: readonly M[];
  /** Below a gap in the chain: may count once the message after them arrives. */
  readonly waiting: readonly M[];
}

/**
 * Judges the held messages again after a membership change: a former member's messages are
 * walked from the highest seq down, so each one's successor has been judged before it.
 */
export function recheckHeld<M extends ChainFacts & { readonly prev: HexId }>(
  state: GroupState,
  held: Iterable<M>,
): RecheckOutcome<M> {
  const tracks = new Map<string, M[]>();
  for (const message of held) {
    if (state.members.has(message.sender)) continue;
    const key = `${message.epoch}/${message.sender}`;
    let track = tracks.get(key);
    if (track === undefined) tracks.set(key, (track = []));
    track.push(message);
  }
  const refused: M[] = [];
  const waiting: M[] = [];
  for (const track of tracks.values()) {
    const kept = new Map<number, M>();
    for (const message of track.sort((a, b) => b.seq - a.seq)) {
      const verdict = postVerdict(state, message, kept.get(message.seq + 1)?.prev);
      if (verdict === 'counts') kept.set(message.seq, message);
      else (verdict === 'waits' ? waiting : refused).push(message);
    }
  }
  return { refused, waiting };
}

/**
 * The messages that departure ops among `ops` name as last, those `held` has. They travel with
 * the op (group-engine.ts forwards them): the member's earlier messages count only through them.
 */
export function namedLastMessages<M>(
  ops: readonly { readonly cutoffs: ReadonlyMap<HexId, CutoffFacts> | undefined }[],
  held: (id: HexId) => M | undefined,
): M[] {
  return ops.flatMap((op) => [...(op.cutoffs?.values() ?? [])].flatMap((cutoff) => held(cutoff.last) ?? []));
}
