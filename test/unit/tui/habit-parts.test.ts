/**
 * The pure parts behind the terminal-chat habits: mouse reports (from a hostile byte stream's
 * side too), links, notifications, the next active conversation, dropped paths, locale times,
 * action lines, the QR code drawn without colour, and NO_COLOR.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { actionOf } from '../../../src/tui/conversation/action-line.js';
import { droppedPath } from '../../../src/tui/input/dropped-path.js';
import { parseMouseReport } from '../../../src/tui/input/mouse-sequences.js';
import { nextActiveKey } from '../../../src/tui/main-screen/next-active.js';
import { colorOffIn } from '../../../src/tui/no-color.js';
import {
  messageNotification,
  notifySendArguments,
  terminalNotificationSequence,
  terminalNotifyStyle,
} from '../../../src/tui/notifications.js';
import { encodeQr } from '../../../src/tui/qr/qr-encode.js';
import { qrThemeFreeRows, QR_QUIET_ZONE } from '../../../src/tui/qr/qr-render.js';
import { hasLink, linkSegments, linkTarget } from '../../../src/tui/text/links.js';
import { formatDay, formatTime, localeFromEnvironment, setDisplayLocale } from '../../../src/tui/text/time-format.js';

describe('parseMouseReport', () => {
  it('reads wheel notches, with modifiers, and swallows every other mouse report', () => {
    expect(parseMouseReport('[<64;10;4M')).toEqual({ kind: 'wheel', direction: 'up' });
    expect(parseMouseReport('\u001b[<65;1;1M')).toEqual({ kind: 'wheel', direction: 'down' });
    expect(parseMouseReport('[<80;3;3M')).toEqual({ kind: 'wheel', direction: 'up' });
    expect(parseMouseReport('[<0;3;3M')).toEqual({ kind: 'ignored' });
    expect(parseMouseReport('[<0;3;3m')).toEqual({ kind: 'ignored' });
    expect(parseMouseReport('[<66;3;3M')).toEqual({ kind: 'ignored' });
    expect(parseMouseReport('[<64;3;3m')).toEqual({ kind: 'ignored' });
  });

  it('is strict: anything but exactly one report is not a mouse report', () => {
    for (const input of [
      '[<64;10M',
      '[<64;10;4',
      'x[<64;10;4M',
      '[<64;10;4Mx',
      '[<99999;1;1M',
      '[<64;1;1M[<64;1;1M',
      '[A',
    ])
      expect(parseMouseReport(input)).toBeUndefined();
  });

  it('never throws, and only reports for the exact form (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const report = parseMouseReport(input);
        // eslint-disable-next-line no-control-regex -- a mouse report starts with ESC
        if (report !== undefined) expect(input).toMatch(/^\u001b?\[<\d{1,4};\d{1,5};\d{1,5}[Mm]$/);
      }),
    );
  });
});

describe('links', () => {
  it('finds http(s) and onion URLs, leaving sentence punctuation out', () => {
    const onion = 'a'.repeat(56);
    const segments = linkSegments(`go to https://x.org/wiki/A_(b), ${onion}.onion or http://y.org.`, 'text');
    expect(
      segments.filter((segment) => segment.link !== undefined).map((segment) => [segment.text, segment.link]),
    ).toEqual([
      ['https://x.org/wiki/A_(b)', 'https://x.org/wiki/A_%28b%29'],
      [`${onion}.onion`, `http://${onion}.onion`],
      ['http://y.org', 'http://y.org'],
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(
      `go to https://x.org/wiki/A_(b), ${onion}.onion or http://y.org.`,
    );
  });

  it('makes no link of plain words, of ftp, or of a URL with non-ASCII in it', () => {
    expect(hasLink('example.org and ftp://x.org')).toBe(false);
    expect(linkTarget('https://exämple.org')).toBeUndefined();
  });

  it('only ever puts characters escape-sequence parsers agree on in a target (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        const target = linkTarget(`https://x.org/${tail}`);
        if (target !== undefined) expect(target).toMatch(/^[-A-Za-z0-9/#&.:=?%@~_]+$/);
      }),
    );
  });
});

describe('notifications', () => {
  it('never carry the message text unless preview is on', () => {
    expect(messageNotification('bob', 'secret', false)).toEqual({ title: 'Burrow', body: 'New message from bob' });
    expect(messageNotification('bob', 'secret\nplans', true).body).toBe('bob: secret plans');
  });

  it('pick OSC 9 or OSC 777 by terminal, with no controls or field separators from the text', () => {
    expect(terminalNotifyStyle({ TERM_PROGRAM: 'iTerm.app' })).toBe('osc9');
    expect(terminalNotifyStyle({ TERM: 'xterm-kitty' })).toBe('osc9');
    expect(terminalNotifyStyle({ TERM: 'foot' })).toBe('osc777');
    const hostile = { title: 'Burrow', body: 'a;b\u0007\u001b]52;c;AAAA\u0007c' };
    expect(terminalNotificationSequence(hostile, 'osc777')).toBe('\u001b]777;notify;Burrow;a,bc\u0007');
    expect(terminalNotificationSequence(hostile, 'osc9')).toBe('\u001b]9;Burrow: a,bc\u0007');
  });

  it('give notify-send the text after "--", so a name cannot be an option', () => {
    expect(notifySendArguments({ title: 'Burrow', body: '--help' })).toEqual([
      '--app-name=Burrow',
      '--',
      'Burrow',
      '--help',
    ]);
  });
});

describe('nextActiveKey', () => {
  const entries = [
    { key: 'a', unread: 1 },
    { key: 'b', unread: 0 },
    { key: 'c', unread: 2 },
  ];
  it('goes to the next conversation with unread messages after the open one, round again', () => {
    expect(nextActiveKey(entries, 'a')).toBe('c');
    expect(nextActiveKey(entries, 'c')).toBe('a');
    expect(nextActiveKey(entries, undefined)).toBe('a');
    expect(nextActiveKey([{ key: 'a', unread: 3 }], 'a')).toBeUndefined();
  });
});

describe('droppedPath', () => {
  it('reads quoted, backslash-escaped and file:// paths; leaves others as typed', () => {
    expect(droppedPath('My\\ File\\ \\(1\\).pdf')).toBe('My File (1).pdf');
    expect(droppedPath("'/tmp/My File.pdf'")).toBe('/tmp/My File.pdf');
    expect(droppedPath('file:///tmp/caf%C3%A9%20menu.pdf')).toBe('/tmp/café menu.pdf');
    expect(droppedPath('~/notes.txt')).toBe('~/notes.txt');
  });
});

describe('actionOf', () => {
  it('reads "/me " messages only, with something after it', () => {
    expect(actionOf('/me waves')).toBe('waves');
    expect(actionOf('/me   ')).toBeUndefined();
    expect(actionOf('/meet me')).toBeUndefined();
    expect(actionOf('hi /me waves')).toBeUndefined();
  });
});

describe('times in the user’s locale', () => {
  afterEach(() => setDisplayLocale(undefined));
  const at = new Date(2025, 0, 2, 15, 5).getTime();

  it('reads the locale from LC_ALL, LC_TIME or LANG; C and POSIX keep the fixed format', () => {
    expect(localeFromEnvironment({ LANG: 'de_DE.UTF-8' })).toBe('de-DE');
    expect(localeFromEnvironment({ LC_ALL: 'en_US.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('en-US');
    expect(localeFromEnvironment({ LANG: 'C.UTF-8' })).toBeUndefined();
    expect(localeFromEnvironment({ LANG: 'POSIX' })).toBeUndefined();
    expect(localeFromEnvironment({})).toBeUndefined();
  });

  it('writes times and days as the locale does, padded to its widest time', () => {
    expect(formatTime(at)).toBe('15:05');
    setDisplayLocale('en-US');
    expect(formatTime(at)).toBe('03:05 PM');
    expect(formatDay(at)).toBe('Thu, Jan 2, 2025');
    setDisplayLocale('de-DE');
    expect(formatTime(at)).toBe('15:05');
    expect(formatDay(at)).toBe('Do., 2. Jan. 2025');
  });
});

describe('the QR code without colour', () => {
  it('draws the code twice: dark modules in the first, light modules and quiet zone in the second', () => {
    const code = encodeQr('ABC', { errorCorrection: 'L' });
    const rows = qrThemeFreeRows(code);
    const span = code.size + 2 * QR_QUIET_ZONE;
    // Back to modules: the top half of each cell, for the even module rows.
    const topHalf = (row: string, from: number): boolean[] =>
      [...row.slice(from, from + span)].map((cell) => cell === '█' || cell === '▀');
    for (let module = 0; module < code.size; module += 2) {
      const row = rows[(module + QR_QUIET_ZONE) / 2]!;
      const expected = [
        ...Array<boolean>(QR_QUIET_ZONE).fill(false),
        ...code.modules[module]!,
        ...Array<boolean>(QR_QUIET_ZONE).fill(false),
      ];
      expect(topHalf(row, 0)).toEqual(expected);
      expect(topHalf(row, span + 2)).toEqual(expected.map((dark) => !dark));
    }
  });
});

describe('NO_COLOR', () => {
  it('is honoured unless FORCE_COLOR says otherwise', () => {
    expect(colorOffIn({ NO_COLOR: '1' })).toBe(true);
    expect(colorOffIn({ NO_COLOR: '' })).toBe(false);
    expect(colorOffIn({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colorOffIn({ FORCE_COLOR: '0' })).toBe(true);
  });

  it('turns off Ink’s colours when the TUI is loaded with it set', () => {
    const script = `
      await import('./src/tui/index.ts');
      const { renderToString, Text } = await import('ink');
      const { createElement } = await import('react');
      process.stdout.write(JSON.stringify(renderToString(createElement(Text, { color: 'red' }, 'x'))));`;
    const run = (env: Record<string, string>): string =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { PATH: process.env['PATH'] ?? '', ...env },
        encoding: 'utf8',
      });
    expect(run({ NO_COLOR: '1' })).toBe('"x"');
    expect(run({ FORCE_COLOR: '1' })).toContain('\\u001b[31m');
  });
});
