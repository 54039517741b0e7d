/**
 * The file transfers for the main screen: fetched once, then kept current from 'transfer'
 * events (each carries the whole view of one transfer) and 'transfer-deleted'. A new incoming
 * offer and a received file whose disappearing timer ran out are reported to `onPrompt`, so
 * the screen can prompt the user.
 */
import { useEffect, useRef, useState } from 'react';
import type { TransferView } from '../../files/feature/api.js';
import type { NodeApi } from '../../node/api.js';
import { describeError } from '../safe-node.js';

/** The transfers as the screen shows them. */
export interface TransfersState {
  /** Newest first. */
  readonly transfers: readonly TransferView[];
  /** Why the first fetch failed, if it did. */
  readonly error: string | undefined;
}

/** `transfers` with `view` put in (replacing the same file and direction), newest first. */
export function upsertTransfer(transfers: readonly TransferView[], view: TransferView): TransferView[] {
  const others = transfers.filter((held) => held.id !== view.id || held.direction !== view.direction);
  return [view, ...others].sort((a, b) => b.createdAt - a.createdAt);
}

/** The transfers, kept current (see the file comment). */
export function useTransfers(
  api: NodeApi,
  onPrompt: (view: TransferView, why: 'offered' | 'expired') => void,
): TransfersState {
  const [state, setState] = useState<TransfersState>({ transfers: [], error: undefined });
  const promptRef = useRef(onPrompt);
  promptRef.current = onPrompt;

  useEffect(() => {
    let disposed = false;
    const offered = new Set<string>();
    const expired = new Set<string>();
    // Subscribe before the first fetch so that nothing between the two is missed.
    const unsubscribe = api.subscribe((event) => {
      if (disposed) return;
      if (event.type === 'transfer-deleted') {
        const gone = (held: TransferView): boolean => held.id === event.id && held.direction === 'in';
        setState((current) => ({ ...current, transfers: current.transfers.filter((held) => !gone(held)) }));
        return;
      }
      if (event.type !== 'transfer') return;
      const view = event.transfer;
      setState((current) => ({ ...current, transfers: upsertTransfer(current.transfers, view) }));
      if (view.direction === 'in' && view.state === 'offered' && !offered.has(view.id)) {
        offered.add(view.id);
        promptRef.current(view, 'offered');
      }
      if (view.direction === 'in' && view.expired === true && !expired.has(view.id)) {
        expired.add(view.id);
        promptRef.current(view, 'expired');
      }
    });
    api.files.list().then(
      (list) => {
        if (disposed) return;
        for (const view of list) if (view.direction === 'in' && view.state === 'offered') offered.add(view.id);
        for (const view of list) if (view.direction === 'in' && view.expired === true) expired.add(view.id);
        setState((current) => ({
          error: undefined,
          transfers: list.reduce(
            (held, view) =>
              held.some((item) => item.id === view.id && item.direction === view.direction)
                ? held
                : upsertTransfer(held, view),
            current.transfers,
          ),
        }));
      },
      (caught: unknown) => {
        if (!disposed) setState((current) => ({ ...current, error: describeError(caught) }));
      },
    );
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [api]);

  return state;
}
