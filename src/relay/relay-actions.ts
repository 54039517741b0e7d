/**
 * What the relay engine asks the node to do (engine.ts has the order rules), and the relay
 * messages it sends: verdict lists sorted by id and cut to MAX_RELAY_LIST_ENTRIES per message,
 * as the wire lists require (src/protocol/relay/fields.ts).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { OfferEntry, VerdictEntry } from '../protocol/relay/hand-off-codec.js';
import { MAX_RELAY_LIST_ENTRIES } from '../protocol/relay/limits.js';
import type { RelayMessage } from '../protocol/relay/relay-message-codec.js';
import type { AnswerVerdict, StoredVerdict } from '../protocol/relay/verdicts.js';
import { compareBytes } from '../protocol/sorted-fields.js';
import { logger, sensitive } from '../log.js';
import type { OutgoingChange } from './outgoing-tracker.js';
import type { Release } from './tracked-envelope.js';
import type { VerifiedInnerMessage } from './verify-inner.js';

const log = logger('relay');

/**
 * The messages nothing answers, which a friend is owed until they handled them: sent again
 * (`RelayEngine.undelivered`) when their session closed before they could have.
 */
export const OWED_UNTIL_HANDLED: ReadonlySet<RelayMessage['type']> = new Set([
  'relay-receipt',
  'relay-withdraw',
  'relay-dropped',
]);

/** What the node must do, in order. */
export type RelayAction =
  /** Send `message` to friend `to` over its session (as one 'relay' session message). */
  | { readonly type: 'send'; readonly to: OnionAddress; readonly message: RelayMessage }
  /** Hand a verified message to its service (chat or groups); store it before later actions. */
  | { readonly type: 'deliver'; readonly message: VerifiedInnerMessage }
  /** An outgoing envelope changed state (for the message's status in the UI and store). */
  | { readonly type: 'outgoing'; readonly change: OutgoingChange };

/** Sends `message` to `to`. */
export function send(to: OnionAddress, message: RelayMessage): RelayAction {
  return { type: 'send', to, message };
}

/** The message that carries a release: a receipt or a withdrawal. */
export function releaseMessage(release: Release): RelayMessage {
  return release.kind === 'receipt'
    ? { type: 'relay-receipt', receipt: release.receipt }
    : { type: 'relay-withdraw', withdrawal: release.withdrawal };
}

/** Offers of `entries` to `to`. */
export function offers(to: OnionAddress, entries: readonly OfferEntry[]): RelayAction[] {
  return chunks([...entries].sort(byId)).map((chunk) => send(to, { type: 'relay-offer', entries: chunk }));
}

/** Our answers to `to`'s offer. */
export function answers(to: OnionAddress, verdicts: readonly VerdictEntry<AnswerVerdict>[]): RelayAction[] {
  return chunks([...verdicts].sort(byId)).map((chunk) => send(to, { type: 'relay-answer', verdicts: chunk }));
}

/** What we did with the envelope `id` that `to` handed us. */
export function stored(to: OnionAddress, id: Uint8Array, verdict: StoredVerdict): RelayAction {
  return send(to, { type: 'relay-stored', verdicts: [{ id, verdict }] });
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_RELAY_LIST_ENTRIES) out.push(items.slice(i, i + MAX_RELAY_LIST_ENTRIES));
  return out;
}

const byId = <T extends { readonly id: Uint8Array }>(a: T, b: T): number => compareBytes(a.id, b.id);

/** Our answer to relay traffic from someone who is not a friend: offers and envelopes refused, the rest ignored. */
export function refuseStranger(from: OnionAddress, message: RelayMessage): RelayAction[] {
  log.debug('refused relay traffic from someone who is not a friend', { peer: sensitive(from), type: message.type });
  if (message.type === 'relay-offer')
    return answers(
      from,
      message.entries.map(({ id }) => ({ id, verdict: 'not-a-friend' as const })),
    );
  if (message.type === 'relay-envelope') return [stored(from, message.envelope.id, 'not-a-friend')];
  return [];
}
