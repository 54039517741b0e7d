/**
 * QR encoder vectors come from an independent implementation (python3-qrcode, see
 * qr-vectors.json: "source"), with the mask fixed so that mask selection is not compared.
 * qr-scan.test.ts reads the drawn codes back with zbarimg.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeQr, penaltyScore, type ErrorCorrectionLevel } from '../../../../src/tui/qr/qr-encode.js';
import { qrHalfBlockRows } from '../../../../src/tui/qr/qr-render.js';
import { errorNamed } from '../../../shared/errors.js';

interface Vector {
  readonly text: string;
  readonly level: ErrorCorrectionLevel;
  readonly mask: number;
  readonly version: number;
  readonly rows: readonly string[];
}

const { vectors } = JSON.parse(readFileSync(new URL('./qr-vectors.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
};
const bits = (modules: readonly (readonly boolean[])[]): string[] =>
  modules.map((row) => row.map((dark) => (dark ? '1' : '0')).join(''));

describe('encodeQr', () => {
  it.each(
    vectors.map((vector) => [`${vector.text.slice(0, 16)}… ${vector.level} v${vector.version}`, vector] as const),
  )('matches the reference for %s', (_label, vector) => {
    const code = encodeQr(vector.text, { errorCorrection: vector.level, mask: vector.mask });
    expect(code.version).toBe(vector.version);
    expect(code.size).toBe(vector.version * 4 + 17);
    expect(bits(code.modules)).toEqual(vector.rows);
  });

  it('picks the mask with the lowest penalty when none is given', () => {
    const text = vectors[1]?.text ?? '';
    const chosen = encodeQr(text, { errorCorrection: 'L' });
    const penalties = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) =>
      penaltyScore(encodeQr(text, { errorCorrection: 'L', mask }).modules),
    );
    expect(penaltyScore(chosen.modules)).toBe(Math.min(...penalties));
  });

  it('fits an onion address in capitals into version 3 (29×29) at level L', () => {
    expect(encodeQr(`${'a'.repeat(56)}.onion`.toUpperCase(), { errorCorrection: 'L' }).version).toBe(3);
  });

  it('refuses text longer than version 10 holds', () => {
    expect(() => encodeQr('x'.repeat(400), { errorCorrection: 'H' })).toThrow(errorNamed('QrTextTooLongError'));
  });
});

describe('qrHalfBlockRows', () => {
  it('packs two module rows per text row with a quiet zone', () => {
    const code = {
      version: 1,
      size: 3,
      mask: 0,
      modules: [
        [true, false, true],
        [true, true, false],
        [false, false, true],
      ],
    };
    expect(qrHalfBlockRows(code, 1)).toEqual([' ▄ ▄ ', ' ▀▀▄ ', '     ']);
  });

  it('draws a code as wide as its modules and quiet zone, and half as tall', () => {
    const rows = qrHalfBlockRows(encodeQr('HELLO', { errorCorrection: 'L', mask: 0 }));
    expect(rows[0]).toHaveLength(21 + 4);
    expect(rows).toHaveLength(Math.ceil(25 / 2));
  });
});
