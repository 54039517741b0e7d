/**
 * Help text laid out for an 80-column terminal: a table of "name  description" rows whose
 * descriptions wrap under themselves, the layout `gh`, `rg` and `npm` use.
 */
export const HELP_WIDTH = 80;

/** Width of the flag column shared by the commands' option tables, so that they line up when joined. */
export const OPTION_COLUMN = 23;

/** Splits `text` into lines of at most `width` characters, breaking between words. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Rows of `[left, description]`, indented by 2. The description column starts after the
 * longest left part up to `maxLeft` characters (at least `minLeft`, to line up with another
 * table); a longer left part gets its description on the lines below.
 */
export function helpRows(rows: readonly (readonly [string, string])[], maxLeft = 30, minLeft = 0): string {
  const fitting = rows.map(([left]) => left.length).filter((length) => length <= maxLeft);
  const column = 2 + Math.max(minLeft, ...fitting) + 2;
  const out: string[] = [];
  for (const [left, description] of rows) {
    const wrapped = wrapWords(description, HELP_WIDTH - column);
    if (left.length > maxLeft) out.push(`  ${left}`);
    else out.push(`  ${left.padEnd(column - 4)}  ${wrapped.shift() ?? ''}`.trimEnd());
    for (const line of wrapped) out.push(' '.repeat(column) + line);
  }
  return out.join('\n');
}

/** A paragraph wrapped to the help width. */
export function helpParagraph(text: string): string {
  return wrapWords(text, HELP_WIDTH).join('\n');
}
