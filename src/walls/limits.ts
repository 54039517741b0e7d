/**
 * The limits of walls (docs/PROTOCOL.md "Walls"). A wall item travels as the text of a group
 * message, so every item, header included, fits the group text limit.
 */
import { MAX_GROUP_TEXT_BYTES } from '../protocol/groups/limits.js';

/**
 * The name every wall's group carries: how a wall is told apart from a group chat. Only the
 * group's creator (its owner) can post on it, whatever other admins it gets.
 */
export const WALL_GROUP_NAME = 'burrow-wall/1';

/** The first line of every wall item: the format and the item's type follow it. */
export const WALL_ITEM_MAGIC = 'burrow-wall/1';

/** Room kept for an item's header line (magic, type, a 64-character target id, spaces, newline). */
export const WALL_ITEM_HEADER_BYTES = 128;

/** Most UTF-8 bytes of a post's or a comment's text: the header fits beside it in one group message. */
export const MAX_WALL_TEXT_BYTES = MAX_GROUP_TEXT_BYTES - WALL_ITEM_HEADER_BYTES;

/** The most entries of one wall's group history the node reads for one view (its posts, comments and reactions). */
export const MAX_WALL_ENTRIES_READ = 20_000;
