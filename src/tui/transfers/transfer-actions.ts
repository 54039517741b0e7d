/**
 * What the transfers view's keys do to the selected transfer (accept, decline, cancel,
 * resume), and the prompt shown when a friend offers a file. Every failure becomes a notice.
 */
import type { TransferView } from '../../files/feature/api.js';
import type { NodeApi } from '../../node/api.js';
import { formatBytes } from '../../text/transfer-format.js';
import type { ContactEntry } from '../conversation/contact-list.js';
import type { Notice } from '../commands/command.js';
import { describeError } from '../safe-node.js';
import type { NameOf } from './transfer-lines.js';
import type { TransferKeyAction } from './transfer-keys.js';

/** How to call a peer: their name in the contact list, else the start of their address. */
export function peerNamer(entries: readonly ContactEntry[]): NameOf {
  const names = new Map(entries.map((entry) => [entry.contact.onion, entry.name]));
  return (onion) => names.get(onion) ?? `${onion.slice(0, 8)}…`;
}

/** The prompt for a new offer. */
export function offerNotice(offer: TransferView, nameOf: NameOf): Notice {
  const from = offer.from === undefined ? 'A friend' : nameOf(offer.from);
  return {
    text: `${from} offers ${offer.name} (${formatBytes(offer.size)}): /files, then a to accept or d to decline.`,
    tone: 'info',
  };
}

/** Runs a key's action on `transfer`; resolves with the notice to show (never rejects). */
export async function runTransferAction(
  api: NodeApi,
  action: Exclude<TransferKeyAction, 'up' | 'down' | 'close'>,
  transfer: TransferView,
): Promise<Notice> {
  try {
    switch (action) {
      case 'accept': {
        const accepted = await api.files.accept(transfer.id);
        return {
          text: `Downloading ${accepted.name} into ${accepted.folder ?? 'your downloads folder'}.`,
          tone: 'info',
        };
      }
      case 'decline':
        await api.files.decline(transfer.id);
        return { text: `Declined ${transfer.name}.`, tone: 'info' };
      case 'cancel': {
        const cancelled = await api.files.cancel(transfer.id);
        return {
          text:
            cancelled.direction === 'out'
              ? `Offer of ${transfer.name} withdrawn.`
              : `Download of ${transfer.name} cancelled.`,
          tone: 'info',
        };
      }
      case 'resume':
        await api.files.resume(transfer.id);
        return { text: `Resuming ${transfer.name}.`, tone: 'info' };
    }
  } catch (error) {
    return { text: describeError(error), tone: 'error' };
  }
}
