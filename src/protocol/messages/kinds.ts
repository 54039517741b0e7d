/**
 * The kind byte of the message envelope (envelope.ts). Numbers are grouped by service so later
 * services get their own block without renumbering anything:
 *
 * | range       | service                                                   |
 * | ----------- | --------------------------------------------------------- |
 * | 0x01–0x0f   | contacts (0x03 is kept for a contact-reject, not sent today: a rejected requester learns nothing) |
 * | 0x10–0x1f   | 1:1 chat                                                  |
 * | 0x20–0x2f   | session upkeep (keepalive)                                |
 * | 0x30–0x3f   | groups (reserved)                                         |
 * | 0x40–0x4f   | files (reserved)                                          |
 * | 0x50–0x5f   | relay / offline delivery (reserved)                       |
 *
 * A number, once released, keeps its meaning forever; an unknown one is refused with
 * `UnknownMessageKindError`.
 */

/** Kind bytes of the messages this version speaks. */
export const MESSAGE_KINDS = Object.freeze({
  'contact-request': 0x01,
  'contact-accept': 0x02,
  'chat-message': 0x10,
  ack: 0x11,
  'read-receipt': 0x12,
  ping: 0x20,
  pong: 0x21,
} as const);

/** The name of a message kind. */
export type MessageKindName = keyof typeof MESSAGE_KINDS;

const BY_NUMBER: ReadonlyMap<number, MessageKindName> = new Map(
  (Object.entries(MESSAGE_KINDS) as [MessageKindName, number][]).map(([name, number]) => [number, name]),
);

/** The kind with this number, or undefined for one this version does not know. */
export function messageKindName(kind: number): MessageKindName | undefined {
  return BY_NUMBER.get(kind);
}
