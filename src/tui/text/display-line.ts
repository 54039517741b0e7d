/**
 * The line model every pane draws (conversations, the help screen, the transfers view):
 * lines already wrapped to the pane's width, each a run of segments in named tones that the
 * pane maps to colours (components/Lines.tsx).
 */

/**
 * How a piece of a line is drawn. 'mark-read' is the read receipt (✓✓ in blue); 'flag' is
 * what asks for a second look: a group member who is not a friend, an admin's star, a failed
 * transfer.
 */
export type Tone = 'time' | 'mark' | 'mark-read' | 'flag' | 'me' | 'peer' | 'text' | 'separator';

/** A run of text in one style. */
export interface Segment {
  readonly text: string;
  readonly tone: Tone;
  /** Drawn as a hyperlink to this target (text/links.ts), underlined. */
  readonly link?: string;
}

/** One terminal line of a pane, already wrapped to its width. */
export interface DisplayLine {
  /** Stable across renders (React key). */
  readonly key: string;
  readonly segments: readonly Segment[];
}
