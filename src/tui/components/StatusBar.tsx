/**
 * The status bar at the bottom: Tor's bootstrap progress as a bar until the onion service is
 * up, how many friends are connected, whether our address is open (docs/PROTOCOL.md
 * "Visibility") and the address itself (shortened to fit; Alt+A shows it whole).
 */
import { Text } from 'ink';
import type { NodeStatus, TorStatus, Visibility } from '../../node/api.js';
import { progressBar } from '../text/progress-bar.js';
import { displayWidth, padToWidth, truncateEnd, truncateMiddle } from '../text/text-width.js';
import { colored } from '../text/text-style.js';

/** Props of StatusBar. */
export interface StatusBarProps {
  /** Undefined until the node has said anything about Tor. */
  readonly tor: TorStatus | undefined;
  readonly friendsOnline: number;
  readonly friends: number;
  /** Our onion address, once known. */
  readonly ownOnion: string | undefined;
  /** Whether our address is open, once known. */
  readonly visibility?: Visibility | undefined;
  readonly width: number;
}

/** The address part of the props, from the node's status (undefined until it answered). */
export function ownAddress(status: NodeStatus | undefined): Pick<StatusBarProps, 'ownOnion' | 'visibility'> {
  return { ownOnion: status?.onion, visibility: status?.visibility };
}

/** The visibility piece: `open`, `open 9m` (a window), `closed`. */
export function visibilityLabel(visibility: Visibility, now = Date.now()): string {
  if (visibility.openUntil === undefined) return visibility.state;
  return `open ${Math.max(1, Math.ceil((visibility.openUntil - now) / 60_000))}m`;
}

const BAR_COLUMNS = 10;
const MIN_TOR_COLUMNS = 9;
const MIN_ADDRESS_COLUMNS = 12;

/** One line: Tor progress, friends online, our address. */
export function StatusBar({ tor, friendsOnline, friends, ownOnion, visibility, width }: StatusBarProps) {
  const connection = `${friendsOnline}/${friends} online${visibility === undefined ? '' : ` │ ${visibilityLabel(visibility)}`}`;
  const address = ownOnion === undefined ? '' : `${ownOnion}.onion`;
  let torText: string;
  let bar = '';
  if (tor === undefined) torText = 'Tor starting…';
  else if (tor.ready) torText = 'Tor ready';
  else {
    bar = progressBar(tor.bootstrap, BAR_COLUMNS);
    torText = `${Math.round(tor.bootstrap)}% ${tor.summary}`;
  }
  const barPiece = bar === '' ? '' : `▕${bar}▏ `;
  const connectionPiece = ` │ ${connection}`;
  const room = width - displayWidth(barPiece) - displayWidth(connectionPiece);
  // Tor's text gets what it needs up to half the room, the address the rest (shortened in
  // the middle, dropped when too short to be useful).
  const torWants = Math.min(displayWidth(torText), Math.max(MIN_TOR_COLUMNS, Math.floor(room / 2)));
  const addressRoom = Math.min(displayWidth(address), room - torWants - 3);
  const addressPiece =
    address !== '' && addressRoom >= MIN_ADDRESS_COLUMNS ? ` │ ${truncateMiddle(address, addressRoom)}` : '';
  const text =
    barPiece + truncateEnd(torText, Math.max(0, room - displayWidth(addressPiece))) + connectionPiece + addressPiece;
  return (
    <Text inverse {...colored(tor?.ready === true ? undefined : 'yellow')} wrap="truncate">
      {padToWidth(text, width)}
    </Text>
  );
}
