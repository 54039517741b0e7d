/**
 * Wall items as the text inside signed wall entries (docs/PROTOCOL.md "Walls"): a header line naming the
 * format, the item's type and its target, then the body.
 *
 * ```
 * burrow-wall/1 post\n<text>
 * burrow-wall/1 comment <post id>\n<text>
 * burrow-wall/1 react <post id>\n<one emoji, or nothing to take the reaction back>
 * burrow-wall/1 delete <post or comment id>\n
 * burrow-wall/1 edit <post or comment id> <its post id> <its created_at>\n<the new text>
 * ```
 *
 * Ids are entry ids (walls/wall-entry.ts), 64 lowercase hex characters. An edit names the post
 * it belongs to (itself, for a post) and the edited item's created_at (unix ms, decimal): once
 * the edited entry is scrubbed from every disk (walls/wall-fold.ts `superseded`), the latest
 * edit alone stands for it. Decoding is strict: any other header, an id or time in another
 * form, an empty or oversized text, a body on a delete or a reaction that is not one emoji is a
 * {@link wallItemMalformed} error.
 */
import { isSingleEmoji, MAX_REACTION_BYTES } from '../lib/single-emoji.js';
import { invalidWallReaction, wallItemMalformed, wallTextTooLong } from './errors.js';
import { MAX_WALL_TEXT_BYTES, WALL_ITEM_MAGIC } from './limits.js';

/** An entry id, 64 lowercase hex characters. */
export type WallItemId = string;

/** One thing said on a wall. */
export type WallItem =
  | { readonly type: 'post'; readonly text: string }
  | { readonly type: 'comment'; readonly post: WallItemId; readonly text: string }
  | { readonly type: 'react'; readonly post: WallItemId; readonly emoji: string }
  | { readonly type: 'delete'; readonly target: WallItemId }
  | {
      readonly type: 'edit';
      readonly target: WallItemId;
      /** The post the target is (a post's own id) or is under. */
      readonly post: WallItemId;
      /** The target's created_at, unix ms. */
      readonly targetCreatedAt: number;
      readonly text: string;
    };

const ID = /^[0-9a-f]{64}$/;
/** A unix ms time in decimal, no sign, no leading zero, at most 2^53 − 1. */
const TIME = /^(0|[1-9][0-9]{0,15})$/;
const encoder = new TextEncoder();

function checkText(text: string): void {
  const bytes = encoder.encode(text).length;
  if (bytes < 1 || bytes > MAX_WALL_TEXT_BYTES) throw wallTextTooLong();
}

function checkReaction(emoji: string): void {
  if (emoji !== '' && (encoder.encode(emoji).length > MAX_REACTION_BYTES || !isSingleEmoji(emoji)))
    throw invalidWallReaction();
}

/**
 * The text of `item` (signed inside an entry, walls/wall-entry.ts). Throws `WallTextTooLongError` or `InvalidWallReactionError`
 * for what the user typed (target ids come from the wall's own views).
 *
 * @example
 * ```ts
 * encodeWallItem({ type: 'post', text: 'hello, friends' }); // 'burrow-wall/1 post\nhello, friends'
 * ```
 */
export function encodeWallItem(item: WallItem): string {
  switch (item.type) {
    case 'post':
      checkText(item.text);
      return `${WALL_ITEM_MAGIC} post\n${item.text}`;
    case 'comment':
      checkText(item.text);
      return `${WALL_ITEM_MAGIC} comment ${checkedId(item.post)}\n${item.text}`;
    case 'react':
      checkReaction(item.emoji);
      return `${WALL_ITEM_MAGIC} react ${checkedId(item.post)}\n${item.emoji}`;
    case 'delete':
      return `${WALL_ITEM_MAGIC} delete ${checkedId(item.target)}\n`;
    case 'edit':
      checkText(item.text);
      return `${WALL_ITEM_MAGIC} edit ${checkedId(item.target)} ${checkedId(item.post)} ${checkedTime(item.targetCreatedAt)}\n${item.text}`;
  }
}

function checkedTime(time: number): number {
  if (!Number.isSafeInteger(time) || time < 0) throw wallItemMalformed('time');
  return time;
}

function checkedId(id: string): string {
  if (!ID.test(id)) throw wallItemMalformed('target id');
  return id;
}

/** Reads an entry's text as a wall item; throws `WallItemMalformedError` for anything else. */
export function decodeWallItem(text: string): WallItem {
  if (typeof text !== 'string') throw wallItemMalformed('not text');
  const newline = text.indexOf('\n');
  if (newline < 0) throw wallItemMalformed('no header line');
  const header = text.slice(0, newline).split(' ');
  const body = text.slice(newline + 1);
  if (header[0] !== WALL_ITEM_MAGIC) throw wallItemMalformed('format');
  const [, type, target, ...extra] = header;
  if (type === 'edit') return decodeEdit(target, extra, body);
  if (extra.length > 0) throw wallItemMalformed('header');
  if (type === 'post') {
    if (target !== undefined) throw wallItemMalformed('header');
    return { type, text: readText(body) };
  }
  if (target === undefined || !ID.test(target)) throw wallItemMalformed('target id');
  switch (type) {
    case 'comment':
      return { type, post: target, text: readText(body) };
    case 'react':
      try {
        checkReaction(body);
      } catch {
        throw wallItemMalformed('reaction');
      }
      return { type, post: target, emoji: body };
    case 'delete':
      if (body !== '') throw wallItemMalformed('delete body');
      return { type, target };
    default:
      throw wallItemMalformed('type');
  }
}

function decodeEdit(target: string | undefined, rest: readonly string[], body: string): WallItem {
  const [post, time, ...extra] = rest;
  if (extra.length > 0 || post === undefined || time === undefined) throw wallItemMalformed('header');
  if (target === undefined || !ID.test(target) || !ID.test(post)) throw wallItemMalformed('target id');
  const targetCreatedAt = TIME.test(time) ? Number(time) : NaN;
  if (!Number.isSafeInteger(targetCreatedAt)) throw wallItemMalformed('time');
  return { type: 'edit', target, post, targetCreatedAt, text: readText(body) };
}

function readText(body: string): string {
  try {
    checkText(body);
  } catch {
    throw wallItemMalformed('text length');
  }
  return body;
}
