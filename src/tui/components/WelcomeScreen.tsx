/**
 * Right after the profile is created: the new onion address, prominently, with its QR code
 * and a key to copy it, before the main screen.
 */
import { useEffect, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import { AddressCard } from './AddressCard.js';
import type { TerminalEffects } from '../terminal-sequences.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';

/** Props of WelcomeScreen. */
export interface WelcomeScreenProps {
  readonly api: NodeApi;
  readonly effects: TerminalEffects;
  /** Enter: on to the main screen. */
  readonly onContinue: () => void;
  readonly width: number;
  readonly height: number;
}

/** The line shown after a copy (shared with the main screen's address card). */
export const COPIED_NOTICE = 'Copied to the clipboard (if your terminal allows OSC 52; else select the address above).';

/** The new address after profile creation; Enter goes on. */
export function WelcomeScreen({ api, effects, onContinue, width, height }: WelcomeScreenProps) {
  const [onion, setOnion] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  useEffect(() => {
    let disposed = false;
    api.status().then(
      (status) => {
        if (!disposed) setOnion(status.onion);
      },
      () => {
        if (!disposed) setNotice('Could not read the address yet: Alt+A on the main screen shows it.');
      },
    );
    return () => {
      disposed = true;
    };
  }, [api]);
  useKeyHandler((event) => {
    if (event.kind !== 'key') return;
    if (event.key.return || event.key.escape) onContinue();
    else if (event.input === 'c' && onion !== undefined) {
      effects.copyToClipboard(`${onion}.onion`);
      setNotice(COPIED_NOTICE);
    }
  });
  return (
    <AddressCard
      onion={onion}
      width={width}
      height={height}
      keys="c copies the address · Enter continues · Ctrl+C quits"
      notice={notice}
    />
  );
}
