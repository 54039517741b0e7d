/**
 * The sidebar's column: the list of conversations (Sidebar.tsx) above a line that says whether
 * our public address is open (docs/PROTOCOL.md "Visibility"): `address open`, `address closed`
 * or `open until 14:05` for a window; friends reach us either way, strangers only while open.
 */
import { Box, Text } from 'ink';
import type { Visibility } from '../../node/api.js';
import { displayWidth, padToWidth } from '../text/text-width.js';
import { Sidebar, type SidebarProps } from './Sidebar.js';

/** Props of SidebarColumn: the Sidebar's, and the address's visibility (undefined until the node answered). */
export interface SidebarColumnProps extends SidebarProps {
  readonly visibility: Visibility | undefined;
}

/** The visibility line for `width` columns: `address open`, `address closed`, `address open until hh:mm` (local time), shortened to fit. */
export function visibilityMark(visibility: Visibility, width: number): string {
  const label =
    visibility.state === 'closed'
      ? 'closed'
      : visibility.openUntil === undefined
        ? 'open'
        : `open until ${clockTime(visibility.openUntil)}`;
  const long = `address ${label}`;
  return displayWidth(long) <= width ? long : label;
}

function clockTime(unixMs: number): string {
  const at = new Date(unixMs);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The bordered sidebar column of the main screen. */
export function SidebarColumn({ visibility, ...sidebar }: SidebarColumnProps) {
  const { width, height } = sidebar;
  return (
    <Box
      borderStyle="single"
      borderTop={false}
      borderBottom={false}
      borderLeft={false}
      borderDimColor
      width={width + 1}
      height={height}
      flexDirection="column"
    >
      <Sidebar {...sidebar} height={Math.max(0, height - 1)} />
      <Text
        dimColor={visibility?.state === 'closed'}
        {...(visibility?.openUntil === undefined ? {} : { color: 'yellow' })}
        wrap="truncate"
      >
        {padToWidth(visibility === undefined ? '' : visibilityMark(visibility, width), width)}
      </Text>
    </Box>
  );
}
