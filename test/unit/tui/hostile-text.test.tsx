/**
 * Text from peers must not reach the terminal with any control or escape sequence in it
 * (rule: "a hostile message cannot move the cursor, change the title or print a link").
 * Ink styles our own text with SGR colour codes (ESC [ … m), so the check removes exactly
 * those and then demands that no ESC, 8-bit CSI/OSC/DCS, BEL or other control is left, and
 * that none of the hostile payloads' own bytes made it.
 */
import { describe, expect, it } from 'vitest';
import { contact, FakeNode, message, onion } from '../../shared/fake-node/index.js';
import { recordingEffects, startMain, waitForFrame } from './harness.js';

const ESC = '\u001b';
const HOSTILE = [
  'before',
  `${ESC}[2J${ESC}[H${ESC}[10;10H${ESC}[5A`, // clear screen, cursor home, cursor moves
  `${ESC}]0;pwned title\u0007`, // OSC 0: window title
  `${ESC}]8;;https://evil.example/phish${ESC}\\click here${ESC}]8;;${ESC}\\`, // OSC 8 hyperlink
  `${ESC}[38;2;255;0;0m${ESC}[5mred blinking${ESC}[0m`, // SGR truecolour + blink
  '\u009b2J\u009d0;eight bit title\u009c', // 8-bit CSI and OSC
  `${ESC}P+q544e${ESC}\\`, // DCS (XTGETTCAP: asks the terminal to answer back)
  'carriage\rreturn\u0008\u0007',
  'after',
].join(' ');

/** What may remain once our own SGR styling is removed: nothing below 0x20 but \n, nothing in C1. */
function controlCharacters(text: string): string[] {
  return [...text].filter((character) => {
    const code = character.codePointAt(0) ?? 0;
    return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
  });
}
const OUR_STYLING = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

describe('hostile text from peers', () => {
  it('cannot move the cursor, set the title or print a link, as a message, a nickname or a request', async () => {
    const alice = onion(1);
    const node = new FakeNode(
      [
        contact(1, { nickname: `alice${ESC}]0;nick title\u0007${ESC}[2K` }),
        contact(2, {
          state: 'incoming-request',
          requestMessage: HOSTILE,
          displayName: `grace${ESC}]0;name title\u0007${ESC}[5A`,
        }),
      ],
      [message(alice, { text: HOSTILE })],
    );
    node.displayName = `me${ESC}]8;;https://evil.example${ESC}\\`;
    const effects = recordingEffects();
    const ui = await startMain(node, { columns: 200, rows: 40, effects });
    await ui.type('\u001b1'); // Alt+1: the request
    await waitForFrame(ui, (frame) => frame.includes('Their message:') && frame.includes('click here'));
    await ui.type('\u001b2'); // Alt+2: alice's conversation
    await waitForFrame(ui, (frame) => frame.includes('red blinking') && frame.includes('after'));
    node.receive(alice, `live ${HOSTILE}`);
    node.setTor({ bootstrap: 50, summary: `${ESC}]0;tor title\u0007summary`, ready: false });
    await waitForFrame(ui, (frame) => frame.includes('live before') && frame.includes('summary'));

    expect(ui.frames.length).toBeGreaterThan(3);
    for (const frame of ui.frames) {
      const unstyled = frame.replace(OUR_STYLING, '');
      expect(controlCharacters(unstyled)).toEqual([]);
      for (const payload of ['2J', '10;10H', '5A', ']0;', ']8;', 'evil.example', '38;2;255', '[5m', '+q544e', '2K']) {
        expect(unstyled).not.toContain(payload);
      }
    }
    // The visible words are still there, in order (a carriage return became a line break).
    expect(ui.frame()).toMatch(/before +click here red blinking +carriage\n[ │]*return after/);
    // Nothing a peer chose goes into the window title.
    for (const title of effects.titles) expect(title).toMatch(/^(\(\d+\) )?Burrow$/);
  });
});
