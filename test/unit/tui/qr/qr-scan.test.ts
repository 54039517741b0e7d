/**
 * The address card's QR code as a phone sees it: the half-block rows the terminal shows are
 * turned back into pixels and read by an independent decoder, zbarimg (zbar-tools;
 * scripts/install-test-tools.sh installs it). With colour off both codes are read, each on the
 * terminal theme it is meant for: the first on a light theme (glyphs dark), the second on a
 * dark theme (glyphs light).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qrRows } from '../../../../src/tui/components/QrCode.js';
import { generateIdentity } from '../../../../src/crypto/identity.js';

const dir = mkdtempSync(join(tmpdir(), 'burrow-qr-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Scale of one module in pixels: a phone camera sees a code many pixels per module. */
const SCALE = 6;
/** Light margin around the picture, in modules, beyond the code's own quiet zone. */
const MARGIN = 4;

/** Which of a cell's two stacked modules its glyph fills (top, bottom). */
const GLYPH: Readonly<Record<string, readonly [boolean, boolean]>> = {
  ' ': [false, false],
  '▀': [true, false],
  '▄': [false, true],
  '█': [true, true],
};

/**
 * The picture a terminal shows for `rows` (only `columns` of each row, from `from`), as a PBM
 * (1 = black). `glyphsDark`: a light theme draws glyphs dark; a dark theme draws them light.
 */
function screenshot(rows: readonly string[], from: number, columns: number, glyphsDark: boolean): string {
  const modules: boolean[][] = [];
  for (const row of rows) {
    const cells = [...row].slice(from, from + columns).map((glyph) => GLYPH[glyph] ?? [false, false]);
    modules.push(
      cells.map(([top]) => top === glyphsDark),
      cells.map(([, bottom]) => bottom === glyphsDark),
    );
  }
  const width = (columns + MARGIN * 2) * SCALE;
  const height = (modules.length + MARGIN * 2) * SCALE;
  const lines = [`P1`, `${width} ${height}`];
  for (let y = 0; y < height; y++) {
    const row = modules[Math.floor(y / SCALE) - MARGIN];
    const pixels: string[] = [];
    for (let x = 0; x < width; x++) pixels.push(row?.[Math.floor(x / SCALE) - MARGIN] === true ? '1' : '0');
    lines.push(pixels.join(' '));
  }
  return lines.join('\n') + '\n';
}

function zbarRead(picture: string, name: string): string {
  const path = join(dir, `${name}.pbm`);
  writeFileSync(path, picture);
  return execFileSync('zbarimg', ['--nodbus', '--raw', '-q', path], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

describe('the address QR code scans', () => {
  const address = generateIdentity().onionAddress.toUpperCase();

  it('in colour (black on white whatever the theme)', () => {
    const rows = qrRows(address, true);
    expect(zbarRead(screenshot(rows, 0, [...rows[0]!].length, true), 'colour')).toBe(address);
  });

  it('without colour: the first code on a light theme, the second on a dark one', () => {
    const rows = qrRows(address, false).slice(0, -1); // the caption line is not part of the codes
    const width = ([...rows[0]!].length - 2) / 2;
    expect(zbarRead(screenshot(rows, 0, width, true), 'light-theme')).toBe(address);
    expect(zbarRead(screenshot(rows, width + 2, width, false), 'dark-theme')).toBe(address);
  });

  it('and a light-theme reader of the second code gets nothing (so the caption is needed)', () => {
    const rows = qrRows(address, false).slice(0, -1);
    const width = ([...rows[0]!].length - 2) / 2;
    expect(() => zbarRead(screenshot(rows, width + 2, width, true), 'inverted-wrong')).toThrow();
  });
});
