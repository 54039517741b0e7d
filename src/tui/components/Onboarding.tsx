/**
 * First run: the user's name, then a passphrase typed twice (with a strength hint), then the
 * profile is created. A mismatch or a refused passphrase sends the user back to type it again.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { MAX_PASSPHRASE_CHARS, MAX_PROFILE_NAME_CHARS, MIN_PASSPHRASE_CHARS } from '../limits.js';
import { passphraseStrength, type StrengthLevel } from '../passphrase-strength.js';
import { describeError } from '../safe-node.js';
import { TextField } from './TextField.js';

/** Props of Onboarding. */
export interface OnboardingProps {
  /** Creates the profile; a rejection is shown and the user may try again. */
  readonly onCreate: (name: string, passphrase: string) => Promise<void>;
  readonly width: number;
}

type Step = 'name' | 'passphrase' | 'confirm' | 'creating';

const STRENGTH_COLOR: Readonly<Record<StrengthLevel, string>> = {
  'too short': 'red',
  weak: 'red',
  fair: 'yellow',
  strong: 'green',
};

/** Name, passphrase twice, then create the profile. */
export function Onboarding({ onCreate, width }: OnboardingProps) {
  const [step, setStep] = useState<Step>('name');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  /** Typing again clears the last complaint. */
  const changed =
    (set: (value: string) => void) =>
    (value: string): void => {
      set(value);
      setError(undefined);
    };
  const strength = passphraseStrength(passphrase);

  const submitName = (value: string): void => {
    if (value.trim() === '') {
      setError('Type a name (friends see it when you send them a contact request).');
      return;
    }
    setName(value.trim());
    setError(undefined);
    setStep('passphrase');
  };
  const submitPassphrase = (value: string): void => {
    if ([...value].length < MIN_PASSPHRASE_CHARS) {
      setError(`The passphrase must be at least ${MIN_PASSPHRASE_CHARS} characters long.`);
      return;
    }
    setError(undefined);
    setStep('confirm');
  };
  const submitConfirmation = (value: string): void => {
    if (value !== passphrase) {
      setError("The passphrases don't match. Type the passphrase again.");
      setPassphrase('');
      setConfirmation('');
      setStep('passphrase');
      return;
    }
    setError(undefined);
    setStep('creating');
    onCreate(name, passphrase).catch((caught: unknown) => {
      // Once the profile is written, a failed start says so itself (NodeStartError, cli/tui.ts).
      const started = caught instanceof Error && caught.name === 'NodeStartError';
      setError(started ? describeError(caught) : `Could not create the profile: ${describeError(caught)}`);
      setConfirmation('');
      setStep('confirm');
    });
  };

  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="cyan">
        Welcome to Burrow
      </Text>
      <Text wrap="wrap">
        A friend-to-friend messenger over Tor. First, create your profile; it stays encrypted on this computer.
      </Text>
      <Text> </Text>
      <TextField
        label="Your name: "
        value={name}
        onChange={changed(setName)}
        onSubmit={submitName}
        isActive={step === 'name'}
        maxLength={MAX_PROFILE_NAME_CHARS}
        width={width}
      />
      {step === 'name' ? <Text dimColor>Friends see it when you send them a contact request.</Text> : null}
      {step !== 'name' ? (
        <TextField
          label="Passphrase: "
          value={passphrase}
          onChange={changed(setPassphrase)}
          onSubmit={submitPassphrase}
          mask
          isActive={step === 'passphrase'}
          maxLength={MAX_PASSPHRASE_CHARS}
          width={width}
        />
      ) : null}
      {step === 'passphrase' ? (
        <Text wrap="wrap">
          <Text color={STRENGTH_COLOR[strength.level]}>Strength: {strength.level}.</Text>{' '}
          <Text dimColor>{strength.hint}</Text>
        </Text>
      ) : null}
      {step === 'confirm' || step === 'creating' ? (
        <TextField
          label="Passphrase again: "
          value={confirmation}
          onChange={changed(setConfirmation)}
          onSubmit={submitConfirmation}
          mask
          isActive={step === 'confirm'}
          maxLength={MAX_PASSPHRASE_CHARS}
          width={width}
        />
      ) : null}
      {step === 'creating' ? <Text color="yellow">Creating your profile and starting Tor…</Text> : null}
      {error === undefined ? null : (
        <Text color="red" wrap="wrap">
          {error}
        </Text>
      )}
      <Text> </Text>
      <Text dimColor>Enter continues · Ctrl+C quits</Text>
    </Box>
  );
}
