/**
 * What a peer may send us, by where they stand in our contact list (docs/ARCHITECTURE.md "Session
 * protocol" 4). The node checks every received message against {@link mayReceive} with the
 * contact's state *at that moment*, so accepting, blocking or removing mid-session takes effect
 * on the very next message.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { MessageKindName } from '../../protocol/envelope/kinds.js';
import type { Contact, ContactState } from '../store/contacts-repository.js';

/** A contact state, or 'stranger' for an identity we have no contact for. */
export type Standing = ContactState | 'stranger';

/** The inbound gate's verdict (the session upgrader's `GateDecision`). */
export type GateVerdict = 'allow' | 'contact-request-only' | 'refuse';

/**
 * Kinds each standing may send:
 * - a friend: everything, including the group, file and relay blocks (F2F: those services
 *   only ever talk to friends);
 * - someone we sent a request to: their accept, their own request (we both asked: friends),
 *   and the ack of our request;
 * - everyone else (waiting for our answer, rejected, blocked, unknown): a contact request only.
 *   A blocked identity is treated exactly as an unknown or rejected one from outside (its
 *   request is acknowledged and dropped), so it cannot tell it is blocked.
 */
const ALLOWED: Readonly<Record<Standing, ReadonlySet<MessageKindName>>> = {
  friend: new Set<MessageKindName>([
    'contact-request',
    'contact-accept',
    'endpoint-offer',
    'chat-message',
    'ack',
    'read-receipt',
    'ping',
    'pong',
    'group',
    'file',
    'relay',
    'wall',
  ]),
  'outgoing-request': new Set<MessageKindName>(['contact-request', 'contact-accept', 'ack']),
  'incoming-request': new Set<MessageKindName>(['contact-request']),
  rejected: new Set<MessageKindName>(['contact-request']),
  stranger: new Set<MessageKindName>(['contact-request']),
  blocked: new Set<MessageKindName>(['contact-request']),
};

/** The standing of a stored contact (or of nobody). */
export function standingOf(contact: Contact | undefined): Standing {
  return contact?.state ?? 'stranger';
}

/** Whether a peer of this standing may send a message of this kind. */
export function mayReceive(standing: Standing, kind: MessageKindName): boolean {
  return ALLOWED[standing].has(kind);
}

/**
 * The inbound gate: friends get a full session, everyone else may only deliver a contact
 * request (or, if we asked them, answer it). Blocked identities get the same as strangers:
 * dropping them right after the handshake would tell them they are blocked.
 */
export function gateVerdict(standing: Standing): GateVerdict {
  return standing === 'friend' ? 'allow' : 'contact-request-only';
}

/** Lexicographic order of onion addresses, the tie-breaker both sides of a pair compute alike. */
export function compareOnions(a: OnionAddress, b: OnionAddress): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
