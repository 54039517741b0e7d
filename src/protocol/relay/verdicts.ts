/**
 * What a friend answers about an envelope it was offered or handed (hand-off-codec.ts). One
 * byte per verdict; a number keeps its meaning forever.
 *
 * | byte      | verdict        | meaning                                                        |
 * | --------- | -------------- | -------------------------------------------------------------- |
 * | 0x01      | want           | (answer only) send it                                          |
 * | 0x02      | accepted       | (stored only) I keep it and pass it on                         |
 * | 0x03      | duplicate      | I already have it from someone else                            |
 * | 0x04      | delivered      | it reached its recipient: I hold the receipt (and send it now) |
 * | 0x05      | rejected       | I am its recipient and it is unreadable, forged or unwanted    |
 * | 0x10–0x19 | refusal reasons | I will not keep it (RELAY_REFUSALS)                           |
 */

/** Why a holder does not keep an envelope. */
export const RELAY_REFUSALS = Object.freeze({
  /** Only friends may hand us envelopes. */
  'not-a-friend': 0x10,
  /** The friend sent more than its rate allows; offer it again later. */
  'rate-limited': 0x11,
  /** Its expiry has passed. */
  expired: 0x12,
  /** Its expiry is further away than any sender may ask for. */
  'too-long-lived': 0x13,
  /** It may not be passed on any further (hops 0, not for us), or claims more hops than allowed. */
  'hop-limit': 0x14,
  /** It is bigger than this holder takes. */
  'too-large': 0x15,
  /** The friend already has as many envelopes with us as its quota allows. */
  'quota-count': 0x16,
  /** The friend already has as many bytes with us as its quota allows. */
  'quota-bytes': 0x17,
  /** This holder keeps nothing for anyone right now (its caps are 0). */
  'not-holding': 0x18,
} as const);

/** A refusal reason. */
export type RelayRefusal = keyof typeof RELAY_REFUSALS;

const OUTCOMES = Object.freeze({
  want: 0x01,
  accepted: 0x02,
  duplicate: 0x03,
  delivered: 0x04,
  rejected: 0x05,
} as const);

/** Every verdict, answer and stored together. */
export type RelayVerdict = keyof typeof OUTCOMES | RelayRefusal;

/** Verdicts an answer to an offer may carry. */
export type AnswerVerdict = Exclude<RelayVerdict, 'accepted'>;

/** Verdicts a stored-report after a hand-off may carry. */
export type StoredVerdict = Exclude<RelayVerdict, 'want'>;

/** Verdict bytes, by name. */
export const RELAY_VERDICTS: Readonly<Record<RelayVerdict, number>> = Object.freeze({ ...OUTCOMES, ...RELAY_REFUSALS });

const VERDICT_BY_NUMBER: ReadonlyMap<number, RelayVerdict> = new Map(
  (Object.entries(RELAY_VERDICTS) as [RelayVerdict, number][]).map(([name, n]) => [n, name]),
);

/** The verdict with this byte, or undefined. */
export function relayVerdictName(byte: number): RelayVerdict | undefined {
  return VERDICT_BY_NUMBER.get(byte);
}

/** Whether `verdict` is a refusal reason. */
export function isRelayRefusal(verdict: RelayVerdict): verdict is RelayRefusal {
  return Object.hasOwn(RELAY_REFUSALS, verdict);
}
