/**
 * The keys of the transfers view (/files), in one table: {@link transferKeyAction} maps a key
 * to what it does there, and the help screen lists the same table.
 */
import type { KeyAction } from '../input/key-bindings.js';

/** What a key does in the transfers view. */
export type TransferKeyAction = 'up' | 'down' | 'accept' | 'decline' | 'cancel' | 'resume' | 'delete' | 'close';

/** The keys, as the help screen lists them. */
export const TRANSFER_KEYS: readonly { readonly left: string; readonly right: string }[] = [
  { left: '↑ ↓', right: 'choose a transfer' },
  { left: 'a', right: 'accept the offered file (saved in your downloads folder)' },
  { left: 'd', right: 'decline the offer' },
  { left: 'c', right: 'cancel a download (its part file is deleted), or withdraw your offer' },
  { left: 'r', right: 'resume a paused download (after freeing disk space)' },
  { left: 'e', right: 'delete a received file (expired ones ask for it): the saved file and the transfer' },
  { left: 'Esc, q, Enter', right: 'close the view' },
];

const LETTERS: Readonly<Record<string, TransferKeyAction>> = {
  a: 'accept',
  d: 'decline',
  c: 'cancel',
  x: 'cancel',
  r: 'resume',
  e: 'delete',
  q: 'close',
  k: 'up',
  j: 'down',
};

/** What the main screen's key action means in the transfers view, if anything. */
export function transferKeyAction(action: KeyAction): TransferKeyAction | undefined {
  switch (action.type) {
    case 'up':
    case 'down':
      return action.type;
    case 'escape':
    case 'send':
      return 'close';
    case 'insert':
      return LETTERS[action.text.toLowerCase()];
    default:
      return undefined;
  }
}
