/**
 * The help screen's text, built from the key table and the command objects themselves, so
 * that every key and every command is listed (input/key-bindings.ts, commands/registry.ts):
 * a command with more to say (the /group subcommands, the transfers view's keys, the
 * settings) brings a section of its own.
 */
import type { HelpRow } from './commands/command.js';
import { COMMANDS } from './commands/registry.js';
import { DELIVERY_MARKS } from './conversation/history-item.js';
import type { DisplayLine, Tone } from './text/display-line.js';
import { KEY_BINDINGS } from './input/key-bindings.js';
import { displayWidth, padToWidth, wrapText } from './text/text-width.js';
import { RELAY_MARKS_LEGEND } from './conversation/relay-marks.js';

function section(title: string, rows: readonly HelpRow[], width: number): DisplayLine[] {
  const leftWidth = Math.min(Math.max(...rows.map((row) => displayWidth(row.left))), Math.floor(width * 0.45));
  const rightWidth = Math.max(1, width - leftWidth - 4);
  const lines: DisplayLine[] = [{ key: `${title}-title`, segments: [{ text: title, tone: 'me' }] }];
  rows.forEach((row, rowIndex) => {
    const leftLines = wrapText(row.left, leftWidth);
    const rightLines = wrapText(row.right, rightWidth);
    const count = Math.max(leftLines.length, rightLines.length);
    for (let index = 0; index < count; index++) {
      const segments: { text: string; tone: Tone }[] = [
        { text: '  ' + padToWidth(leftLines[index] ?? '', leftWidth) + '  ', tone: 'peer' },
        { text: rightLines[index] ?? '', tone: 'text' },
      ];
      lines.push({ key: `${title}-${rowIndex}-${index}`, segments });
    }
  });
  lines.push({ key: `${title}-end`, segments: [{ text: '', tone: 'text' }] });
  return lines;
}

/** Every line of the help screen at `width` columns. */
export function helpLines(width: number): DisplayLine[] {
  return [
    ...section(
      'Keys',
      KEY_BINDINGS.map((binding) => ({ left: binding.keys, right: binding.does })),
      width,
    ),
    ...section(
      'Commands',
      COMMANDS.map((command) => ({ left: command.help.usage, right: command.help.summary })),
      width,
    ),
    ...COMMANDS.flatMap((command) =>
      command.help.section === undefined ? [] : section(command.help.section.title, command.help.section.rows, width),
    ),
    ...section(
      'Marks',
      [
        {
          left: `${DELIVERY_MARKS.sending.trim()} ${DELIVERY_MARKS.sent.trim()} ${DELIVERY_MARKS.delivered}`,
          right: 'sending, sent, delivered (✓✓ in blue: read)',
        },
        RELAY_MARKS_LEGEND,
        { left: '● ○', right: 'friend connected, not connected' },
        { left: '? … ⊘', right: 'contact request to answer, waiting for them to accept, blocked' },
        { left: '# ★', right: 'a group; an admin of the group (/group members)' },
        {
          left: 'name·abcd',
          right: 'a group member who is not your friend: the name is theirs to choose, abcd starts their address',
        },
      ],
      width,
    ),
  ];
}
