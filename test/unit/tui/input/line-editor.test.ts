import { describe, expect, it } from 'vitest';
import * as editing from '../../../../src/tui/input/line-editor.js';
import type { EditorState } from '../../../../src/tui/input/line-editor.js';

const at = (text: string, cursor = text.length): EditorState => ({ text, cursor });

describe('line editor', () => {
  it('inserts at the cursor', () => {
    expect(editing.insert(at('held', 2), 'XY')).toEqual(at('heXYld', 4));
  });

  it('erases and moves by grapheme, not by UTF-16 unit', () => {
    const family = '👨‍👩‍👧';
    expect(editing.backspace(at(`a${family}`))).toEqual(at('a'));
    expect(editing.moveLeft(at(`a${family}`))).toEqual(at(`a${family}`, 1));
    expect(editing.moveRight(at(`e\u0301x`, 0))).toEqual(at('e\u0301x', 2));
    expect(editing.deleteForward(at(`${family}b`, 0))).toEqual(at('b', 0));
    expect(editing.backspace(at('abc', 0))).toEqual(at('abc', 0));
  });

  it('moves and kills within the current line of a multi-line input', () => {
    const text = 'first line\nsecond line';
    expect(editing.moveLineStart(at(text, 15)).cursor).toBe(11);
    expect(editing.moveLineEnd(at(text, 2)).cursor).toBe(10);
    expect(editing.killToLineStart(at(text, 18))).toEqual(at('first line\nline', 11));
    expect(editing.killToLineEnd(at(text, 5))).toEqual(at('first\nsecond line', 5));
  });

  it('moves and deletes by word', () => {
    expect(editing.moveWordLeft(at('one two  three')).cursor).toBe(9);
    expect(editing.moveWordRight(at('one two three', 3)).cursor).toBe(7);
    expect(editing.deleteWordBefore(at('one two three'))).toEqual(at('one two ', 8));
  });

  it('moves up and down between lines, and says when there is no line there', () => {
    const text = 'abc\nde\nfghij';
    expect(editing.moveUp(at(text, 1))).toBeUndefined();
    expect(editing.moveUp(at(text, 6))?.cursor).toBe(2);
    expect(editing.moveDown(at(text, 2))?.cursor).toBe(6);
    expect(editing.moveDown(at(text, 5))?.cursor).toBe(8);
    expect(editing.moveDown(at(text, 9))).toBeUndefined();
  });

  it('cleans typed and pasted text of escape sequences and control characters', () => {
    expect(editing.cleanTypedText('a\u001b[31mred\u001b[0m\r\nb\tc\u0007')).toBe('ared\nb    c');
  });
});
