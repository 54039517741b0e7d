/**
 * What the transfers view's keys do to the selected transfer (accept, decline, cancel,
 * resume), and the prompt shown when a friend offers a file. Every failure becomes a notice.
 */
import type { DeletedFileView, TransferView } from '../../files/feature/api.js';
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

/** The prompt for a new offer, or for a received file whose disappearing timer ran out. */
export function transferNotice(view: TransferView, why: 'offered' | 'expired', nameOf: NameOf): Notice {
  return why === 'offered' ? offerNotice(view, nameOf) : expiredNotice(view, nameOf);
}

/** The prompt for a new offer. */
export function offerNotice(offer: TransferView, nameOf: NameOf): Notice {
  const from = offer.from === undefined ? 'A friend' : nameOf(offer.from);
  return {
    text: `${from} offers ${offer.name} (${formatBytes(offer.size)}): /files, then a to accept or d to decline.`,
    tone: 'info',
  };
}

/** The prompt for a received file whose disappearing timer ran out. */
export function expiredNotice(file: TransferView, nameOf: NameOf): Notice {
  const from = file.from === undefined ? 'a friend' : nameOf(file.from);
  return {
    text: `${file.name} from ${from} expired with the conversation’s timer. Delete it? /files, then e on it.`,
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
      case 'delete':
        return { text: deletionText(await api.files.delete(transfer.id)), tone: 'info' };
    }
  } catch (error) {
    return { text: describeError(error), tone: 'error' };
  }
}

/** What a deletion did, in words. */
function deletionText(deleted: DeletedFileView): string {
  switch (deleted.file) {
    case 'removed':
      return `Deleted ${deleted.name} from ${deleted.path ?? 'your downloads'}.`;
    case 'not-found':
      return `Forgot ${deleted.name}; the file was not where it was saved any more.`;
    case 'changed':
      return `Forgot ${deleted.name}; left ${deleted.path ?? 'the file'} alone: it is not the file Burrow saved any more.`;
    case 'none':
      return `Forgot ${deleted.name}.`;
  }
}
