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
});
