/**
 * A QR code drawn with half blocks, black on white whatever the terminal's theme
 * (qr/qr-render.ts).
 */
import { Box, Text } from 'ink';
import { encodeQr } from '../qr/qr-encode.js';
import { qrHalfBlockRows } from '../qr/qr-render.js';

/** Props of QrCode. */
export interface QrCodeProps {
  /** What the code says. */
  readonly text: string;
}

/** The rows a QR code of `text` takes, for layout decisions (columns = rows[0].length). */
export function qrRows(text: string): string[] {
  // Level L: a screen is not a sticker that gets scratched, and the smaller code fits 80×24.
  return qrHalfBlockRows(encodeQr(text, { errorCorrection: 'L' }));
}

/** The QR code of `text`, black on white. */
export function QrCode({ text }: QrCodeProps) {
  return (
    <Box flexDirection="column">
      {qrRows(text).map((row, index) => (
        <Text key={index} color="black" backgroundColor="white">
          {row}
        </Text>
      ))}
    </Box>
  );
}
