/**
 * The TUI's limits, in one place (docs/ARCHITECTURE.md "Conventions": limits are named constants with their values
 * documented where they live).
 */

/** The node refuses a message larger than this many UTF-8 bytes (MessageTooLongError). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * The input line holds at most this many UTF-16 code units. A paste that would go past it is
 * refused whole (with a notice) rather than cut somewhere the user did not choose. Twice the
 * message limit leaves room to paste something slightly too long and trim it.
 */
export const MAX_INPUT_CHARS = 2 * MAX_MESSAGE_BYTES;

/** Messages fetched per history page (the node allows up to 500). */
export const HISTORY_PAGE_SIZE = 200;

/** Lines kept in the input history (Up/Down). */
export const INPUT_HISTORY_LIMIT = 100;

/** Rows the input line grows to before it scrolls. */
export const MAX_INPUT_ROWS = 4;

/** Below this size the UI shows a "terminal too small" notice instead of the layout. */
export const MIN_COLUMNS = 30;
/** See MIN_COLUMNS. */
export const MIN_ROWS = 8;

/** Below this width the sidebar is hidden and conversations are switched with keys only. */
export const SIDEBAR_MIN_TOTAL_COLUMNS = 60;

/** A profile name (shown to friends when they add us) is at most this many characters. */
export const MAX_PROFILE_NAME_CHARS = 64;

/** Passphrases shorter than this are refused at profile creation (the same rule as `burrow init`). */
export { MIN_NEW_PASSPHRASE_CHARS as MIN_PASSPHRASE_CHARS } from '../lib/passphrase-rules.js';

/** Longest passphrase a field takes (a paste of a whole file is not a passphrase). */
export const MAX_PASSPHRASE_CHARS = 1024;

/** A nickname (local only) is at most this many characters. */
export const MAX_NICKNAME_CHARS = 64;

/** Spaces a tab in a message is drawn as (terminals disagree about tab stops). */
export const TAB_WIDTH = 4;
