/** The wall rules (walls/wall-fold.ts): who may post, comment, react and delete, in any order of deletes. */
import { describe, expect, it } from 'vitest';
import { foldWall, type WallEntry } from '../../../src/walls/wall-fold.js';

let next = 0;
function entry(sender: string, text: string): WallEntry<string> {
  next++;
  return { id: next.toString(16).padStart(64, '0'), sender, person: sender, text, createdAt: next };
}
const post = (sender: string, text: string): WallEntry<string> => entry(sender, `burrow-wall/1 post\n${text}`);
const comment = (sender: string, target: WallEntry<string>, text: string): WallEntry<string> =>
  entry(sender, `burrow-wall/1 comment ${target.id}\n${text}`);
const react = (sender: string, target: WallEntry<string>, emoji: string): WallEntry<string> =>
  entry(sender, `burrow-wall/1 react ${target.id}\n${emoji}`);
const remove = (sender: string, target: WallEntry<string>): WallEntry<string> =>
  entry(sender, `burrow-wall/1 delete ${target.id}\n`);
const edit = (sender: string, target: WallEntry<string>, onPost: WallEntry<string>, text: string): WallEntry<string> =>
  entry(sender, `burrow-wall/1 edit ${target.id} ${onPost.id} ${target.createdAt}\n${text}`);

describe('folding a wall', () => {
  it('keeps only the owner’s posts and comments on posts of this wall', () => {
    const own = post('owner', 'hello');
    const forged = post('mallory', 'I am the owner');
    const onForged = comment('bob', forged, 'reply to the forgery');
    const wall = foldWall('owner', [own, forged, onForged, comment('bob', own, 'hi'), entry('bob', 'plain text')]);
    expect(wall.posts.map((shown) => shown.text)).toEqual(['hello']);
    expect(wall.posts[0]!.comments.map((shown) => shown.text)).toEqual(['hi']);
    expect(wall.refused).toBe(3);
  });

  it('keeps one reaction per person, the latest, and an empty one takes it back', () => {
    const own = post('owner', 'hello');
    const wall = foldWall('owner', [
      own,
      react('bob', own, '👍'),
      react('cyd', own, '👍'),
      react('bob', own, '🎉'),
      react('cyd', own, ''),
      react('dee', own, '🎉'),
    ]);
    expect(wall.posts[0]!.reactions).toEqual([{ emoji: '🎉', by: ['bob', 'dee'] }]);
  });

  it('lets authors delete their items and the owner any comment, wherever the delete stands', () => {
    const own = post('owner', 'hello');
    const fromBob = comment('bob', own, 'by bob');
    const fromCyd = comment('cyd', own, 'by cyd');
    const fromDee = comment('dee', own, 'by dee');
    const deleteBeforeTarget = remove('owner', fromDee);
    const wall = foldWall('owner', [
      own,
      deleteBeforeTarget,
      fromBob,
      fromCyd,
      fromDee,
      remove('bob', fromBob),
      remove('cyd', own),
      remove('bob', fromCyd),
    ]);
    expect(wall.posts[0]!.comments.map((shown) => shown.text)).toEqual(['by cyd']);
    expect(wall.refused).toBe(2);
    expect(foldWall('owner', [own, fromBob, remove('owner', own)]).posts).toEqual([]);
  });

  it('shows the latest edit by the author alone, and supersedes every earlier text', () => {
    const own = post('owner', 'helo');
    const fromBob = comment('bob', own, 'nice');
    const first = edit('owner', own, own, 'hello');
    const second = edit('owner', own, own, 'hello, friends');
    const byMallory = edit('mallory', own, own, 'I rewrote it');
    const bobFixes = edit('bob', fromBob, own, 'nice one');
    const ownerRewritesBob = edit('owner', fromBob, own, 'bob agrees with everything');
    const wall = foldWall('owner', [own, fromBob, first, second, byMallory, bobFixes, ownerRewritesBob]);
    expect(wall.posts[0]).toMatchObject({ text: 'hello, friends', edited: true, createdAt: own.createdAt });
    expect(wall.posts[0]!.comments[0]).toMatchObject({ text: 'nice one', edited: true, authorOnion: 'bob' });
    expect(wall.refused).toBe(2);
    expect(wall.superseded).toEqual(new Set([own.id, first.id, fromBob.id]));
  });

  it('lets a delete beat any edit, and supersedes everything of a deleted post, its comments too', () => {
    const own = post('owner', 'hello');
    const fromBob = comment('bob', own, 'nice');
    const fixed = edit('bob', fromBob, own, 'nice one');
    const other = post('owner', 'second');
    const wall = foldWall('owner', [own, fromBob, remove('owner', own), fixed, other]);
    expect(wall.posts.map((shown) => shown.text)).toEqual(['second']);
    expect(wall.superseded).toEqual(new Set([own.id, fromBob.id, fixed.id]));
  });

  it('lets the latest edit stand for an item whose own entry was scrubbed', () => {
    const own = post('owner', 'helo');
    const fromBob = comment('bob', own, 'nic');
    const postFix = edit('owner', own, own, 'hello');
    const commentFix = edit('bob', fromBob, own, 'nice');
    // A reader who syncs after both were scrubbed holds only the edits (and later items).
    const wall = foldWall('owner', [commentFix, postFix, react('cyd', own, '👍')]);
    expect(wall.posts).toEqual([
      expect.objectContaining({
        id: own.id,
        text: 'hello',
        edited: true,
        createdAt: own.createdAt,
        comments: [expect.objectContaining({ id: fromBob.id, text: 'nice', authorOnion: 'bob', edited: true })],
        reactions: [{ emoji: '👍', by: ['cyd'] }],
      }),
    ]);
    expect(wall.superseded).toEqual(new Set());
    // An edit of a post by anyone but the owner stands for nothing.
    expect(foldWall('owner', [edit('mallory', own, own, 'my post now')]).posts).toEqual([]);
    // A delete of what is no longer held is not refused: it took the item away already.
    expect(foldWall('owner', [remove('owner', fromBob)]).refused).toBe(0);
  });
});
