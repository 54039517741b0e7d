/**
 * The fold of group actions (src/groups/message-actions.ts), pure: who may edit, delete, react
 * and set the timer; an action before its target; a delete beating a concurrent edit; replays;
 * and the same result whatever order the messages are held in (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { ChatAction } from '../../../src/protocol/chat/chat-action.js';
import { foldGroupActions, isHistoryLine, type VerifiedGroupMessage } from '../../../src/groups/index.js';

const ADA = 'a'.repeat(56) as OnionAddress; // admin
const BOB = 'b'.repeat(56) as OnionAddress;
const CYD = 'c'.repeat(56) as OnionAddress;
const isAdmin = (member: OnionAddress): boolean => member === ADA;

let next = 0;
/** What the fold reads of a verified message (id, sender, clock, content). */
function message(sender: OnionAddress, at: number, text: string, action?: ChatAction): VerifiedGroupMessage {
  const id = (next++).toString(16).padStart(64, '0');
  const content = { type: 'text' as const, text, ...(action === undefined ? {} : { action }) };
  return { id, sender, createdAt: at, content, redacted: false, gone: false } as unknown as VerifiedGroupMessage;
}
const on = (target: VerifiedGroupMessage, kind: 'edit' | 'delete' | 'react'): ChatAction => ({
  kind,
  target: new Uint8Array(Buffer.from(target.id, 'hex')),
});

describe('group actions', () => {
  it('lets only the author edit, the author or an admin delete, and keeps the later edit', () => {
    const post = message(BOB, 1, 'helo');
    const edit1 = message(BOB, 5, 'hello', on(post, 'edit'));
    const edit0 = message(BOB, 3, 'hell', on(post, 'edit'));
    const forged = message(CYD, 9, 'bob is wrong', on(post, 'edit'));
    const folded = foldGroupActions([post, edit1, edit0, forged], isAdmin);
    expect(folded.fateOf(post.id)).toMatchObject({ text: 'hello', editedAt: 5, deleted: false });
    expect([...folded.textless].sort()).toEqual([post.id, edit0.id, forged.id].sort());

    const notAdmin = message(CYD, 10, '', on(post, 'delete'));
    expect(foldGroupActions([post, notAdmin], isAdmin).fateOf(post.id)?.deleted).toBe(false);
    const moderation = message(ADA, 10, '', on(post, 'delete'));
    const deleted = foldGroupActions([post, edit1, moderation], isAdmin);
    expect(deleted.fateOf(post.id)).toMatchObject({ text: '', deleted: true });
    expect([...deleted.textless].sort()).toEqual([post.id, edit1.id].sort());
  });

  it('holds an action until its target is there, and a delete beats an edit written after it', () => {
    const post = message(BOB, 1, 'secret');
    const remove = message(BOB, 2, '', on(post, 'delete'));
    const lateEdit = message(BOB, 3, 'not so secret', on(post, 'edit'));
    expect(foldGroupActions([remove, lateEdit], isAdmin).fateOf(post.id)).toBeUndefined();
    const folded = foldGroupActions([remove, lateEdit, post], isAdmin);
    expect(folded.fateOf(post.id)).toMatchObject({ text: '', deleted: true });
    expect(folded.textless.has(lateEdit.id)).toBe(true);
  });

  it('keeps one emoji per member, drops what is not one emoji, and nothing on a tombstone', () => {
    const post = message(ADA, 1, 'lunch?');
    const reactions = [
      message(BOB, 2, '👍', on(post, 'react')),
      message(CYD, 3, '👍', on(post, 'react')),
      message(CYD, 4, '❤️', on(post, 'react')),
      message(BOB, 5, '', on(post, 'react')),
      message(ADA, 6, 'lol', on(post, 'react')),
    ];
    const fate = foldGroupActions([post, ...reactions], isAdmin).fateOf(post.id);
    expect([...fate!.reactions]).toEqual([[CYD, '❤️']]);
    const gone = foldGroupActions([post, ...reactions, message(ADA, 9, '', on(post, 'delete'))], isAdmin);
    expect(gone.fateOf(post.id)?.reactions.size).toBe(0);
  });

  it('takes only an admin’s timer, the latest in display order, and shows only lines', () => {
    const byAdmin = message(ADA, 1, '', { kind: 'timer', seconds: 3600 });
    const byMember = message(CYD, 2, '', { kind: 'timer', seconds: 5 });
    const folded = foldGroupActions([byAdmin, byMember], isAdmin);
    expect(folded.timer?.seconds).toBe(3600);
    expect(isHistoryLine(byAdmin, isAdmin)).toBe(true);
    expect(isHistoryLine(byMember, isAdmin)).toBe(false);
    const post = message(BOB, 1, 'x');
    expect(isHistoryLine(message(BOB, 2, 'y', on(post, 'edit')), isAdmin)).toBe(false);
    expect(
      isHistoryLine(
        message(BOB, 2, 'y', { kind: 'reply', target: new Uint8Array(Buffer.from(post.id, 'hex')) }),
        isAdmin,
      ),
    ).toBe(true);
  });

  it('ends in the same state whatever order the messages are held in', () => {
    const post = message(BOB, 1, 'v0');
    const actions = [
      message(BOB, 4, 'v2', on(post, 'edit')),
      message(BOB, 2, 'v1', on(post, 'edit')),
      message(BOB, 4, 'v2b', on(post, 'edit')),
      message(CYD, 5, '👍', on(post, 'react')),
      message(ADA, 6, '🎉', on(post, 'react')),
      message(CYD, 7, 'forged', on(post, 'edit')),
      message(ADA, 3, '', on(post, 'delete')),
    ];
    const summary = (held: readonly VerifiedGroupMessage[], upTo: number) => {
      const folded = foldGroupActions(held.slice(0, upTo), isAdmin);
      const fate = folded.fateOf(post.id);
      return JSON.stringify([
        fate?.text,
        fate?.deleted,
        [...(fate?.reactions ?? [])].sort(),
        [...folded.textless].sort(),
      ]);
    };
    const all = [post, ...actions];
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length }), fc.boolean(), (order, dropDelete) => {
        const held = dropDelete ? order.filter((item) => item.content.action?.kind !== 'delete') : order;
        const reference = dropDelete ? all.filter((item) => item.content.action?.kind !== 'delete') : all;
        expect(summary(held, held.length)).toBe(summary(reference, reference.length));
      }),
    );
  });
});
