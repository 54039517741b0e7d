/**
 * The kind byte of the message envelope (envelope.ts). Numbers are grouped by service so later
 * services get their own block without renumbering anything:
 *
 * | range       | service                                                   |
 * | ----------- | --------------------------------------------------------- |
 * | 0x01–0x0f   | contacts (0x03 is kept for a contact-reject, not sent today: a rejected requester learns nothing; 0x04 endpoint offer) |
 * | 0x10–0x1f   | 1:1 chat                                                  |
 * | 0x20–0x2f   | session upkeep (keepalive)                                |
 * | 0x30–0x3f   | groups (numbers in protocol/groups/group-wire.ts)   |
 * | 0x40–0x4f   | files (numbers in protocol/files/file-message-codec.ts) |
 * | 0x50        | relay / offline delivery (protocol/relay; its own type byte follows) |
 * | 0x60–0x6f   | walls (numbers in protocol/walls/wall-wire.ts)            |
 *
 * A number, once released, keeps its meaning forever; an unknown one is refused with
 * `UnknownMessageKindError`.
 */

/** Kind bytes of the messages this version speaks. */
export const MESSAGE_KINDS = Object.freeze({
  'contact-request': 0x01,
  'contact-accept': 0x02,
  'endpoint-offer': 0x04,
  'chat-message': 0x10,
  ack: 0x11,
  'read-receipt': 0x12,
  ping: 0x20,
  pong: 0x21,
} as const);

/** The kind byte of every relay message (the relay codec's own type byte follows it). */
export const RELAY_ENVELOPE_KIND = 0x50;

/**
 * The name of a message kind: one per kind byte for the core kinds, and one per service for
 * the blocks whose codecs live with their service ('group', 'file', 'relay', 'wall').
 */
export type MessageKindName = keyof typeof MESSAGE_KINDS | 'group' | 'file' | 'relay' | 'wall';

type CoreKindName = keyof typeof MESSAGE_KINDS;

const BY_NUMBER: ReadonlyMap<number, CoreKindName> = new Map(
  (Object.entries(MESSAGE_KINDS) as [CoreKindName, number][]).map(([name, number]) => [number, name]),
);

/** The core kind with this number, or undefined (service blocks are decoded by their codecs). */
export function messageKindName(kind: number): CoreKindName | undefined {
  return BY_NUMBER.get(kind);
}
