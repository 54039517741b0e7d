/**
 * Human-readable output of `burrow ctl files` and the other file commands (the `--json` forms
 * print the node API's shapes). A file's name and a refusal's reason may come from a peer: they
 * pass through terminalSafe.
 */
import type { DeletedFileView, TransferView } from '../feature/api.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import { formatBytes, formatEta, formatRate, percentDone } from '../../text/transfer-format.js';

/** How many hex characters of a file id the lists show (commands take any unique prefix of 6 or more). */
export const SHORT_ID_LENGTH = 12;

/** One line per transfer: id, direction, name, size, state and progress. */
export function formatTransfers(transfers: readonly TransferView[]): string {
  if (transfers.length === 0) return '(no file transfers: offer one with `burrow ctl send-file <onion|group> <path>`)';
  return transfers.map(formatTransfer).join('\n');
}

/** One transfer on one line (plus its error on the next, if any). */
export function formatTransfer(transfer: TransferView): string {
  const arrow = transfer.direction === 'in' ? '←' : '→';
  const parts = [
    transfer.id.slice(0, SHORT_ID_LENGTH),
    arrow,
    terminalSafe(transfer.name),
    formatBytes(transfer.size),
    transfer.state,
  ];
  if (transfer.direction === 'in') {
    if (transfer.state === 'downloading' || transfer.state === 'paused') {
      parts.push(`${percentDone(transfer.bytesDone, transfer.size)}%`);
      if (transfer.rate > 0) parts.push(formatRate(transfer.rate));
      if (transfer.etaSeconds !== undefined) parts.push(formatEta(transfer.etaSeconds));
      if (transfer.stalled === true) parts.push('stalled');
      const sources = transfer.sources ?? [];
      const stalled = sources.filter((source) => source.stalled).length;
      if (sources.length > 0)
        parts.push(
          `from ${sources.length} source${sources.length === 1 ? '' : 's'}${stalled > 0 && stalled < sources.length ? ` (${stalled} stalled)` : ''}`,
        );
    }
    if (transfer.state === 'offered' && transfer.from !== undefined) parts.push(`from ${transfer.from}`);
    if (transfer.state === 'complete' && transfer.path !== undefined) parts.push(terminalSafe(transfer.path));
    if (transfer.expired === true)
      parts.push(`expired — delete? burrow ctl files delete ${transfer.id.slice(0, SHORT_ID_LENGTH)}`);
  } else {
    if (transfer.rate > 0) parts.push(formatRate(transfer.rate));
    const recipients = transfer.recipients ?? [];
    if (recipients.length > 0)
      parts.push(
        `to ${recipients.map((recipient) => `${recipient.onion.slice(0, 8)}… ${recipient.state}`).join(', ')}`,
      );
  }
  const line = parts.join('  ');
  return transfer.error === undefined ? line : `${line}\n    ${terminalSafe(transfer.error)}`;
}

/** What `files delete` did. */
export function formatDeletion(deleted: DeletedFileView): string {
  const name = terminalSafe(deleted.name);
  const path = deleted.path === undefined ? '' : terminalSafe(deleted.path);
  switch (deleted.file) {
    case 'removed':
      return `deleted ${name}: removed ${path} and forgot the transfer`;
    case 'not-found':
      return `forgot the transfer of ${name}; ${path} was not there any more (moved or deleted)`;
    case 'changed':
      return `forgot the transfer of ${name}; left ${path} alone: it is not the file Burrow saved any more`;
    case 'none':
      return `forgot the transfer of ${name} (nothing of it was saved)`;
  }
}
