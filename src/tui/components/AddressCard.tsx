/**
 * Our onion address, big enough to notice: as plain text (select it with the mouse), as a QR
 * code for a phone when the terminal is large enough, with the keys to copy it (OSC 52) and
 * to go on. Shown after the profile is created and on Alt+A or /address.
 */
import { Box, Text } from 'ink';
import { QrCode, qrRows } from './QrCode.js';
import { wrapText } from '../text/text-width.js';

/** Props of AddressCard. */
export interface AddressCardProps {
  /** Our onion address without ".onion"; undefined while the node has not said it. */
  readonly onion: string | undefined;
  readonly width: number;
  readonly height: number;
  /** The keys line at the bottom, e.g. "c copy · Enter continue". */
  readonly keys: string;
  /** A line about the last copy, if any. */
  readonly notice: string | undefined;
}

/** Our onion address as text and QR code, with the keys to use it. */
export function AddressCard({ onion, width, height, keys, notice }: AddressCardProps) {
  if (onion === undefined) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold>Your Burrow address</Text>
        <Text dimColor>Waiting for the node…</Text>
      </Box>
    );
  }
  const address = `${onion}.onion`;
  const addressLines = wrapText(address, Math.max(1, width - 2));
  // The QR code holds the address in capitals: QR's alphanumeric mode makes it a smaller code,
  // and onion addresses are case-insensitive.
  const qr = qrRows(address.toUpperCase());
  const textRows = 2 + addressLines.length + 1 + 1 + (notice === undefined ? 0 : 1);
  const showQr = (qr[0]?.length ?? 0) <= width && textRows + qr.length <= height;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color="cyan" wrap="truncate">
        Your Burrow address
      </Text>
      <Text wrap="truncate">Friends add you with it. Share it any way you trust.</Text>
      {addressLines.map((line, index) => (
        <Text key={index} bold wrap="truncate">
          {'  '}
          {line}
        </Text>
      ))}
      <Text> </Text>
      {showQr ? (
        <QrCode text={address.toUpperCase()} />
      ) : (
        <Text dimColor>(a larger terminal shows a QR code here)</Text>
      )}
      {notice === undefined ? null : (
        <Text color="green" wrap="truncate">
          {notice}
        </Text>
      )}
      <Text dimColor wrap="truncate">
        {keys}
      </Text>
    </Box>
  );
}
