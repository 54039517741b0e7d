/**
 * The transfers view (/files): a header with the count and the keys, then every transfer with
 * its progress (transfer-lines.ts), scrolled so that the selected one is in view.
 */
import { Box, Text } from 'ink';
import type { TransferView } from '../../files/feature/api.js';
import { padToWidth } from '../text/text-width.js';
import { transferLines, type NameOf } from '../transfers/transfer-lines.js';
import { Lines, type ToneStyles } from './Lines.js';

/** Props of TransfersPane. */
export interface TransfersPaneProps {
  readonly transfers: readonly TransferView[];
  /** Index of the selected transfer. */
  readonly selected: number;
  readonly nameOf: NameOf;
  readonly width: number;
  /** Rows including the header. */
  readonly height: number;
  /** Shown in the header: a fetch error. */
  readonly status: string | undefined;
}

const STYLES: ToneStyles = {
  time: { dimColor: true },
  mark: { dimColor: true },
  'mark-read': { color: 'yellow' },
  flag: { color: 'yellow' },
  me: { color: 'cyan' },
  peer: { color: 'magenta' },
  text: {},
  separator: { dimColor: true },
};

/** The header and the visible lines of the transfers view. */
export function TransfersPane({ transfers, selected, nameOf, width, height, status }: TransfersPaneProps) {
  const body = Math.max(0, height - 1);
  const lines = transferLines(transfers, width, selected, nameOf);
  // Keep the selected transfer's first line in view.
  const selectedAt = Math.max(
    0,
    lines.findIndex((line) => line.segments[0]?.text === '▸ '),
  );
  const start = Math.max(0, Math.min(selectedAt - Math.floor(body / 3), lines.length - body));
  const visible = lines.slice(start, start + body);
  const title = `Transfers (${transfers.length})`;
  const keys = status ?? '↑↓ choose · Esc closes';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text bold>{title}</Text>
        <Text dimColor>{padToWidth(`  ${keys}`, Math.max(0, width - title.length))}</Text>
      </Text>
      <Box flexDirection="column" height={body} overflow="hidden">
        <Lines lines={visible} styles={STYLES} />
      </Box>
    </Box>
  );
}
