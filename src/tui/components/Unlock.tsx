/**
 * Later runs: the passphrase unlocks the profile. A wrong one says so and the user types it
 * again; any other failure is shown as it is.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { isWrongPassphrase } from '../boot.js';
import { MAX_PASSPHRASE_CHARS } from '../limits.js';
import { describeError } from '../safe-node.js';
import { TextField } from './TextField.js';

/** Props of Unlock. */
export interface UnlockProps {
  /** Unlocks; a rejection is shown and the user may try again. */
  readonly onUnlock: (passphrase: string) => Promise<void>;
  readonly width: number;
}

/** The passphrase prompt of later runs. */
export function Unlock({ onUnlock, width }: UnlockProps) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [failures, setFailures] = useState(0);

  const submit = (value: string): void => {
    if (value === '' || busy) return;
    setBusy(true);
    setError(undefined);
    onUnlock(value).catch((caught: unknown) => {
      setBusy(false);
      setPassphrase('');
      if (isWrongPassphrase(caught)) {
        setFailures((count) => count + 1);
        setError('Wrong passphrase. Try again.');
      } else {
        setError(`Could not unlock the profile: ${describeError(caught)}`);
      }
    });
  };

  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="cyan">
        Burrow
      </Text>
      <Text> </Text>
      <TextField
        label="Passphrase: "
        value={passphrase}
        onChange={setPassphrase}
        onSubmit={submit}
        mask
        isActive={!busy}
        maxLength={MAX_PASSPHRASE_CHARS}
        width={width}
      />
      {busy ? <Text color="yellow">Unlocking…</Text> : null}
      {error === undefined ? null : (
        <Text color="red" wrap="wrap">
          {error}
          {failures > 1 ? ` (${failures} wrong tries)` : ''}
        </Text>
      )}
      <Text> </Text>
      <Text dimColor>Enter unlocks · Ctrl+C quits</Text>
    </Box>
  );
}
