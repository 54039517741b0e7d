/**
 * A QR code drawn with half blocks, black on white whatever the terminal's theme; without
 * colour (NO_COLOR), twice, once in each polarity, so one reads on any theme (qr/qr-render.ts).
 */
import { Box, Text } from 'ink';
import { COLOR_OFF } from '../no-color.js';
import { encodeQr } from '../qr/qr-encode.js';
import { qrHalfBlockRows, qrThemeFreeRows } from '../qr/qr-render.js';

/** Props of QrCode. */
export interface QrCodeProps {
  /** What the code says. */
  readonly text: string;
  /** Draw in black on white (default: unless NO_COLOR). */
  readonly colors?: boolean;
}

/** Under the two codes drawn without colour. */
export const THEME_FREE_CAPTION = 'Scan the code that shows dark on light.';

/** The rows a QR code of `text` takes, for layout decisions (columns = rows[0].length). */
export function qrRows(text: string, colors = !COLOR_OFF): string[] {
  // Level L: a screen is not a sticker that gets scratched, and the smaller code fits 80×24.
  const code = encodeQr(text, { errorCorrection: 'L' });
  return colors ? qrHalfBlockRows(code) : [...qrThemeFreeRows(code), THEME_FREE_CAPTION];
}

/** The QR code of `text`, black on white (or in both polarities without colour). */
export function QrCode({ text, colors = !COLOR_OFF }: QrCodeProps) {
  return (
    <Box flexDirection="column">
      {qrRows(text, colors).map((row, index) =>
        colors ? (
          <Text key={index} color="black" backgroundColor="white">
            {row}
          </Text>
        ) : (
          <Text key={index}>{row}</Text>
        ),
      )}
    </Box>
  );
}
