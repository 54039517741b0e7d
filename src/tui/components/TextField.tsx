/**
 * A one-line text field for the onboarding and unlock screens (name, passphrase): typing and
 * pasting append, Backspace deletes, Ctrl+U clears, Enter submits. A masked field shows one
 * bullet per character, never the text.
 */
import { Text } from 'ink';
import { useRef } from 'react';
import { isBackspace } from '../input/key-bindings.js';
import { cleanTypedText } from '../input/line-editor.js';
import { displayWidth, graphemes, truncateStart } from '../text/text-width.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';

/** Props of TextField. */
export interface TextFieldProps {
  /** Shown before the value. */
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onSubmit: (value: string) => void;
  /** Show bullets instead of the text (passphrases). */
  readonly mask?: boolean;
  /** Whether keys go to this field. */
  readonly isActive?: boolean;
  /** Longest value accepted, in characters. */
  readonly maxLength: number;
  /** Columns available for the whole line. */
  readonly width: number;
}

/** A one-line (optionally masked) text field. */
export function TextField({
  label,
  value,
  onChange,
  onSubmit,
  mask = false,
  isActive = true,
  maxLength,
  width,
}: TextFieldProps) {
  // Keys can arrive faster than renders: each one builds on the value the previous one made.
  const current = useRef(value);
  current.current = value;
  const change = (next: string): void => {
    current.current = next;
    onChange(next);
  };
  const append = (raw: string): void => {
    // Newlines have no place in a one-line field (a pasted line often ends with one).
    const typed = cleanTypedText(raw).replaceAll('\n', '');
    change([...(current.current + typed)].slice(0, maxLength).join(''));
  };
  useKeyHandler(
    (event) => {
      if (event.kind === 'paste') {
        append(event.text);
        return;
      }
      const { input, key } = event;
      if (key.return) {
        onSubmit(current.current);
      } else if (isBackspace(key)) {
        change(graphemes(current.current).slice(0, -1).join(''));
      } else if (key.ctrl && input === 'u') {
        change('');
      } else if (input !== '' && !key.ctrl && !key.meta) {
        append(input);
      }
    },
    { isActive },
  );
  const shown = mask ? '•'.repeat(graphemes(value).length) : value;
  const room = Math.max(1, width - displayWidth(label) - 1);
  return (
    <Text wrap="truncate">
      <Text bold>{label}</Text>
      {truncateStart(shown, room)}
      {isActive ? <Text inverse> </Text> : null}
    </Text>
  );
}
