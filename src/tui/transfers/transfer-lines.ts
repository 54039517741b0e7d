/**
 * The transfers view's lines (pure): one block per transfer, newest first. Incoming:
 * name, size and state, then a progress bar with the percentage, speed and time left (or
 * "stalled" while nothing arrives, and which sources are stalled), or who offers it and the
 * keys to answer. Outgoing: who it was offered to and their answers.
 */
import type { TransferView } from '../../files/feature/api.js';
import { formatBytes, formatEta, formatRate, percentDone } from '../../text/transfer-format.js';
import type { DisplayLine, Tone } from '../text/display-line.js';
import { progressBar } from '../text/progress-bar.js';
import { truncateEnd } from '../text/text-width.js';

/** The line under a received file whose disappearing timer ran out. */
export const EXPIRED_LINE = 'expired (the conversation’s disappearing timer ran out) — delete? press e';

/** Width of the progress bar. */
const BAR_COLUMNS = 20;

/** How the view names a peer: its contact name, else the start of its address. */
export type NameOf = (onion: string) => string;

/** Words for the states, as the view shows them. */
const STATE_WORDS: Readonly<Record<TransferView['state'], string>> = {
  offered: 'offered',
  downloading: 'downloading',
  paused: 'paused',
  complete: 'done',
  declined: 'declined',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** The keys that apply to a transfer in its state, for its hint line. */
export function transferKeys(transfer: TransferView): string {
  if (transfer.direction === 'in') {
    if (transfer.expired === true) return 'e delete the file and forget the transfer';
    if (transfer.state === 'offered') return 'a accept · d decline';
    if (transfer.state === 'downloading') return 'c cancel';
    if (transfer.state === 'paused' || transfer.state === 'failed') return 'r resume · c cancel';
    return '';
  }
  return transfer.state === 'offered' ? 'c withdraw' : '';
}

/** The lines of every transfer; the `selected` one is marked. */
export function transferLines(
  transfers: readonly TransferView[],
  width: number,
  selected: number,
  nameOf: NameOf,
): DisplayLine[] {
  if (transfers.length === 0)
    return [
      {
        key: 'none',
        segments: [
          { text: 'No file transfers yet. Offer a file to the open friend or group with /send <path>.', tone: 'time' },
        ],
      },
    ];
  return transfers.flatMap((transfer, index) => transferBlock(transfer, width, index === selected, nameOf));
}

function transferBlock(transfer: TransferView, width: number, selected: boolean, nameOf: NameOf): DisplayLine[] {
  const key = `${transfer.direction}-${transfer.id}`;
  const arrow = transfer.direction === 'in' ? '↓ ' : '↑ ';
  const marker = selected ? '▸ ' : '  ';
  const tail = `  ${formatBytes(transfer.size)}  ${STATE_WORDS[transfer.state]}`;
  const name = truncateEnd(transfer.name, Math.max(1, width - marker.length - arrow.length - tail.length));
  const head: DisplayLine = {
    key: `${key}-head`,
    segments: [
      { text: marker, tone: 'me' },
      { text: arrow, tone: transfer.direction === 'in' ? 'peer' : 'me' },
      { text: name, tone: 'text' },
      { text: tail, tone: stateTone(transfer.state) },
    ],
  };
  const detail: DisplayLine = {
    key: `${key}-detail`,
    segments: [{ text: '    ', tone: 'text' }, ...detailSegments(transfer, nameOf)],
  };
  const lines = [head, detail];
  if (transfer.error !== undefined && transfer.state !== 'complete')
    lines.push({ key: `${key}-error`, segments: [{ text: `    ${transfer.error}`, tone: 'flag' }] });
  if (transfer.expired === true)
    lines.push({ key: `${key}-expired`, segments: [{ text: `    ${EXPIRED_LINE}`, tone: 'flag' }] });
  const keys = selected ? transferKeys(transfer) : '';
  if (keys !== '') lines.push({ key: `${key}-keys`, segments: [{ text: `    ${keys}`, tone: 'time' }] });
  return lines;
}

function detailSegments(transfer: TransferView, nameOf: NameOf): { text: string; tone: Tone }[] {
  if (transfer.direction === 'out') {
    const recipients = (transfer.recipients ?? [])
      .map((recipient) => `${nameOf(recipient.onion)} (${recipient.state})`)
      .join(', ');
    const sent =
      transfer.bytesDone > 0
        ? `  sent ${formatBytes(transfer.bytesDone)}${transfer.rate > 0 ? ` at ${formatRate(transfer.rate)}` : ''}`
        : '';
    return [{ text: `to ${recipients === '' ? 'nobody yet' : recipients}${sent}`, tone: 'time' }];
  }
  switch (transfer.state) {
    case 'offered':
      return [
        {
          text: `from ${(transfer.offeredBy ?? (transfer.from === undefined ? [] : [transfer.from])).map(nameOf).join(', ')}`,
          tone: 'time',
        },
      ];
    case 'downloading':
    case 'paused': {
      const percent = percentDone(transfer.bytesDone, transfer.size);
      const parts = [`${percent}%`, `${formatBytes(transfer.bytesDone)} of ${formatBytes(transfer.size)}`];
      if (transfer.state === 'downloading' && transfer.rate > 0) parts.push(formatRate(transfer.rate));
      if (transfer.state === 'downloading' && transfer.etaSeconds !== undefined)
        parts.push(formatEta(transfer.etaSeconds));
      const sources = transfer.sources ?? [];
      const named = sources.map((source) => `${nameOf(source.onion)}${source.stalled ? ' (stalled)' : ''}`);
      if (sources.length > 0) parts.push(`from ${named.join(', ')}`);
      return [
        { text: progressBar(percent, BAR_COLUMNS), tone: 'me' },
        ...(transfer.stalled === true ? [{ text: '  stalled', tone: 'flag' as const }] : []),
        { text: `  ${parts.join('  ')}`, tone: 'time' },
      ];
    }
    case 'complete':
      return [{ text: transfer.path ?? '', tone: 'time' }];
    default:
      return [{ text: transfer.from === undefined ? '' : `from ${nameOf(transfer.from)}`, tone: 'time' }];
  }
}

function stateTone(state: TransferView['state']): Tone {
  if (state === 'complete') return 'me';
  if (state === 'failed' || state === 'paused') return 'flag';
  return 'time';
}
