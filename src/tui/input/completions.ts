/**
 * Tab completion's common ground (irssi/weechat habit: Tab cycles through the matches,
 * Shift+Tab goes back): what a completion is, how names match the word being typed, and how
 * one choice goes into the line. Pure. What completes where is the slash commands' business
 * (commands/completion.ts); file paths complete in path-completion.ts.
 */

/** What the text at the cursor could be completed to. */
export interface Completions {
  /** Where the text being completed starts and ends (UTF-16 indices in the line). */
  readonly start: number;
  readonly end: number;
  /** Replacements for line[start, end), best first; never empty. */
  readonly matches: readonly string[];
}

/** The names starting with `prefix` (any case), once each, sorted, each followed by `suffix`. */
export function matchNames(
  names: readonly string[],
  prefix: string,
  start: number,
  end: number,
  suffix: string,
): Completions | undefined {
  const lower = prefix.toLowerCase();
  const unique = [...new Set(names)].filter((name) => name.toLowerCase().startsWith(lower));
  unique.sort((a, b) => a.localeCompare(b));
  return unique.length === 0 ? undefined : { start, end, matches: unique.map((name) => name + suffix) };
}

/** The line and cursor after replacing the completed word with `matches[index]` (index wraps around). */
export function applyCompletion(
  line: string,
  completions: Completions,
  index: number,
): { text: string; cursor: number } {
  const count = completions.matches.length;
  const choice = completions.matches[((index % count) + count) % count] ?? '';
  const text = line.slice(0, completions.start) + choice + line.slice(completions.end);
  return { text, cursor: completions.start + choice.length };
}
