/**
 * Draws display lines (text/display-line.ts) one terminal row each, every segment in the
 * style its tone has in this pane; a segment with a link is drawn underlined, as an OSC 8
 * hyperlink (text/links.ts). Each pane brings its own {@link ToneStyles}: the same tone
 * reads differently on the help screen than in a conversation.
 */
import { Text } from 'ink';
import type { DisplayLine, Tone } from '../text/display-line.js';
import { hyperlink } from '../text/links.js';

/** How a tone is drawn. */
export interface ToneStyle {
  readonly color?: string;
  readonly dimColor?: boolean;
  readonly bold?: boolean;
}

/** A style for every tone. */
export type ToneStyles = Readonly<Record<Tone, ToneStyle>>;

/** Props of Lines. */
export interface LinesProps {
  readonly lines: readonly DisplayLine[];
  readonly styles: ToneStyles;
}

/** The lines, cut at the pane's edge. */
export function Lines({ lines, styles }: LinesProps) {
  return (
    <>
      {lines.map((line) => (
        <Text key={line.key} wrap="truncate">
          {line.segments.map((segment, index) =>
            segment.link === undefined ? (
              <Text key={index} {...styles[segment.tone]}>
                {segment.text}
              </Text>
            ) : (
              <Text key={index} {...styles[segment.tone]} color="blue" underline>
                {hyperlink(segment.link, segment.text)}
              </Text>
            ),
          )}
        </Text>
      ))}
    </>
  );
}
