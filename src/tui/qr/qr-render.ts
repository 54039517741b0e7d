/**
 * Draws a QR code with Unicode half blocks: one character cell holds two modules stacked
 * (▀ top dark, ▄ bottom dark, █ both, space neither), so the code is as wide as it has
 * modules and half as tall, and looks square in a terminal whose cells are about twice as
 * tall as wide. Dark modules are drawn in the foreground colour: the caller draws black on
 * white so phones read it on light and dark terminal themes alike.
 */
import type { QrCode } from './qr-encode.js';

/**
 * Light modules around the code. ISO/IEC 18004 asks for 4; 2 still reads reliably on a
 * screen and keeps an address card within 80×24.
 */
export const QR_QUIET_ZONE = 2;

/** The code's rows as text, quiet zone included; `inverted` draws the light modules instead. */
export function qrHalfBlockRows(code: QrCode, quietZone: number = QR_QUIET_ZONE, inverted = false): string[] {
  const span = code.size + quietZone * 2;
  const dark = (row: number, column: number): boolean =>
    (code.modules[row - quietZone]?.[column - quietZone] ?? false) !== inverted;
  const rows: string[] = [];
  for (let row = 0; row < span; row += 2) {
    let text = '';
    for (let column = 0; column < span; column++) {
      const top = dark(row, column);
      const bottom = row + 1 < span && dark(row + 1, column);
      text += top ? (bottom ? '█' : '▀') : bottom ? '▄' : ' ';
    }
    rows.push(text);
  }
  return rows;
}

/**
 * Without colour the foreground may be dark (a light theme) or light (a dark theme), and a
 * code drawn in it reads only on one of them. So two codes side by side: the first draws the
 * dark modules (right on a light theme), the second the light modules and its quiet zone
 * (right on a dark theme); whichever theme, one of them is dark on light.
 */
export function qrThemeFreeRows(code: QrCode, quietZone: number = QR_QUIET_ZONE): string[] {
  const normal = qrHalfBlockRows(code, quietZone);
  const inverted = qrHalfBlockRows(code, quietZone, true);
  return normal.map((row, index) => `${row}  ${inverted[index] ?? ''}`);
}
